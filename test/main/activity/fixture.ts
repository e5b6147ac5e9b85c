import type { ApiEntry } from '../../../src/main/engine/activity/recorder'
import { T0, makeEngine, type TestEngine } from '../../support/engine'

export const MIN = 60_000
/** Users of the fixture (activity rows carry no foreign keys, so plain numbers do). */
export const SA1 = 101
export const SA2 = 102
export const HUMAN = 103

export function api(t: TestEngine, e: Partial<ApiEntry> & { ts: number }): number {
  return t.engine.activity.api({
    organization_id: t.owner.organizationId,
    actor_id: SA1,
    actor_email: 'sa1@service.local',
    token_id: 11,
    ip: '127.0.0.1',
    user_agent: 'curl/8',
    method: 'GET',
    url: '/api/projects/',
    status: 200,
    duration_ms: 3,
    project_id: null,
    workspace_id: null,
    details: null,
    ...e,
  })
}

/**
 * The hand-checked fixture: entry 1 is the organization's creation (admin, by the owner, at
 * T0); entries 2–11 below, one minute apart. Expected results in the tests are written out by
 * hand from this table.
 */
export function fixture(): TestEngine & { ids: Record<string, number> } {
  const t = makeEngine()
  const at = (m: number) => T0 + m * MIN
  const ids: Record<string, number> = {}
  ids.list = api(t, { ts: at(1), url: '/api/projects/?page=1' })
  ids.import = api(t, {
    ts: at(2),
    method: 'POST',
    url: '/api/projects/3/import',
    status: 201,
    project_id: 3,
    workspace_id: 1,
  })
  ids.whoami = api(t, {
    ts: at(3),
    actor_id: HUMAN,
    actor_email: 'ann@acme.test',
    token_id: 13,
    url: '/api/current-user/whoami',
  })
  ids.del = api(t, {
    ts: at(4),
    method: 'DELETE',
    url: '/api/tasks/9',
    status: 404,
    project_id: 3,
    workspace_id: 1,
  })
  t.clock.set(at(5))
  ids.role = t.engine.activity.admin(t.owner, {
    action: 'service_account.change_role',
    targetUserId: SA1,
    details: { role: 'AN' },
  })
  ids.patch = api(t, {
    ts: at(6),
    actor_id: SA2,
    actor_email: 'sa2@service.local',
    token_id: 12,
    method: 'PATCH',
    url: '/api/projects/4?title=a,b "q"',
    status: 500,
    project_id: 4,
    workspace_id: 2,
  })
  ids.redirect = api(t, {
    ts: at(7),
    url: '/api/projects/3/import?page=2',
    status: 302,
    project_id: 3,
    workspace_id: 1,
  })
  ids.sa2import = api(t, {
    ts: at(8),
    actor_id: SA2,
    actor_email: 'sa2@service.local',
    token_id: 12,
    method: 'POST',
    url: '/api/projects/4/import',
    status: 201,
    project_id: 4,
    workspace_id: 2,
  })
  t.clock.set(at(9))
  ids.reset = t.engine.activity.admin(t.owner, {
    action: 'service_account.reset_token',
    targetUserId: SA2,
  })
  ids.unicode = api(t, {
    ts: at(10),
    actor_id: HUMAN,
    actor_email: 'ann@acme.test',
    token_id: 13,
    url: '/api/projects/?search=Ünïcødé_100%',
    status: 403,
  })
  return { ...t, ids }
}
