import type { TestEngine } from '../../support/engine'

/** Raises the service-account quota the way an organization does: request, Owner approves. */
export async function raiseQuota(t: TestEngine, count: number): Promise<void> {
  let left = count
  while (left > 0) {
    const n = Math.min(left, 100)
    const r = await t.value('quota:request', { count: n, reason: 'tests need accounts' })
    await t.value('quota:approve', { id: r.id })
    left -= n
  }
}

/** A workspace with one project in it, and a project outside any workspace. */
export async function layout(t: TestEngine) {
  const ws = await t.value('workspaces:create', { title: 'Medical' })
  const ws2 = await t.value('workspaces:create', { title: 'Legal' })
  const inWs = await t.value('projects:create', { title: 'X-rays', workspaceId: ws.id })
  const loose = await t.value('projects:create', { title: 'Contracts' })
  return { ws, ws2, inWs, loose }
}

/** An Administrator who is not the Owner, as an actor. */
export async function addAdmin(t: TestEngine, email = 'admin@acme.test') {
  const m = await t.value('members:addPerson', { email, role: 'AD' })
  return { userId: m.userId, organizationId: t.owner.organizationId }
}

/** Admin activity entries, oldest first, details parsed. */
export function adminEntries(t: TestEngine) {
  return t.db
    .prepare<
      [],
      {
        id: number
        actor_id: number
        actor_email: string
        action: string
        target_user_id: number | null
        workspace_id: number | null
        project_id: number | null
        details: string | null
      }
    >(
      `SELECT id, actor_id, actor_email, action, target_user_id, workspace_id, project_id, details
         FROM activity_entries WHERE kind = 'admin' ORDER BY id`,
    )
    .all()
    .map((e) => ({
      ...e,
      details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null,
    }))
}

/** Runs `fn` and returns the admin entries it wrote. */
export async function entriesOf(t: TestEngine, fn: () => Promise<unknown>) {
  const before = adminEntries(t).length
  await fn()
  return adminEntries(t).slice(before)
}

/** Asserts a refused call and returns its error, for further checks. */
export function refused(
  r:
    | { ok: true }
    | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } },
  code: string,
  field?: string,
) {
  if (r.ok) throw new Error(`expected ${code}, got success`)
  if (r.error.code !== code)
    throw new Error(`expected ${code}, got ${r.error.code}: ${r.error.message}`)
  if (field !== undefined && r.error.details?.field !== field) {
    throw new Error(
      `expected field ${field}, got ${String(r.error.details?.field)} (${r.error.message})`,
    )
  }
  if (!r.error.message) throw new Error('refusal without a message')
  return r.error
}
