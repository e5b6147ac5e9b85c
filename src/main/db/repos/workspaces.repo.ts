import type { Db } from '../open'

export interface WorkspaceRow {
  id: number
  organization_id: number
  title: string
  description: string
  color: string
  created_by: number
  created_at: number
  updated_at: number
  archived_at: number | null
}

export type WorkspaceListRow = WorkspaceRow & { project_count: number; member_count: number }

export function workspacesRepo(db: Db) {
  const get = db.prepare<[number], WorkspaceRow>('SELECT * FROM workspaces WHERE id = ?')
  const list = db.prepare<[number], WorkspaceListRow>(
    `SELECT w.*,
       (SELECT count(*) FROM projects p WHERE p.workspace_id = w.id) AS project_count,
       (SELECT count(*) FROM workspace_members m WHERE m.workspace_id = w.id) AS member_count
     FROM workspaces w WHERE w.organization_id = ? ORDER BY lower(w.title), w.id`,
  )
  const insert = db.prepare<Omit<WorkspaceRow, 'id' | 'updated_at' | 'archived_at'>>(
    `INSERT INTO workspaces (organization_id, title, description, color, created_by, created_at, updated_at)
     VALUES (@organization_id, @title, @description, @color, @created_by, @created_at, @created_at)`,
  )
  const update = db.prepare<
    Pick<WorkspaceRow, 'id' | 'title' | 'description' | 'color' | 'updated_at'>
  >(
    `UPDATE workspaces SET title = @title, description = @description, color = @color,
       updated_at = @updated_at WHERE id = @id`,
  )
  const archive = db.prepare<[number | null, number, number]>(
    'UPDATE workspaces SET archived_at = ?, updated_at = ? WHERE id = ?',
  )
  const remove = db.prepare<[number]>('DELETE FROM workspaces WHERE id = ?')
  const projectCount = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM projects WHERE workspace_id = ?',
  )
  return {
    get: (id: number) => get.get(id),
    list: (orgId: number) => list.all(orgId),
    insert: (row: Omit<WorkspaceRow, 'id' | 'updated_at' | 'archived_at'>) =>
      Number(insert.run(row).lastInsertRowid),
    update: (row: Pick<WorkspaceRow, 'id' | 'title' | 'description' | 'color' | 'updated_at'>) =>
      void update.run(row),
    setArchived: (id: number, at: number | null, now: number) => void archive.run(at, now, id),
    remove: (id: number) => void remove.run(id),
    projectCount: (id: number) => projectCount.get(id)!.n,
  }
}
export type WorkspacesRepo = ReturnType<typeof workspacesRepo>
