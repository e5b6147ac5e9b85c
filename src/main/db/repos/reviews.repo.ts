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
  return {
    get: (id: number) => get.get(id),
    ofAnnotation: (annotationId: number) => ofAnnotation.all(annotationId),
    insert: (row: ReviewInsert) => Number(insert.run(row).lastInsertRowid),
  }
}
export type ReviewsRepo = ReturnType<typeof reviewsRepo>
