/// <reference types="node" />
// In the desktop app every file is saved through the native save dialog of the main process:
// no typed path, no browser download. Here the real dispatcher over an engine on a temporary
// file stands behind the renderer, with a fake dialog, and `window.api` marks the desktop app.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { notifications } from '@mantine/notifications'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { PerformancePage } from '../../../src/renderer/src/features/performance/PerformancePage'
import { usePerformanceStore } from '../../../src/renderer/src/features/performance/performance.store'
import { SecurityPanel } from '../../../src/renderer/src/features/security/SecurityPanel'
import { useSecurityStore } from '../../../src/renderer/src/features/security/security.store'
import { isDesktopApp, setTransport, type Transport } from '../../../src/renderer/src/lib/ipc'
import { makeEngine, type TestEngine } from '../../support/engine'

let dir = ''
let t: TestEngine
let answer: string | null = null
const choose = vi.fn(async (_name: string) => answer)
const createObjectURL = vi.fn(() => 'blob:x')

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-desktop-ui-'))
  t = makeEngine(join(dir, 'tessera.db'))
  const dispatch = createDispatcher({ log: () => {} })
  const transport: Transport = {
    invoke: (channel, input) =>
      dispatch(channel, input, { engine: t.engine, actor: t.owner, chooseSavePath: choose }),
    on: () => () => {},
  }
  setTransport(transport)
  // What the preload exposes in the desktop app; calls still go through the transport above.
  ;(window as unknown as { api?: unknown }).api = {}
  URL.createObjectURL = createObjectURL
  URL.revokeObjectURL = vi.fn()
  choose.mockClear()
  createObjectURL.mockClear()
  useSecurityStore.getState().reset()
  usePerformanceStore.getState().reset()
})
afterEach(() => {
  // Toasts live in a module-level store: one test's "Saved …" must not leak into the next.
  act(() => notifications.clean())
  setTransport(null)
  delete (window as unknown as { api?: unknown }).api
  t.close()
  rmSync(dir, { recursive: true, force: true })
})

function panel() {
  render(
    <AppProviders>
      <SecurityPanel />
    </AppProviders>,
  )
}

describe('saving files in the desktop app', () => {
  it('is detected from the preload bridge', () => {
    expect(isDesktopApp()).toBe(true)
    delete (window as unknown as { api?: unknown }).api
    expect(isDesktopApp()).toBe(false)
  })

  it('backs up through the save dialog, with no path field', async () => {
    const user = userEvent.setup()
    answer = join(dir, 'chosen.db')
    panel()
    expect(screen.queryByLabelText(/Backup file/)).toBeNull()
    expect(screen.queryByRole('textbox')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Back up now…' }))
    expect(await screen.findByText('Backup complete')).toBeInTheDocument()
    expect(choose).toHaveBeenCalledWith(
      expect.stringMatching(/^tessera-backup-\d{4}-\d\d-\d\d\.db$/),
    )
    expect(existsSync(answer)).toBe(true)
    // No command line in the desktop app's words.
    expect(screen.queryByText(/tessera restore/)).toBeNull()
  })

  it('says nothing and makes nothing when the dialog is cancelled', async () => {
    const user = userEvent.setup()
    answer = null
    panel()
    await user.click(screen.getByRole('button', { name: 'Back up now…' }))
    await waitFor(() => expect(useSecurityStore.getState().backingUp).toBe(false))
    expect(choose).toHaveBeenCalledTimes(1)
    expect(screen.queryByText('Backup complete')).toBeNull()
    expect(screen.queryByText('The backup was not made')).toBeNull()
    expect(screen.queryByText(/Backed up to/)).toBeNull()
  })

  it('saves the credential report where the dialog says, without a download', async () => {
    const user = userEvent.setup()
    answer = join(dir, 'report.csv')
    panel()
    await user.click(screen.getByRole('button', { name: 'Save credential report…' }))
    expect(await screen.findByText(`Saved ${answer}`)).toBeInTheDocument()
    expect(readFileSync(answer, 'utf8')).toMatch(/^name,user_id,role/)
    expect(createObjectURL).not.toHaveBeenCalled()
  })

  it('saves the performance export where the dialog says, without a download', async () => {
    const user = userEvent.setup()
    answer = join(dir, 'perf.csv')
    render(
      <AppProviders env="test">
        <MemoryRouter initialEntries={['/performance']}>
          <PerformancePage />
        </MemoryRouter>
      </AppProviders>,
    )
    const button = await screen.findByRole('button', { name: 'Save CSV…' })
    await waitFor(() => expect(button).toBeEnabled())
    await user.click(button)
    expect(await screen.findByText(`Saved ${answer}`)).toBeInTheDocument()
    expect(readFileSync(answer, 'utf8')).toContain('Member,')
    expect(choose).toHaveBeenCalledWith(expect.stringMatching(/^performance_.*\.csv$/))
    expect(createObjectURL).not.toHaveBeenCalled()
  })
})

describe('saving files in a browser (serve mode)', () => {
  it('offers downloads only: no path field, no save dialog', () => {
    delete (window as unknown as { api?: unknown }).api
    panel()
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(screen.queryByLabelText(/Backup file|path/i)).toBeNull()
    expect(screen.getByRole('button', { name: 'Download backup' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Download credential report' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /…$/ })).toBeNull()
  })
})
