import { open } from 'node:fs/promises'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type {
  ActivityCount,
  ActivityEntry,
  ActivityPage,
  ExportFormat,
  ExportProgress,
} from '../../../shared/contracts/activity.contract'
import type { Repos } from '../../db/repos'
import type { EngineDeps } from '../deps'
import { notFound } from '../errors'
import { saveFile } from '../save-file'
import { activityQueries } from './activity-query'
import { toEntry } from './entry-dto'
import { exportActivity, exportChunks, type ExportOptions } from './export'
import type { ActivityFilter, Cursor } from './query-sql'
import { retentionPurger, type RetentionHold } from './retention'
import { searchIndex } from './search-index'
import type { ActivityTree } from './tree'
import { verifyChain, type VerifyOptions } from './verify'

/** Counts stop here; beyond it the viewer says "more than 10,000". */
export const COUNT_CAP = 10_000

interface RunningExport extends ExportProgress {
  controller: AbortController
}

/** The activity log's read side: query, count, tail, verify, export and retention. */
export function activityLogService(
  deps: EngineDeps,
  repos: Pick<Repos, 'activity'>,
  hooks: {
    tree?: Pick<ActivityTree, 'beforePurge'>
    hold?: () => RetentionHold | undefined
  } = {},
) {
  const queries = activityQueries(deps.db)
  const purger = retentionPurger(deps, repos.activity, {
    hold: hooks.hold,
    beforeDelete: hooks.tree?.beforePurge,
  })
  const search = searchIndex(deps.db)
  const exports = new Map<string, RunningExport>()

  // One read transaction: the page and the head id come from the same snapshot, so a live tail
  // from headId neither misses nor repeats an entry.
  const readPage = deps.db.transaction(
    (orgId: number, filter: ActivityFilter, cursor: Cursor | null, limit: number): ActivityPage => {
      const page = queries.page(orgId, filter, cursor, limit)
      const headId = repos.activity.last()?.id ?? 0
      return { entries: page.rows.map(toEntry), nextCursor: page.nextCursor, headId }
    },
  )
  const list = (orgId: number, filter: ActivityFilter, cursor: Cursor | null, limit = 100) =>
    readPage(orgId, filter, cursor, limit)

  /**
   * Writes the filtered set to a file, tracked under `exportId` for progress and cancel,
   * through a private temporary file beside it (see saveFile): an existing file is refused
   * unless `overwrite` (the desktop save dialog confirmed it), and a cancelled or failed export
   * leaves whatever was at `path` as it was, with no partial file beside it.
   */
  async function exportToFile(
    orgId: number,
    filter: ActivityFilter,
    format: ExportFormat,
    path: string,
    options: { exportId?: string; overwrite?: boolean } = {},
  ): Promise<{ rows: number; path: string | null; cancelled: boolean }> {
    const { exportId } = options
    const controller = new AbortController()
    const state: RunningExport = { rows: 0, done: false, cancelled: false, error: null, controller }
    if (exportId) exports.set(exportId, state)
    try {
      const rows = await saveFile(path, { overwrite: options.overwrite ?? false }, async (temp) => {
        const handle = await open(temp, 'w')
        const out = handle.createWriteStream()
        try {
          const written = await exportActivity(queries, orgId, filter, format, out, {
            signal: controller.signal,
            onProgress: (n) => void (state.rows = n),
          })
          out.end()
          await finished(out)
          return written
        } catch (err) {
          out.destroy()
          await finished(out).catch(() => {})
          throw err
        }
      })
      state.done = true
      return { rows, path, cancelled: false }
    } catch (err) {
      state.done = true
      if (controller.signal.aborted) {
        state.cancelled = true
        return { rows: state.rows, path: null, cancelled: true }
      }
      state.error = err instanceof Error ? err.message : String(err)
      throw err
    } finally {
      // Keep the final state readable for a while so a last progress poll sees it.
      if (exportId) setTimeout(() => exports.delete(exportId), 60_000).unref?.()
    }
  }

  return {
    list,
    count: (orgId: number, filter: ActivityFilter, cap = COUNT_CAP): ActivityCount =>
      queries.count(orgId, filter, cap),
    tail(orgId: number, filter: ActivityFilter, afterId: number, limit = 200) {
      const { rows, truncated } = queries.tail(orgId, filter, afterId, limit)
      const lastId = Math.max(afterId, repos.activity.last()?.id ?? 0)
      return { entries: rows.map(toEntry), truncated, lastId }
    },
    get(orgId: number, id: number): ActivityEntry {
      const row = repos.activity.get(id)
      if (!row || row.organization_id !== orgId) throw notFound('Activity entry', id)
      return toEntry(row)
    },
    /** Page-number access for the REST API (keyset is for everything else). */
    offsetPage: (orgId: number, filter: ActivityFilter, offset: number, limit: number) =>
      queries.offsetPage(orgId, filter, offset, limit),
    /** All entries of the organization (the REST API's recordsTotal). */
    total: (orgId: number) => repos.activity.total(orgId),
    verify: (options?: VerifyOptions) => verifyChain(repos.activity, options),
    /** See export.ts; the HTTP download route streams `exportChunks` into its response. */
    exportActivity: (
      orgId: number,
      filter: ActivityFilter,
      format: ExportFormat,
      out: Writable,
      options?: ExportOptions,
    ) => exportActivity(queries, orgId, filter, format, out, options),
    exportChunks: (
      orgId: number,
      filter: ActivityFilter,
      format: ExportFormat,
      options?: ExportOptions,
    ) => exportChunks(queries, orgId, filter, format, options),
    exportToFile,
    exportProgress(exportId: string): ExportProgress {
      const s = exports.get(exportId)
      if (!s) throw notFound('Export', exportId)
      return { rows: s.rows, done: s.done, cancelled: s.cancelled, error: s.error }
    },
    cancelExport(exportId: string): boolean {
      const s = exports.get(exportId)
      if (!s || s.done) return false
      s.controller.abort()
      return true
    },
    purgeExpired: purger.purgeExpired,
    /** One chunk of the URL search index's background work (search-indexer.ts). */
    indexSearchStep: (limit: number) => search.step(limit),
  }
}
export type ActivityLogService = ReturnType<typeof activityLogService>
