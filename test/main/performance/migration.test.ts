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
