import type { Db } from '../../../src/main/db/open'
import { makeEngine, type TestEngine } from '../../support/engine'

/**
 * A small organization with work written straight into the tables, the way the API's services
 * leave it: one workspace with two projects, two people and one service account.
 */
export interface Fixture {
  t: TestEngine
  db: Db
  org: number
  ann: number
  rev: number
  bot: number
  ws: number
  p1: number
  p2: number
  task: (project?: number) => number
  annotation: (o: {
    by: number
    at: number
    project?: number
    cancelled?: boolean
    lead?: number | null
  }) => number
  review: (o: {
    of: number
    by: number
    at: number
    action: 'accepted' | 'rejected' | 'fixed_accepted'
    agreement?: number | null
    lead?: number | null
  }) => void
  request: (o: {
    by: number | null
    at: number
    method?: string
    url?: string
    status?: number
    ms?: number | null
    project?: number | null
  }) => void
}

export async function fixture(t: TestEngine = makeEngine()): Promise<Fixture> {
  const db = t.db
  const org = t.owner.organizationId
  const ann = (
    await t.value('members:addPerson', {
      email: 'ann@acme.test',
      firstName: 'Ann',
      lastName: 'Lee',
      role: 'AN',
    })
  ).userId
  const rev = (
    await t.value('members:addPerson', {
      email: 'rev@acme.test',
      firstName: 'Rae',
      lastName: 'View',
      role: 'RE',
    })
  ).userId
  const ws = (await t.value('workspaces:create', { title: 'Imaging' })).id
  const p1 = (await t.value('projects:create', { title: 'Cells', workspaceId: ws })).id
  const p2 = (await t.value('projects:create', { title: 'Loose' })).id
  const bot = (
    await t.value('serviceAccounts:create', { name: 'ingest-bot', role: 'AN', projectIds: [p1] })
  ).account.userId

  const insTask = db.prepare(
    `INSERT INTO tasks (project_id, data, created_at, updated_at) VALUES (?, '{}', 0, 0)`,
  )
  const insAnn = db.prepare(
    `INSERT INTO annotations (task_id, project_id, organization_id, completed_by, was_cancelled, lead_time, created_at, updated_at)
     VALUES (@task, @project, @org, @by, @cancelled, @lead, @at, @at)`,
  )
  const insRev = db.prepare(
    `INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action, agreement, lead_time, created_at)
     SELECT id, project_id, organization_id, @by, @action, @agreement, @lead, @at FROM annotations WHERE id = @of`,
  )
  const task = (project = p1) => Number(insTask.run(project).lastInsertRowid)
  return {
    t,
    db,
    org,
    ann,
    rev,
    bot,
    ws,
    p1,
    p2,
    task,
    annotation: (o) => {
      const project = o.project ?? p1
      return Number(
        insAnn.run({
          task: task(project),
          project,
          org,
          by: o.by,
          cancelled: o.cancelled ? 1 : 0,
          lead: o.lead === undefined ? 10 : o.lead,
          at: o.at,
        }).lastInsertRowid,
      )
    },
    review: (o) =>
      void insRev.run({
        of: o.of,
        by: o.by,
        action: o.action,
        agreement: o.agreement ?? null,
        lead: o.lead ?? null,
        at: o.at,
      }),
    request: (o) =>
      void t.engine.activity.api({
        organization_id: org,
        actor_id: o.by,
        actor_email: null,
        token_id: null,
        ip: '127.0.0.1',
        user_agent: 'test',
        method: o.method ?? 'GET',
        url: o.url ?? '/api/projects/',
        status: o.status ?? 200,
        duration_ms: o.ms === undefined ? 10 : o.ms,
        project_id: o.project ?? null,
        workspace_id: null,
        details: null,
        ts: o.at,
      }),
  }
}
