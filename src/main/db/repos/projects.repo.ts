import type { Db } from '../open'

export interface ProjectRow {
  id: number
  organization_id: number
  workspace_id: number | null
  title: string
  description: string
  label_config: string
  created_by: number
  created_at: number
  updated_at: number
  archived_at: number | null
}

export type ProjectListRow = ProjectRow & { task_count: number; member_count: number }
export type ProjectInsert = Omit<
  ProjectRow,
  'id' | 'updated_at' | 'archived_at' | 'label_config'
> & {
  label_config?: string
}
export type ProjectUpdate = Pick<
  ProjectRow,
  'id' | 'title' | 'description' | 'workspace_id' | 'label_config' | 'updated_at'
>

const WITH_COUNTS = `SELECT p.*,
   (SELECT count(*) FROM tasks t WHERE t.project_id = p.id) AS task_count,
   (SELECT count(*) FROM project_members m WHERE m.project_id = p.id) AS member_count
 FROM projects p`

/** A project creator as the project list shows it. */
export interface ProjectCreator {
  id: number
  first_name: string
  last_name: string
  email: string
}

export function projectsRepo(db: Db) {
  const get = db.prepare<[number], ProjectRow>('SELECT * FROM projects WHERE id = ?')
  const getWithCounts = db.prepare<[number], ProjectListRow>(`${WITH_COUNTS} WHERE p.id = ?`)
  const list = db.prepare<[number], ProjectListRow>(
    `${WITH_COUNTS} WHERE p.organization_id = ? ORDER BY lower(p.title), p.id`,
  )
  // For a page of projects (ids as JSON arrays): one statement each instead of one lookup per
  // project. Creators and workspaces are fetched by the distinct ids the page's rows name.
  const creatorsOf = db.prepare<[string], ProjectCreator>(
    `SELECT id, first_name, last_name, email FROM users
     WHERE id IN (SELECT value FROM json_each(?))`,
  )
  const workspaceTitlesOf = db.prepare<[string], { id: number; title: string }>(
    'SELECT id, title FROM workspaces WHERE id IN (SELECT value FROM json_each(?))',
  )
  const membersOf = db.prepare<[string], { project_id: number; user_id: number }>(
    `SELECT project_id, user_id FROM project_members
     WHERE project_id IN (SELECT value FROM json_each(?)) ORDER BY project_id, user_id`,
  )
  // `list` without the per-project counts, for callers that never read them.
  const rowsOf = db.prepare<[number], ProjectRow>(
    'SELECT * FROM projects WHERE organization_id = ? ORDER BY lower(title), id',
  )
  const insert = db.prepare<ProjectInsert & { label_config: string }>(
    `INSERT INTO projects (organization_id, workspace_id, title, description, label_config,
       created_by, created_at, updated_at)
     VALUES (@organization_id, @workspace_id, @title, @description, @label_config, @created_by,
       @created_at, @created_at)`,
  )
  const update = db.prepare<ProjectUpdate>(
    `UPDATE projects SET title = @title, description = @description, workspace_id = @workspace_id,
       label_config = @label_config, updated_at = @updated_at WHERE id = @id`,
  )
  const archive = db.prepare<[number | null, number, number]>(
    'UPDATE projects SET archived_at = ?, updated_at = ? WHERE id = ?',
  )
  const remove = db.prepare<[number]>('DELETE FROM projects WHERE id = ?')
  return {
    get: (id: number) => get.get(id),
    getWithCounts: (id: number) => getWithCounts.get(id),
    list: (orgId: number) => list.all(orgId),
    /** The organization's projects in `list` order, without the counts. */
    rowsOf: (orgId: number) => rowsOf.all(orgId),
    /** The users that created projects, keyed by user id (absent: no such user). */
    creatorsOf: (userIds: readonly number[]) =>
      new Map(creatorsOf.all(JSON.stringify([...new Set(userIds)])).map((u) => [u.id, u])),
    /** Workspace titles keyed by workspace id (absent: no such workspace). */
    workspaceTitlesOf: (workspaceIds: readonly number[]) =>
      new Map(
        workspaceTitlesOf
          .all(JSON.stringify([...new Set(workspaceIds)]))
          .map((w) => [w.id, w.title]),
      ),
    /** Member user ids of each project (absent: none), keyed by project id. */
    membersOf: (ids: readonly number[]) => {
      const out = new Map<number, number[]>()
      for (const r of membersOf.all(JSON.stringify(ids))) {
        const list = out.get(r.project_id)
        if (list) list.push(r.user_id)
        else out.set(r.project_id, [r.user_id])
      }
      return out
    },
    insert: (row: ProjectInsert) =>
      Number(
        insert.run({ ...row, label_config: row.label_config ?? '<View></View>' }).lastInsertRowid,
      ),
    update: (row: ProjectUpdate) => void update.run(row),
    setArchived: (id: number, at: number | null, now: number) => void archive.run(at, now, id),
    remove: (id: number) => void remove.run(id),
  }
}
export type ProjectsRepo = ReturnType<typeof projectsRepo>
