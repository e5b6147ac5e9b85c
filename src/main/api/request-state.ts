import type { RefusalReason } from '../engine/activity/refusals'
import type { CredentialOwner, Principal, TokenFailure } from '../engine/tokens.service'

/** What the hooks learn about a request, read back by the activity recorder in onSend. */
export interface RequestState {
  startedAt: bigint
  principal: Principal | null
  /** Why authentication failed, when it did (recorded in the entry's details). */
  authFailure: TokenFailure | 'missing' | null
  projectId: number | null
  workspaceId: number | null
  /** For entries without a principal (a refused sign-in): who it was about. */
  actorId: number | null
  actorEmail: string | null
  /**
   * Whose refused credential it was (revoked, expired, deleted, deactivated): the entry names
   * that account and token, while the request stays refused and summarized like any refusal.
   */
  credentialOwner: CredentialOwner | null
  details: Record<string, unknown>
  /**
   * Set when the request was refused before it was served (a guard or authentication): such
   * refusals are summarized per source and minute instead of written one by one.
   */
  refusal: RefusalReason | null
}

declare module 'fastify' {
  interface FastifyRequest {
    tessera: RequestState
  }
  interface FastifyContextConfig {
    /** Served without credentials (health, version, schema, sign-in, token refresh). */
    public?: boolean
    /** Reads an urlencoded form body (Label Studio's sign-in form); every other route is JSON. */
    form?: boolean
    /**
     * The JSON body reaches the handler as its text, unparsed (a large import parses it in
     * chunks that yield to the event loop).
     */
    rawJson?: boolean
    /** One line for the OpenAPI document at /api/schema/. */
    summary?: string
  }
}

export function freshState(): RequestState {
  return {
    startedAt: process.hrtime.bigint(),
    principal: null,
    authFailure: null,
    projectId: null,
    workspaceId: null,
    actorId: null,
    actorEmail: null,
    credentialOwner: null,
    details: {},
    refusal: null,
  }
}
