import type { EntryNames } from '../../../shared/contracts/activity.contract'
import type { Repos } from '../../db/repos'

export interface EntryIds {
  tokenId: number | null
  projectId: number | null
  workspaceId: number | null
}

/**
 * What an entry's ids name today, for the detail panel: the token's display form and owner,
 * the project's and workspace's titles. Something gone (or of another organization) is null.
 */
export function entryNames(repos: Pick<Repos, 'apiTokens' | 'projects' | 'workspaces'>) {
  return (orgId: number, ids: EntryIds): EntryNames => {
    const ours = <T extends { organization_id: number }>(row: T | undefined) =>
      row && row.organization_id === orgId ? row : undefined
    const t = ids.tokenId === null ? undefined : ours(repos.apiTokens.get(ids.tokenId))
    const p = ids.projectId === null ? undefined : ours(repos.projects.get(ids.projectId))
    const w = ids.workspaceId === null ? undefined : ours(repos.workspaces.get(ids.workspaceId))
    return {
      token: t ? { id: t.id, display: t.display, userId: t.user_id } : null,
      project: p ? { id: p.id, title: p.title } : null,
      workspace: w ? { id: w.id, title: w.title } : null,
    }
  }
}
