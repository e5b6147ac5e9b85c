import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/open'
import { migrate } from '../../../src/main/db/migrate'
import { migrations } from '../../../src/main/db/migrations'

describe('migration 0003-performance', () => {
  it('counts the annotations already in the database and then follows new ones', () => {
    const db = openDatabase(':memory:', { migrate: false })
    const index = migrations.findIndex((m) => m.name === 'performance')
    migrate(db, migrations.slice(0, index))
    db.exec(`
      INSERT INTO organizations (id, title, created_at, updated_at) VALUES (1, 'Org', 0, 0);
      INSERT INTO users (id, username, email, kind, created_at) VALUES (1, 'a', 'a@x.test', 'human', 0);
      INSERT INTO projects (id, organization_id, title, created_by, created_at, updated_at) VALUES (1, 1, 'P', 1, 0, 0);
      INSERT INTO tasks (id, project_id, data, created_at, updated_at) VALUES (1, 1, '{}', 0, 0);
      INSERT INTO annotations (task_id, project_id, organization_id, completed_by, was_cancelled, lead_time, created_at, updated_at)
        VALUES (1, 1, 1, 1, 0, 4, 3600000, 0), (1, 1, 1, 1, 1, NULL, 3600001, 0);`)
    migrate(db, migrations.slice(0, index + 1))
    const hour = () =>
      db
        .prepare('SELECT submitted, skipped, lead_sum, lead_n FROM perf_ann_hourly WHERE hour = 1')
        .get()
    expect(hour()).toEqual({ submitted: 1, skipped: 1, lead_sum: 4, lead_n: 1 })
    db.prepare(
      `INSERT INTO annotations (task_id, project_id, organization_id, completed_by, lead_time, created_at, updated_at) VALUES (1, 1, 1, 1, 6, 3600002, 0)`,
    ).run()
    expect(hour()).toEqual({ submitted: 2, skipped: 1, lead_sum: 10, lead_n: 2 })
    expect(db.prepare('SELECT sum(n) AS n FROM perf_ann_lead_hourly').get()).toEqual({ n: 2 })
    expect(db.prepare('SELECT last_activity_id FROM perf_rollup_state').get()).toEqual({
      last_activity_id: 0,
    })
  })
})

describe('migration 0005-performance-catchup', () => {
  it('keeps what was rolled up (no gap) and gives reviewed annotations their outcome', () => {
    const db = openDatabase(':memory:', { migrate: false })
    const index = migrations.findIndex((m) => m.name === 'performance-catchup')
    migrate(db, migrations.slice(0, index))
    db.exec(`
      UPDATE perf_rollup_state SET last_activity_id = 42;
      INSERT INTO organizations (id, title, created_at, updated_at) VALUES (1, 'Org', 0, 0);
      INSERT INTO users (id, username, email, kind, created_at) VALUES (1, 'a', 'a@x.test', 'human', 0);
      INSERT INTO projects (id, organization_id, title, created_by, created_at, updated_at) VALUES (1, 1, 'P', 1, 0, 0);
      INSERT INTO tasks (id, project_id, data, created_at, updated_at) VALUES (1, 1, '{}', 0, 0);
      INSERT INTO annotations (id, task_id, project_id, organization_id, completed_by, created_at, updated_at)
        VALUES (1, 1, 1, 1, 1, 100, 0), (2, 1, 1, 1, 1, 200, 0), (3, 1, 1, 1, 1, 300, 0);
      INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action, agreement, created_at)
        VALUES (1, 1, 1, 1, 'rejected', NULL, 500), (1, 1, 1, 1, 'fixed_accepted', 0.5, 600),
               (2, 1, 1, 1, 'accepted', NULL, 700), (2, 1, 1, 1, 'rejected', NULL, 700);`)
    migrate(db, migrations.slice(0, index + 1))
    expect(db.prepare('SELECT * FROM perf_rollup_state').get()).toEqual({
      id: 1,
      last_activity_id: 42,
      gap_from: 0,
      gap_to: 0,
    })
    const outcomes = () =>
      db.prepare('SELECT annotation_id AS id, action, score FROM perf_ann_outcome ORDER BY 1').all()
    // Same time: the later id decides, as in the per-member query.
    expect(outcomes()).toEqual([
      { id: 1, action: 'fixed_accepted', score: 0.25 },
      { id: 2, action: 'rejected', score: 0.5 },
    ])
    db.exec(`
      INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action, created_at)
        VALUES (3, 1, 1, 1, 'accepted', 800);
      UPDATE reviews SET action = 'accepted' WHERE annotation_id = 2 AND action = 'rejected';
      DELETE FROM reviews WHERE annotation_id = 1 AND action = 'fixed_accepted';`)
    expect(outcomes()).toEqual([
      { id: 1, action: 'rejected', score: 0 },
      { id: 2, action: 'accepted', score: 1 },
      { id: 3, action: 'accepted', score: 1 },
    ])
    db.exec('DELETE FROM reviews WHERE annotation_id = 1; DELETE FROM annotations WHERE id = 3')
    expect(outcomes()).toEqual([{ id: 2, action: 'accepted', score: 1 }])
  })
})
