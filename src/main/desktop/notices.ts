import type { ApiStatus } from '../../shared/contracts/organization.contract'

/** The words of the "port taken" notice, or null when the API is where it was asked to be. */
export function portMovedNotice(status: ApiStatus): { title: string; body: string } | null {
  if (status.movedFrom === undefined || !status.url) return null
  return {
    title: 'The local API moved to another port',
    body: `Port ${status.movedFrom} was taken by another program, so the local API is serving at ${status.url}. Point your scripts there, or free the port and restart Tessera.`,
  }
}
