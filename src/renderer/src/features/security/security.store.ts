import { create } from 'zustand'
import type { BackupResult, LeakFinding } from '../../../../shared/contracts/security.contract'
import { RpcError, call } from '../../lib/ipc'

export interface SecurityState {
  scanning: boolean
  findings: LeakFinding[] | null
  scanError: string | null
  backingUp: boolean
  lastBackup: BackupResult | null
  backupError: string | null
}

export const initialSecurityState: SecurityState = {
  scanning: false,
  findings: null,
  scanError: null,
  backingUp: false,
  lastBackup: null,
  backupError: null,
}

interface SecurityActions {
  /** Scans text for tokens; the text itself is never kept in the store. */
  scan(text: string): Promise<void>
  clearScan(): void
  /**
   * Desktop: backs up where the main process's save dialog says. Null when it failed or the
   * user cancelled the dialog. (A browser downloads the backup instead.)
   */
  backup(): Promise<BackupResult | null>
  reset(): void
}

const message = (err: unknown) => (err instanceof RpcError ? err.message : String(err))

export const useSecurityStore = create<SecurityState & SecurityActions>()((set) => ({
  ...initialSecurityState,
  scan: async (text) => {
    set({ scanning: true, scanError: null })
    try {
      set({ findings: await call('security:scanTokens', { text }), scanning: false })
    } catch (err) {
      set({ scanError: message(err), scanning: false })
    }
  },
  clearScan: () => set({ findings: null, scanError: null }),
  backup: async () => {
    set({ backingUp: true, backupError: null })
    try {
      const result = await call('backup:create', {})
      if (result.cancelled) {
        set({ backingUp: false })
        return null
      }
      const done = { path: result.path, bytes: result.bytes, ms: result.ms }
      set({ lastBackup: done, backingUp: false })
      return done
    } catch (err) {
      set({ backupError: message(err), backingUp: false })
      return null
    }
  },
  reset: () => set(initialSecurityState),
}))

export const selectFindings = (s: SecurityState) => s.findings
