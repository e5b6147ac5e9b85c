import type { ApiStatus } from '../../shared/contracts/organization.contract'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'

/** What a handler gets besides its input: the engine and who is calling. */
export interface RpcContext {
  engine: Engine
  actor: Actor
  /** Serve mode: the signed-in browser session making the call (the desktop app has none). */
  sessionId?: number
  /** The local API's base URL right now, or null when it is not running. */
  apiUrl?: () => string | null
  /** Desktop only: why the API is not where its settings put it (a taken port, a failed start). */
  apiStatus?: () => ApiStatus
  /** Desktop only: the native save dialog; resolves null when the user cancels. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>
}
