import { setImmediate as nextTurn } from 'node:timers/promises'
import { annotationsRepo } from '../../db/repos/annotations.repo'
import { predictionsRepo } from '../../db/repos/predictions.repo'
import { tasksRepo } from '../../db/repos/tasks.repo'
import type { Repos } from '../../db/repos'
import type { AccessPolicy } from '../access/policy'
import { writeTransaction, type Actor, type EngineDeps } from '../deps'
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

/** Items of an import, a chunk at a time; each chunk is written in one short transaction. */
export type ItemChunks = Iterable<unknown[]> | AsyncIterable<unknown[]>

type Json = Record<string, unknown>

interface CheckedItem {
  data: Json
  meta: Json
  annotations: Json[]
  predictions: Json[]
}

interface Totals {
  task_count: number
  annotation_count: number
  prediction_count: number
  task_ids: number[]
  columns: Set<string>
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

const emptyTotals = (): Totals => ({
  task_count: 0,
  annotation_count: 0,
  prediction_count: 0,
  task_ids: [],
  columns: new Set(),
})

/** Item `i` in Label Studio's forms: `{data, annotations?, predictions?, meta?}` or plain data. */
function checkItem(item: unknown, i: number): CheckedItem {
  if (!isObject(item)) throw invalid(`Task ${i}: expected a JSON object`, 'tasks')
  const wrapped = isObject(item.data)
  const data = wrapped ? (item.data as Json) : item
  if (Object.keys(data).length === 0) throw invalid(`Task ${i}: "data" is empty`, 'tasks')
  const list = (key: 'annotations' | 'predictions'): Json[] => {
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
  return {
    data,
    meta: wrapped && isObject(item.meta) ? item.meta : {},
    annotations: list('annotations'),
    predictions: list('predictions'),
  }
}

const summaryOf = (t: Totals, started: bigint): ImportSummary => ({
  task_count: t.task_count,
  annotation_count: t.annotation_count,
  prediction_count: t.prediction_count,
  task_ids: t.task_ids,
  duration: Number(process.hrtime.bigint() - started) / 1e9,
  file_upload_ids: [],
  could_be_tasks_list: false,
  found_formats: [],
  data_columns: [...t.columns].sort(),
})

/** Tasks deleted per transaction when a failed import takes its tasks back. */
const REMOVE_CHUNK = 1000

/**
 * Label Studio's JSON import forms: a list of `{data: {...}, annotations?, predictions?}` or a
 * list of plain data objects (a single object counts as a list of one). All or nothing.
 */
export function importsService(deps: EngineDeps, repos: Repos, access: AccessPolicy) {
  const tasks = tasksRepo(deps.db)
  const annotations = annotationsRepo(deps.db)
  const predictions = predictionsRepo(deps.db)

  /** Writes checked items; the caller holds the transaction. */
  function write(userId: number, projectId: number, items: CheckedItem[], into: Totals) {
    const project = repos.projects.get(projectId)
    if (!project) throw notFound('Project', projectId)
    const now = deps.now()
    for (const item of items) {
      Object.keys(item.data).forEach((k) => into.columns.add(k))
      const taskId = tasks.insert({
        project_id: projectId,
        data: JSON.stringify(item.data),
        meta: JSON.stringify(item.meta),
        created_by: userId,
        created_at: now,
      })
      into.task_ids.push(taskId)
      into.task_count++
      for (const a of item.annotations) {
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
        into.annotation_count++
      }
      for (const p of item.predictions) {
        predictions.insert({
          task_id: taskId,
          project_id: projectId,
          result: JSON.stringify(p.result ?? []),
          score: typeof p.score === 'number' ? p.score : null,
          model_version: typeof p.model_version === 'string' ? p.model_version : '',
          created_by: userId,
          created_at: now,
        })
        into.prediction_count++
      }
    }
  }

  const touchProject = (projectId: number) => {
    const project = repos.projects.get(projectId)
    if (!project) throw notFound('Project', projectId)
    repos.projects.update({ ...project, updated_at: deps.now() })
  }

  /** The whole import in one transaction: for small lists (the demo, scripts, tests). */
  const run = writeTransaction(
    deps.db,
    (c: Actor, projectId: number, body: unknown): ImportSummary => {
      const started = process.hrtime.bigint()
      access.project(c, projectId, 'manage')
      const userId = c.userId
      const items = Array.isArray(body) ? body : [body]
      if (items.length === 0) throw invalid('No tasks to import: the list is empty', 'tasks')
      const totals = emptyTotals()
      write(userId, projectId, items.map(checkItem), totals)
      touchProject(projectId)
      return summaryOf(totals, started)
    },
  )

  // One chunk per transaction; its ids join the totals only once it has committed, so a
  // rolled-back chunk's ids (which SQLite may hand out again) are never taken back later.
  const writeChunk = writeTransaction(
    deps.db,
    (userId: number, projectId: number, items: CheckedItem[]): Totals => {
      const chunk = emptyTotals()
      write(userId, projectId, items, chunk)
      return chunk
    },
  )
  const touch = writeTransaction(deps.db, touchProject)
  const removeTasks = writeTransaction(deps.db, (ids: number[]) => ids.forEach(tasks.remove))

  /**
   * A large import without holding the event loop: `read()` gives the items in chunks (it is
   * called twice). The first pass checks every item, so a bad one changes nothing; the second
   * writes each chunk in its own short transaction, yielding to the event loop in between. If
   * writing fails part-way (the project deleted meanwhile, a full disk), the tasks already
   * written are deleted again: the import is all or nothing once it has finished, though other
   * readers may see its first chunks while it runs.
   */
  async function runChunks(
    c: Actor,
    projectId: number,
    read: () => ItemChunks,
  ): Promise<ImportSummary> {
    const started = process.hrtime.bigint()
    access.project(c, projectId, 'manage')
    const userId = c.userId
    let count = 0
    for await (const chunk of read()) {
      for (const item of chunk) checkItem(item, count++)
      await nextTurn()
    }
    if (count === 0) throw invalid('No tasks to import: the list is empty', 'tasks')
    const totals = emptyTotals()
    try {
      let index = 0
      for await (const chunk of read()) {
        const done = writeChunk(
          userId,
          projectId,
          chunk.map((item) => checkItem(item, index++)),
        )
        totals.task_ids.push(...done.task_ids)
        totals.task_count += done.task_count
        totals.annotation_count += done.annotation_count
        totals.prediction_count += done.prediction_count
        done.columns.forEach((c) => totals.columns.add(c))
        await nextTurn()
      }
      touch(projectId)
    } catch (err) {
      for (let i = 0; i < totals.task_ids.length; i += REMOVE_CHUNK) {
        removeTasks(totals.task_ids.slice(i, i + REMOVE_CHUNK))
        await nextTurn()
      }
      throw err
    }
    return summaryOf(totals, started)
  }

  return { run, runChunks }
}
export type ImportsService = ReturnType<typeof importsService>
