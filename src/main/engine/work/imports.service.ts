import { annotationsRepo } from '../../db/repos/annotations.repo'
import { predictionsRepo } from '../../db/repos/predictions.repo'
import { tasksRepo } from '../../db/repos/tasks.repo'
import type { Repos } from '../../db/repos'
import { writeTransaction, type EngineDeps } from '../deps'
import { invalid, notFound } from '../errors'

export interface ImportSummary {
  task_count: number
  annotation_count: number
  prediction_count: number
  duration: number
  file_upload_ids: number[]
  could_be_tasks_list: boolean
  found_formats: string[]
  data_columns: string[]
  task_ids: number[]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Label Studio's JSON import forms: a list of `{data: {...}, annotations?, predictions?}` or a
 * list of plain data objects (a single object counts as a list of one). All or nothing: one
 * transaction, so a bad item leaves the project untouched.
 */
export function importsService(deps: EngineDeps, repos: Repos) {
  const tasks = tasksRepo(deps.db)
  const annotations = annotationsRepo(deps.db)
  const predictions = predictionsRepo(deps.db)

  const run = writeTransaction(
    deps.db,
    (userId: number, projectId: number, body: unknown): ImportSummary => {
      const started = process.hrtime.bigint()
      const project = repos.projects.get(projectId)
      if (!project) throw notFound('Project', projectId)
      const items = Array.isArray(body) ? body : [body]
      if (items.length === 0) throw invalid('No tasks to import: the list is empty', 'tasks')
      const now = deps.now()
      const columns = new Set<string>()
      const summary = {
        task_count: 0,
        annotation_count: 0,
        prediction_count: 0,
        task_ids: [] as number[],
      }
      items.forEach((item, i) => {
        if (!isObject(item)) throw invalid(`Task ${i}: expected a JSON object`, 'tasks')
        const wrapped = isObject(item.data)
        const data = wrapped ? (item.data as Record<string, unknown>) : item
        if (Object.keys(data).length === 0) throw invalid(`Task ${i}: "data" is empty`, 'tasks')
        Object.keys(data).forEach((k) => columns.add(k))
        const meta = wrapped && isObject(item.meta) ? item.meta : {}
        const taskId = tasks.insert({
          project_id: projectId,
          data: JSON.stringify(data),
          meta: JSON.stringify(meta),
          created_by: userId,
          created_at: now,
        })
        summary.task_ids.push(taskId)
        summary.task_count++
        const list = (key: 'annotations' | 'predictions') => {
          const v = wrapped ? item[key] : undefined
          if (v === undefined || v === null) return []
          if (!Array.isArray(v)) throw invalid(`Task ${i}: "${key}" must be a list`, 'tasks')
          return v.map((x, j) => {
            if (!isObject(x)) throw invalid(`Task ${i}: ${key}[${j}] must be an object`, 'tasks')
            if (x.result !== undefined && !Array.isArray(x.result)) {
              throw invalid(`Task ${i}: ${key}[${j}].result must be a list`, 'tasks')
            }
            return x
          })
        }
        for (const a of list('annotations')) {
          annotations.insert({
            task_id: taskId,
            project_id: projectId,
            organization_id: project.organization_id,
            completed_by: userId,
            result: JSON.stringify(a.result ?? []),
            was_cancelled: a.was_cancelled === true ? 1 : 0,
            ground_truth: a.ground_truth === true ? 1 : 0,
            lead_time: typeof a.lead_time === 'number' && a.lead_time >= 0 ? a.lead_time : null,
            created_at: now,
          })
          summary.annotation_count++
        }
        for (const p of list('predictions')) {
          predictions.insert({
            task_id: taskId,
            project_id: projectId,
            result: JSON.stringify(p.result ?? []),
            score: typeof p.score === 'number' ? p.score : null,
            model_version: typeof p.model_version === 'string' ? p.model_version : '',
            created_by: userId,
            created_at: now,
          })
          summary.prediction_count++
        }
      })
      repos.projects.update({ ...project, updated_at: now })
      return {
        ...summary,
        duration: Number(process.hrtime.bigint() - started) / 1e9,
        file_upload_ids: [],
        could_be_tasks_list: false,
        found_formats: [],
        data_columns: [...columns].sort(),
      }
    },
  )

  return { run }
}
export type ImportsService = ReturnType<typeof importsService>
