/**
 * Activity log targets (issue 8 §4 and §6) on 10 million chained entries (--quick: 1 million):
 * first page for every filter combination the viewer offers, keyword search (through the URL
 * trigram index, with the LIKE-only plan alongside for comparison), CSV export of 1 million
 * entries (time and peak RSS growth), an online backup of the whole file and a purge of 1
 * million expired entries (longest transaction; for both, the longest event-loop hold), then on the purged copy: search with a not-yet-indexed tail, the background
 * indexer catching up (longest chunk) and ingest with the indexer running.
 */
import { copyFileSync, createWriteStream, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { openDatabase } from '../../src/main/db/open'
import { startWalCheckpointer } from '../../src/main/db/wal-checkpointer'
import type { ActivityFilter, Cursor } from '../../src/main/engine/activity/query-sql'
import { DAY_MS, defaultDeps } from '../../src/main/engine/deps'
import { activityRepo } from '../../src/main/db/repos/activity.repo'
import { activityLogService } from '../../src/main/engine/activity/activity-log.service'
import { activityQueries } from '../../src/main/engine/activity/activity-query'
import { activityRecorder } from '../../src/main/engine/activity/recorder'
import { backupService } from '../../src/main/engine/security/backup.service'
import {
  startSearchIndexer,
  type SearchIndexChunk,
} from '../../src/main/engine/activity/search-indexer'
import { cachedChainDb, worldOf } from './lib/activity-chain'
import { filterCombos } from './lib/activity-filters'
import { longestHold, warmFile } from './lib/measure'
import type { BenchRow, BenchSuite } from './types'

const END = Date.UTC(2026, 10, 1)
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!
const round = (n: number) => Math.round(n * 10) / 10

function time(fn: () => unknown): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

export const run: BenchSuite = async ({ quick, workDir }) => {
  const total = quick ? 1_000_000 : 10_000_000
  const exportCount = quick ? 100_000 : 1_000_000
  const purgeCount = quick ? 100_000 : 1_000_000
  const started = performance.now()
  const cached = cachedChainDb(total, END)
  const buildS = (performance.now() - started) / 1000
  // The figures are for a log the OS has in its page cache (as after the app has run a while),
  // not for a cold disk: the other suites' files evict it between runs.
  const warmS = warmFile(cached)
  const db = openDatabase(cached, { migrate: false, readonly: true })
  // The activity service alone: the rest of the engine is not what is measured here.
  const engine = {
    activityLog: activityLogService(defaultDeps(db), { activity: activityRepo(db) }),
  }
  const world = worldOf(db)
  const org = world.orgId
  const rows: BenchRow[] = []
  const tsOf = (id: number) =>
    (db.prepare('SELECT ts FROM activity_entries WHERE id = ?').get(id) as { ts: number }).ts
  const lastTs = tsOf(total)
  const services = world.actors.filter((a) => a.service)
  const old = (i: number) => ({ from: lastTs - (90 + i) * DAY_MS, to: lastTs - (89 + i) * DAY_MS })
  const combos = filterCombos(world, lastTs)
  const all: number[] = []
  const pages: number[][] = []
  for (const [name, make] of combos) {
    const samples: number[] = []
    for (let i = 0; i < 20; i++) {
      const f = make(i)
      samples.push(time(() => engine.activityLog.list(org, f, null, 100)))
      // The next page too: the viewer fetches it as soon as the user scrolls.
      const first = engine.activityLog.list(org, f, null, 100)
      if (first.nextCursor)
        samples.push(time(() => engine.activityLog.list(org, f, first.nextCursor, 100)))
    }
    all.push(...samples)
    pages.push(samples)
    const v = p95(samples)
    rows.push({
      name: `activity: first page, ${name} (p95)`,
      figure: round(v),
      unit: 'ms',
      target: '≤ 50 ms',
      pass: v <= 50,
    })
  }
  const worst = Math.max(...pages.map(p95))
  rows.push({
    name: 'activity: first page, worst filter combination (p95)',
    figure: round(worst),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: worst <= 50,
  })

  const countSamples: number[] = []
  for (const [, make] of combos)
    for (let i = 0; i < 5; i++)
      countSamples.push(time(() => engine.activityLog.count(org, make(i))))
  // Issue 8: "count ≤ 100 ms or capped". The count is capped (shown as "10,000+"), and a capped
  // count must still be quick: a rare combination can hold fewer matches than the cap.
  rows.push({
    name: 'activity: match count, capped at 10 000 (p95 over all combinations)',
    figure: round(p95(countSamples)),
    unit: 'ms',
    target: '≤ 100 ms',
    pass: p95(countSamples) <= 100,
    note: `slowest combination ${round(Math.max(...countSamples))} ms`,
  })

  // Keyword search, through the URL index or LIKE, whichever search-index.ts picks. Each is the
  // p95 of a few runs: a first page, the next page, and the capped match count.
  const searchRow = (name: string, filters: ActivityFilter[], runs = 4) => {
    const samples: number[] = []
    for (let i = 0; i < runs; i++)
      for (const f of filters) {
        let cursor: Cursor | null = null
        samples.push(time(() => (cursor = engine.activityLog.list(org, f, null, 100).nextCursor)))
        if (cursor) samples.push(time(() => engine.activityLog.list(org, f, cursor, 100)))
      }
    const v = p95(samples)
    rows.push({ name, figure: round(v), unit: 'ms', target: '≤ 200 ms', pass: v <= 200 })
    return v
  }
  searchRow('activity: keyword search first page, common words (p95)', [
    { search: 'import' },
    { search: 'projects AND import' },
    { search: 'whoami OR annotations' },
    { search: 'tasks AND page=7 OR import' },
    { search: 'annotations OR page=3' },
  ])
  searchRow(
    'activity: keyword search + user',
    services.slice(0, 4).map((a) => ({ search: 'import', userId: a.id })),
  )
  searchRow('activity: keyword search, a rare word (few matches in the whole log)', [
    { search: 'tasks/4242/' },
    { search: '/4242/' },
    { search: 'tasks/99999/ OR tasks/12345/' },
  ])
  searchRow('activity: keyword search matching nothing (was a full scan)', [
    { search: 'no-such-path' },
    { search: 'import AND whoami' },
    { search: 'projects/99999' },
  ])
  searchRow(
    'activity: keyword search, rare word + user / + method / + old day',
    [
      { search: 'tasks/4242/', userId: services[0]!.id },
      { search: '/4242/', method: 'DELETE' },
      { search: 'tasks/4242/', ...old(0) },
    ],
    2,
  )
  searchRow('activity: keyword search, one- and two-character words (LIKE)', [
    { search: '/a' },
    { search: '=7' },
    { search: 'i OR x' },
  ])
  // The same searches on the LIKE-only plan, as before the index: the figures it replaces.
  const likeOnly = activityQueries(db, { candidateCap: 0 })
  for (const [what, search] of [
    ['a rare word', 'tasks/4242/'],
    ['matching nothing', 'no-such-path'],
  ] as const) {
    const ms = time(() => likeOnly.page(org, { search }, null, 100))
    rows.push({
      name: `activity: keyword search, ${what}, LIKE only (before the index; not a target)`,
      figure: round(ms),
      unit: 'ms',
      pass: null,
    })
  }
  const countSamples2: number[] = []
  for (const search of ['tasks/4242/', 'no-such-path', 'import', 'whoami OR annotations'])
    countSamples2.push(time(() => engine.activityLog.count(org, { search })))
  rows.push({
    name: 'activity: keyword search match count, capped at 10 000 (p95; rare, absent, common)',
    figure: round(p95(countSamples2)),
    unit: 'ms',
    target: '≤ 200 ms',
    pass: p95(countSamples2) <= 200,
  })
  const pagesOf = (name: string) =>
    (db.prepare(`SELECT count(*) AS n FROM dbstat WHERE name ${name}`).get() as { n: number }).n
  const ftsPages = pagesOf("LIKE 'activity_url_fts%'")
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const filePages = db.pragma('page_count', { simple: true }) as number
  rows.push({
    name: 'activity: URL search index size',
    figure: round((ftsPages * pageSize) / 1e6),
    unit: 'MB',
    pass: null,
    note: `${round((100 * ftsPages) / filePages)} % of the ${round((filePages * pageSize) / 1e6)} MB database`,
  })

  // Export: the newest `exportCount` entries, to a file, sampling RSS.
  globalThis.gc?.()
  // The seed's own entries come first, so the newest id is a little above `total`.
  const maxId = (db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
  const from = tsOf(maxId - exportCount + 1)
  const rss0 = process.memoryUsage().rss
  let peak = rss0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const file = join(workDir, 'export.csv')
  const out = createWriteStream(file)
  const t0 = performance.now()
  const n = await engine.activityLog.exportActivity(org, { from }, 'csv', out)
  out.end()
  await finished(out)
  const exportS = (performance.now() - t0) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  const growth = (peak - rss0) / 1024 / 1024
  rows.push({
    name: `activity: export ${n.toLocaleString('en')} entries to CSV`,
    figure: round(exportS),
    unit: 's',
    target: '≤ 10 s',
    pass: exportS <= 10 && n === exportCount,
    note: `${Math.round(statSync(file).size / 1e6)} MB written`,
  })
  rows.push({
    name: 'activity: export peak RSS growth',
    figure: round(growth),
    unit: 'MB',
    target: '≤ 100 MB',
    pass: growth <= 100,
  })

  // Backup (SQLite's online backup, in steps) of the whole log, as the app makes it.
  const backupFile = join(workDir, 'backup.db')
  const { result: backup, holdMs: backupHold } = await longestHold(() =>
    backupService(defaultDeps(db)).backupTo(backupFile),
  )
  rmSync(backupFile, { force: true })
  rows.push({
    name: `activity: backup of the ${total.toLocaleString('en')}-entry database (background job), longest event-loop hold`,
    figure: round(backupHold),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: backupHold <= 50,
    note: `${round(backup.bytes / 1e9)} GB in ${round(backup.ms / 1000)} s (${Math.round(backup.bytes / 1e6 / (backup.ms / 1000))} MB/s)`,
  })
  db.close()

  // Purge: a copy where the oldest `purgeCount` entries are past the default 180-day retention.
  const copy = join(workDir, 'purge.db')
  copyFileSync(cached, copy)
  const wdb = openDatabase(copy)
  // Storage as serve and the desktop set it up: checkpoints on a worker (start-core.ts).
  const checkpointer = startWalCheckpointer(wdb, copy)
  const cutoffTs = (
    wdb.prepare('SELECT ts FROM activity_entries WHERE id = ?').get(purgeCount + 1) as {
      ts: number
    }
  ).ts
  const wdeps = { ...defaultDeps(wdb), now: () => cutoffTs + 180 * DAY_MS }
  const wengine = { activityLog: activityLogService(wdeps, { activity: activityRepo(wdb) }) }
  const p0 = performance.now()
  const { result: purge, holdMs: purgeHold } = await longestHold(() =>
    wengine.activityLog.purgeExpired(),
  )
  const purgeS = (performance.now() - p0) / 1000
  rows.push({
    name: `activity: purge ${purge.deleted.toLocaleString('en')} expired entries, longest transaction`,
    figure: round(purge.maxBatchMs),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: purge.maxBatchMs <= 50 && purge.deleted === purgeCount,
    note: `${purge.batches} batches, ${round(purgeS)} s in all`,
  })
  rows.push({
    name: 'activity: purge (background job), longest event-loop hold',
    figure: round(purgeHold),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: purgeHold <= 50,
    note: 'the longest any timer waited while the purge ran (perf_hooks event-loop delay)',
  })
  const v0 = performance.now()
  const verified = await wengine.activityLog.verify()
  const verifyS = (performance.now() - v0) / 1000
  rows.push({
    name: `activity: verify ${verified.checked.toLocaleString('en')} entries after the purge`,
    figure: round(verifyS),
    unit: 's',
    target: 'intact',
    pass: verified.intact,
    note: `chained test data built in ${round(buildS)} s (0 when cached), read into the OS page cache in ${round(warmS)} s`,
  })

  // The URL index behind the log: a tail of entries not yet indexed (read with LIKE), then the
  // background job catching up on it, then ingest with and without the job running.
  const TAIL = quick ? 20_000 : 40_000
  const headId = (wdb.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
  const unindex = wdb.prepare('DELETE FROM activity_url_fts WHERE rowid = ?')
  wdb.transaction(() => {
    for (let id = headId - TAIL + 1; id <= headId; id++) unindex.run(id)
    wdb.prepare('UPDATE activity_search_state SET indexed_to = ?').run(headId - TAIL)
  })()
  const tailSamples: number[] = []
  for (let i = 0; i < 3; i++)
    for (const search of ['tasks/4242/', 'no-such-path', 'projects/99999'])
      tailSamples.push(time(() => wengine.activityLog.list(org, { search }, null, 100)))
  rows.push({
    name: `activity: keyword search, rare/absent words, ${TAIL.toLocaleString('en')} entries not yet indexed (p95)`,
    figure: round(p95(tailSamples)),
    unit: 'ms',
    target: '≤ 200 ms',
    pass: p95(tailSamples) <= 200,
  })
  const chunks: SearchIndexChunk[] = []
  // The indexer's timers are unref'd (it never keeps a process alive); this suite must stay.
  const keepAlive = setInterval(() => {}, 1000)
  const c0 = performance.now()
  const { holdMs: indexerHold } = await longestHold(
    () =>
      new Promise<void>((resolve) => {
        const stop = startSearchIndexer(wengine, {
          onChunk: (c) => chunks.push(c),
          onIdle: () => {
            stop()
            resolve()
          },
        })
      }),
  )
  const catchUpS = (performance.now() - c0) / 1000
  const longest = Math.max(...chunks.map((c) => c.ms))
  const forgotten = chunks.reduce((n, c) => n + c.forgotten, 0)
  const forgetS = chunks.filter((c) => c.forgotten).reduce((n, c) => n + c.ms, 0) / 1000
  const indexS = chunks.filter((c) => c.ids).reduce((n, c) => n + c.ms, 0) / 1000
  rows.push({
    name: `activity: search indexer forgetting ${forgotten.toLocaleString('en')} purged and indexing ${TAIL.toLocaleString('en')} new entries, longest chunk`,
    figure: round(longest),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: longest <= 50,
    note:
      `${chunks.length} chunks in ${round(catchUpS)} s; inside chunks ${Math.round(TAIL / indexS).toLocaleString('en')} entries indexed/s, ` +
      `${Math.round(forgotten / forgetS).toLocaleString('en')} forgotten/s`,
  })
  rows.push({
    name: 'activity: search indexer (background job), longest event-loop hold',
    figure: round(indexerHold),
    unit: 'ms',
    target: '≤ 50 ms',
    pass: indexerHold <= 50,
  })

  // Ingest: 50 concurrent callers on group commit, without and with the indexer running.
  const recorder = activityRecorder(wdeps)
  const ingest = async (n: number) => {
    const t = performance.now()
    let left = n
    const caller = async () => {
      while (left-- > 0)
        await recorder.apiBatched({
          organization_id: org,
          actor_id: services[0]!.id,
          actor_email: 'bench@service.local',
          token_id: services[0]!.tokenId,
          ip: '127.0.0.1',
          user_agent: 'label-studio-sdk/1.0.8',
          method: 'GET',
          url: `/api/projects/7/tasks/?page=${left % 40}`,
          status: 200,
          duration_ms: 3,
          project_id: null,
          workspace_id: null,
          details: null,
        })
    }
    await Promise.all(Array.from({ length: 50 }, caller))
    return n / ((performance.now() - t) / 1000)
  }
  const N = quick ? 20_000 : 60_000
  const without = await ingest(N)
  const stopIndexer = startSearchIndexer(wengine)
  const withIndexer = await ingest(N)
  stopIndexer()
  clearInterval(keepAlive)
  const lag =
    (wdb.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m -
    (wdb.prepare('SELECT indexed_to AS n FROM activity_search_state').get() as { n: number }).n
  rows.push({
    name: 'activity: ingest, 50 concurrent callers, search indexer running',
    figure: Math.round(withIndexer),
    unit: 'entries/s',
    target: '≥ 15,000/s',
    pass: withIndexer >= 15_000,
    note: `${Math.round(without).toLocaleString('en')}/s without the indexer; ${lag.toLocaleString('en')} entries not yet indexed at the end`,
  })
  await checkpointer.stop()
  wdb.close()
  return rows
}
