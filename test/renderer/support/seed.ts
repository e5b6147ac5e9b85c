import type { TestEngine } from '../../support/engine'

/** Raises the service-account quota by `extra` through a request the Owner approves. */
export async function raiseQuota(t: TestEngine, extra: number): Promise<void> {
  const r = await t.value('quota:request', { count: extra, reason: 'tests' })
  await t.value('quota:approve', { id: r.id })
}

/** A workspace "Labeling" holding a project "Cats", plus a loose project "Dogs". */
export async function seedTargets(t: TestEngine) {
  const ws = await t.value('workspaces:create', { title: 'Labeling' })
  const cats = await t.value('projects:create', { title: 'Cats', workspaceId: ws.id })
  const dogs = await t.value('projects:create', { title: 'Dogs' })
  return { ws, cats, dogs }
}
