import type { Db } from '../open'

export type ReviewAction = 'accepted' | 'rejected' | 'fixed_accepted'

export interface ReviewRow {
  id: number
  annotation_id: number
  project_id: number
  organization_id: number
  reviewer_id: number
  action: ReviewAction
  agreement: number | null
  lead_time: number | null
  created_at: number
}

export type ReviewInsert = Omit<ReviewRow, 'id'>
export type ReviewUpdate = Pick<ReviewRow, 'id' | 'action' | 'agreement' | 'lead_time'>

/** A page of the reviews list: in id order after `after`, within the given projects. */
export interface ReviewListQuery {
  organization_id: number
  /** JSON array of the project ids the caller may read. */
  projects: string
  annotation_id: number | null
  project_id: number | null
  after: number
  limit: number
}

export function reviewsRepo(db: Db) {
  const get = db.prepare<[number], ReviewRow>('SELECT * FROM reviews WHERE id = ?')
  const ofAnnotation = db.prepare<[number], ReviewRow>(
    'SELECT * FROM reviews WHERE annotation_id = ? ORDER BY created_at, id',
  )
  const insert = db.prepare<ReviewInsert>(
    `INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action,
       agreement, lead_time, created_at)
     VALUES (@annotation_id, @project_id, @organization_id, @reviewer_id, @action, @agreement,
       @lead_time, @created_at)`,
  )
  const list = db.prepare<ReviewListQuery, ReviewRow>(
    `SELECT * FROM reviews WHERE organization_id = @organization_id AND id > @after
       AND project_id IN (SELECT value FROM json_each(@projects))
       AND (@annotation_id IS NULL OR annotation_id = @annotation_id)
       AND (@project_id IS NULL OR project_id = @project_id)
     ORDER BY id LIMIT @limit`,
  )
  const update = db.prepare<ReviewUpdate>(
    'UPDATE reviews SET action = @action, agreement = @agreement, lead_time = @lead_time WHERE id = @id',
  )
  const remove = db.prepare<[number]>('DELETE FROM reviews WHERE id = ?')
  return {
    get: (id: number) => get.get(id),
    list: (q: ReviewListQuery) => list.all(q),
    update: (row: ReviewUpdate) => void update.run(row),
    remove: (id: number) => void remove.run(id),
    ofAnnotation: (annotationId: number) => ofAnnotation.all(annotationId),
    insert: (row: ReviewInsert) => Number(insert.run(row).lastInsertRowid),
  }
}
export type ReviewsRepo = ReturnType<typeof reviewsRepo>
