import type { ActivityRecorder } from '../activity/recorder'
import type { EngineDeps } from '../deps'

const HOUR = 3_600_000
const DAY = 24 * HOUR

interface Actor {
  id: number
  email: string
  kind: 'human' | 'service'
  role: string
  name: string
  token: number | null
  projects: number[]
}

type Event = { at: number; run: () => void }

/** A small seeded generator: the same demo every time, so screenshots and docs stay true. */
function prng(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** Long-tailed durations (log-normal around `median`). */
    tail: (median: number, spread = 0.6) =>
      median *
      Math.exp(spread * Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next())),
  }
}

/**
 * Adds `days` of realistic work before `now` to the demo organization: people annotating in
 * working hours, the labeling bot around the clock through the API, reviews by people and by
 * the QA service account (accept, reject and re-review, fix+accept with agreement), daily
 * imports with predictions by the vision pipeline, membership syncs by the directory account,
 * and one activity entry per API request, written in time order through the recorder so the
 * log's hash chain is valid. Tasks, annotations, reviews and predictions are inserted with
 * their historical times (the services stamp "now").
 */
export function generateDemoWork(
  deps: EngineDeps,
  activity: ActivityRecorder,
  opts: { days: number; now: number },
): void {
  const db = deps.db
  const rnd = prng(20260115)
  const org = (
    db.prepare('SELECT id FROM organizations ORDER BY id LIMIT 1').get() as { id: number }
  ).id
  const allProjects = (
    db.prepare('SELECT id FROM projects WHERE organization_id = ? ORDER BY id').all(org) as {
      id: number
    }[]
  ).map((p) => p.id)
  if (!allProjects.length) return
  const actors = (
    db
      .prepare(
        `SELECT u.id, u.email, u.kind, m.role, coalesce(sa.name, u.first_name) AS name,
           (SELECT max(t.id) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS token
         FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN service_accounts sa ON sa.user_id = u.id
         WHERE m.organization_id = ? AND m.deleted_at IS NULL ORDER BY u.id`,
      )
      .all(org) as Omit<Actor, 'projects'>[]
  ).map((a): Actor => {
    const own = db
      .prepare(
        `SELECT project_id AS id FROM project_members WHERE user_id = @u
         UNION SELECT p.id FROM projects p JOIN workspace_members w ON w.workspace_id = p.workspace_id WHERE w.user_id = @u`,
      )
      .all({ u: a.id }) as { id: number }[]
    return { ...a, projects: own.length && a.role !== 'AD' ? own.map((p) => p.id) : allProjects }
  })
  const humans = actors.filter((a) => a.kind === 'human')
  const annotators = [
    ...humans.filter((a) => a.role === 'AN'),
    ...actors.filter((a) => a.kind === 'service' && a.role === 'AN'),
  ]
  const reviewers = actors.filter((a) => a.role === 'RE')
  const pipeline = actors.find((a) => a.kind === 'service' && a.role === 'MA')
  const sync = actors.find((a) => a.kind === 'service' && a.role === 'AD')

  const insTask = db.prepare(
    `INSERT INTO tasks (project_id, data, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  )
  const insAnn = db.prepare(
    `INSERT INTO annotations (task_id, project_id, organization_id, completed_by, result, was_cancelled, lead_time, created_at, updated_at)
     VALUES (?, ?, ?, ?, '[]', ?, ?, ?, ?)`,
  )
  const insRev = db.prepare(
    `INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action, agreement, lead_time, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insPred = db.prepare(
    `INSERT INTO predictions (task_id, project_id, result, score, model_version, created_by, created_at, updated_at)
     VALUES (?, ?, '[]', ?, 'yolo-v8-demo', ?, ?, ?)`,
  )
  const tasksOf = new Map<number, number[]>()
  for (const p of allProjects) {
    tasksOf.set(
      p,
      (db.prepare('SELECT id FROM tasks WHERE project_id = ?').all(p) as { id: number }[]).map(
        (t) => t.id,
      ),
    )
  }
  const lastUsed = new Map<number, number>()
  const request = (
    a: Actor,
    at: number,
    method: string,
    url: string,
    status: number,
    median: number,
    project: number | null,
  ) => {
    activity.api({
      organization_id: org,
      actor_id: a.id,
      actor_email: a.email,
      token_id: a.kind === 'service' ? a.token : null,
      ip: a.kind === 'service' ? '10.0.0.' + (a.id % 250) : '127.0.0.1',
      user_agent: a.kind === 'service' ? 'label-studio-sdk/1.0.8' : 'Mozilla/5.0',
      method,
      url,
      status,
      duration_ms:
        Math.round(Math.max(0.3, rnd.tail(status >= 500 ? median * 8 : median)) * 100) / 100,
      project_id: project,
      workspace_id: null,
      details: null,
      ts: at,
    })
    if (a.token) lastUsed.set(a.token, at)
  }
  const fail = () =>
    rnd.next() < 0.03 ? rnd.pick([400, 403, 404, 404, 409]) : rnd.next() < 0.005 ? 500 : 0

  const events: Event[] = []
  let draining = -1
  const at = (t: number, run: () => void) => {
    if (t >= opts.now) return
    if (draining < 0) return void events.push({ at: t, run })
    let lo = draining + 1
    let hi = events.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (events[mid]!.at <= t) lo = mid + 1
      else hi = mid
    }
    events.splice(lo, 0, { at: t, run })
  }
  const start = opts.now - opts.days * DAY
  const annotate = (a: Actor, t: number, lead: number) => {
    const project = rnd.pick(a.projects)
    const api = a.kind === 'service'
    // A bot lists tasks, then posts its annotation two seconds later.
    if (api)
      at(t - 2000, () =>
        request(
          a,
          t - 2000,
          'GET',
          `/api/projects/${project}/tasks/?page=${rnd.int(1, 9)}`,
          200,
          18,
          project,
        ),
      )
    at(t, () => {
      let tasks = tasksOf.get(project)!
      if (!tasks.length || rnd.next() < 0.3) {
        tasks = [
          ...tasks,
          Number(
            insTask.run(project, JSON.stringify({ text: `Item ${t}` }), a.id, t - HOUR, t - HOUR)
              .lastInsertRowid,
          ),
        ]
        tasksOf.set(project, tasks)
      }
      const task = rnd.pick(tasks)
      const err = api ? fail() : 0
      if (err) return request(a, t, 'POST', `/api/tasks/${task}/annotations/`, err, 12, project)
      const skipped = rnd.next() < 0.04 ? 1 : 0
      const id = Number(
        insAnn.run(task, project, org, a.id, skipped, Math.round(lead * 10) / 10, t, t)
          .lastInsertRowid,
      )
      if (api) request(a, t, 'POST', `/api/tasks/${task}/annotations/`, 201, 25, project)
      if (skipped || rnd.next() > 0.55 || !reviewers.length) return
      // Review within two days; a rejection is usually followed by a second look.
      const review = (after: number, first: boolean) => {
        const r = rnd.pick(reviewers)
        const x = rnd.next()
        const action = first && x < 0.18 ? 'rejected' : x < 0.88 ? 'accepted' : 'fixed_accepted'
        const agreement =
          action === 'fixed_accepted'
            ? Math.round((0.35 + rnd.next() * 0.6) * 100) / 100
            : action === 'accepted'
              ? 1
              : 0
        at(after, () => {
          insRev.run(
            id,
            project,
            org,
            r.id,
            action,
            agreement,
            Math.round(rnd.tail(r.kind === 'service' ? 2 : 45) * 10) / 10,
            after,
          )
          if (r.kind === 'service')
            request(r, after, 'PATCH', `/api/annotations/${id}/`, 200, 15, project)
          if (action === 'rejected' && rnd.next() < 0.7)
            review(after + rnd.int(2, 30) * HOUR, false)
        })
      }
      review(t + rnd.int(1, 48) * HOUR, true)
    })
  }

  for (let day = start; day < opts.now; day += DAY) {
    const weekday = new Date(day).getUTCDay() % 6 !== 0
    for (const a of annotators) {
      if (a.kind === 'human') {
        if (!weekday || rnd.next() < 0.1) continue
        for (let i = rnd.int(6, 22); i > 0; i--)
          annotate(a, day + 8 * HOUR + rnd.int(0, 9 * 3600) * 1000, rnd.tail(70))
      } else {
        for (let i = rnd.int(weekday ? 25 : 8, weekday ? 60 : 20); i > 0; i--)
          annotate(a, day + rnd.int(0, 86_399) * 1000, rnd.tail(3, 0.4))
      }
    }
    if (pipeline) {
      const project = rnd.pick(pipeline.projects)
      const t = day + rnd.int(1, 5) * HOUR
      const n = rnd.int(10, 40)
      const created: number[] = []
      at(t, () => {
        request(pipeline, t, 'POST', `/api/projects/${project}/import`, 201, 180, project)
        for (let i = 0; i < n; i++) {
          created.push(
            Number(
              insTask.run(
                project,
                JSON.stringify({ image: `frame-${t}-${i}.jpg` }),
                pipeline.id,
                t,
                t,
              ).lastInsertRowid,
            ),
          )
        }
        tasksOf.get(project)!.push(...created)
      })
      for (let i = 1; i <= n; i++) {
        at(t + i * 500, () => {
          insPred.run(
            created[i - 1]!,
            project,
            Math.round(rnd.next() * 100) / 100,
            pipeline.id,
            t + i * 500,
            t + i * 500,
          )
          request(pipeline, t + i * 500, 'POST', '/api/predictions/', fail() || 201, 30, project)
        })
      }
    }
    if (sync) {
      for (let h = 0; h < 24; h += 2) {
        const t = day + h * HOUR + rnd.int(0, 600_000)
        at(t, () => {
          request(sync, t, 'GET', `/api/organizations/${org}/memberships?page=1`, 200, 22, null)
          if (rnd.next() < 0.15)
            request(
              sync,
              t,
              'PATCH',
              `/api/organizations/${org}/memberships`,
              fail() || 200,
              35,
              null,
            )
        })
      }
    }
    for (const h of humans) {
      const t = day + 9 * HOUR + rnd.int(0, 8 * 3600) * 1000
      if (weekday && rnd.next() < 0.6)
        at(t, () => request(h, t, 'GET', '/api/projects/', 200, 20, null))
    }
  }

  db.transaction(() => {
    // In time order, so the log reads naturally; a run may schedule a later event (a re-review),
    // which is inserted at its place among those still to come.
    events.sort((x, y) => x.at - y.at)
    for (draining = 0; draining < events.length; draining++) events[draining]!.run()
    const touch = db.prepare(
      'UPDATE api_tokens SET last_used_at = ?, last_used_ip = ?, last_used_user_agent = ? WHERE id = ?',
    )
    for (const [token, t] of lastUsed) touch.run(t, '10.0.0.1', 'label-studio-sdk/1.0.8', token)
  })()
}
