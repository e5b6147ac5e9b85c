import { exportsRepo } from '../../db/repos/exports.repo'
import { tasksRepo, type TaskListRow } from '../../db/repos/tasks.repo'
import type { EngineDeps } from '../deps'
import type { ExportAnnotation, ExportTask } from './export-formats'

/** Tasks read and serialized per chunk: a few milliseconds of work each. */
export const EXPORT_CHUNK = 200

export interface ExportSelection {
  /** Label Studio's download_all_tasks: false exports only tasks with annotations. */
  all: boolean
  /** Label Studio's `ids`: only these tasks. */
  ids?: readonly number[]
}

const iso = (ms: number) => new Date(ms).toISOString()

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

/**
 * Long answers read a chunk at a time: a project's tasks for a large page of the task list,
 * and project exports. Each generator reads its next chunk only when asked, so the caller
 * (a stream that yields between chunks) decides the pace and memory holds one chunk. The
 * caller has checked access to the project.
 */
export function exportsService(deps: EngineDeps) {
  const repo = exportsRepo(deps.db)
  const tasksTable = tasksRepo(deps.db)

  /** `limit` tasks of a project from `offset`, in id order, `chunk` at a time. */
  function* taskPage(projectId: number, offset: number, limit: number, chunk = EXPORT_CHUNK) {
    let left = limit
    let rows: TaskListRow[] = repo.first(projectId, offset, Math.min(chunk, left))
    while (rows.length > 0) {
      yield rows
      left -= rows.length
      if (left <= 0) return
      rows = repo.after({
        project_id: projectId,
        labeled: 0,
        ids: null,
        after: rows.at(-1)!.id,
        limit: Math.min(chunk, left),
      })
    }
  }

  const query = (projectId: number, s: ExportSelection) => ({
    project_id: projectId,
    labeled: (s.all ? 0 : 1) as 0 | 1,
    ids: s.ids && s.ids.length > 0 ? JSON.stringify(s.ids) : null,
  })

  /** How many tasks an export of this selection holds. */
  const count = (projectId: number, s: ExportSelection) => repo.count(query(projectId, s))

  /** The selected tasks in Label Studio's JSON export form, in id order, a chunk at a time. */
  function* tasks(projectId: number, s: ExportSelection, chunk = EXPORT_CHUNK) {
    const q = query(projectId, s)
    let after = 0
    for (;;) {
      const rows = repo.after({ ...q, after, limit: chunk })
      if (rows.length === 0) return
      const from = rows[0]!.id
      const to = rows.at(-1)!.id
      const annotations = new Map<number, ExportAnnotation[]>()
      for (const a of repo.annotationsBetween(projectId, from, to)) {
        const result = parse<Record<string, unknown>[]>(a.result, [])
        const list = annotations.get(a.task_id) ?? []
        list.push({
          id: a.id,
          completed_by: a.completed_by,
          result,
          was_cancelled: a.was_cancelled === 1,
          ground_truth: a.ground_truth === 1,
          created_at: iso(a.created_at),
          updated_at: iso(a.updated_at),
          lead_time: a.lead_time,
          result_count: result.length,
          task: a.task_id,
          project: a.project_id,
          completed_by_email: a.completed_by_email,
        })
        annotations.set(a.task_id, list)
      }
      const predictions = new Map<number, Record<string, unknown>[]>()
      for (const p of repo.predictionsBetween(projectId, from, to)) {
        const list = predictions.get(p.task_id) ?? []
        list.push({
          id: p.id,
          result: parse(p.result, []),
          score: p.score,
          model_version: p.model_version,
          created_at: iso(p.created_at),
          updated_at: iso(p.updated_at),
          task: p.task_id,
          project: p.project_id,
        })
        predictions.set(p.task_id, list)
      }
      yield rows.map(
        (t): ExportTask => ({
          id: t.id,
          data: parse(t.data, {}),
          meta: parse(t.meta, {}),
          annotations: annotations.get(t.id) ?? [],
          predictions: predictions.get(t.id) ?? [],
          drafts: [],
          created_at: iso(t.created_at),
          updated_at: iso(t.updated_at),
          inner_id: t.id,
          total_annotations: t.total_annotations,
          cancelled_annotations: t.cancelled_annotations,
          total_predictions: t.total_predictions,
          project: t.project_id,
          file_upload: null,
          updated_by: null,
        }),
      )
      after = to
    }
  }

  /** The task list's totals: tasks, non-cancelled annotations and predictions of a project. */
  const totals = (projectId: number) => tasksTable.totals(projectId)

  return { taskPage, totals, count, tasks }
}
export type ExportsService = ReturnType<typeof exportsService>
