/**
 * Scaling curves (issue 17), opt-in: `npm run bench -- --size xl [--only scale]`. A busy
 * organization writes ~275,000 API requests a day, 100 M activity entries a year. For logs of
 * 1 M, 10 M and 100 M chained entries (generated with bulk inserts and kept in the bench cache;
 * the build time is printed), each size measures: the viewer's first page for the worst filter
 * combination (p95), the capped match count, keyword search for a rare and an absent word, the
 * CSV export rate and its memory, start-up (a fresh process opening the file), database and
 * index bytes per entry, and the longest transaction of a purge of the oldest 100,000 entries
 * (on a copy of the cached file, when the disk has room for one). The baseline of every row is
 * the same row at 1 M entries in the same run, so a flat curve reads ~1×.
 *
 * TESSERA_BENCH_XL_SIZES=1000000,10000000 limits the sizes (a machine without ~60 GB free).
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, createWriteStream, rmSync, statSync, statfsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../../src/main/db/open'
import { activityRepo } from '../../src/main/db/repos/activity.repo'
import { activityLogService } from '../../src/main/engine/activity/activity-log.service'
import type { ActivityFilter } from '../../src/main/engine/activity/query-sql'
import { DAY_MS, defaultDeps } from '../../src/main/engine/deps'
import { cachedChainDb, chainBuildInfo, worldOf } from './lib/activity-chain'
import { filterCombos } from './lib/activity-filters'
import { median, percentile, timeOnce, warmFile } from './lib/measure'
import { BenchUnavailable, type BenchRow, type BenchSuite } from './types'

const END = Date.UTC(2026, 10, 1)
const SIZES = [1_000_000, 10_000_000, 100_000_000]
const EXPORT_ENTRIES = 1_000_000
const PURGE_ENTRIES = 100_000
const startupChild = join(fileURLToPath(new URL('.', import.meta.url)), 'lib', 'startup-child.ts')
const round = (n: number) => Math.round(n * 10) / 10
const p95 = (xs: readonly number[]) => percentile(xs, 95)
const label = (n: number) => `${n / 1e6} M`

function sizesToRun(): number[] {
  const raw = process.env.TESSERA_BENCH_XL_SIZES
  if (!raw) return SIZES
  const sizes = raw.split(',').map((s) => Number(s.trim()))
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new Error(`TESSERA_BENCH_XL_SIZES must list entry counts ≥ 1000 (got ${raw})`)
  return sizes
}

/** One size's figures, by row key; the rows are built once every size has run. */
type Figures = Record<string, { figure: number; unit: string; target?: string; note?: string }>

/** Start-up of the app on this file: the median of 3 fresh processes after a warming one. */
function startupMs(path: string): number {
  const once = () =>
    (
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', startupChild, 'db', path],
          {
            encoding: 'utf8',
          },
        )
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { ms: number }
    ).ms
  once()
  return median([once(), once(), once()])
}

async function measureSize(count: number, workDir: string): Promise<Figures> {
  const started = performance.now()
  const cached = cachedChainDb(count, END)
  const builtNow = (performance.now() - started) / 1000
  const build = chainBuildInfo(cached)
  const warmS = warmFile(cached)
  const figures: Figures = {}
  const db = openDatabase(cached, { migrate: false, readonly: true })
  try {
    const service = activityLogService(defaultDeps(db), { activity: activityRepo(db) })
    const world = worldOf(db)
    const org = world.orgId
    const maxId = (db.prepare('SELECT max(id) AS m FROM activity_entries').get() as { m: number }).m
    const tsOf = (id: number) =>
      (
        db.prepare('SELECT ts FROM activity_entries WHERE id >= ? LIMIT 1').get(id) as {
          ts: number
        }
      ).ts
    const lastTs = tsOf(maxId)
    const combos = filterCombos(world, lastTs)

    const perCombo = combos.map(([, make]) => {
      const samples: number[] = []
      for (let i = 0; i < 10; i++) {
        const f = make(i)
        samples.push(timeOnce(() => service.list(org, f, null, 100)))
        const first = service.list(org, f, null, 100)
        if (first.nextCursor)
          samples.push(timeOnce(() => service.list(org, f, first.nextCursor, 100)))
      }
      return p95(samples)
    })
    const worstAt = perCombo.indexOf(Math.max(...perCombo))
    figures.page = {
      figure: perCombo[worstAt]!,
      unit: 'ms',
      target: '≤ 50 ms',
      note: `worst: ${combos[worstAt]![0]}`,
    }
    const counts: number[] = []
    for (const [, make] of combos)
      for (let i = 0; i < 3; i++) counts.push(timeOnce(() => service.count(org, make(i))))
    figures.count = { figure: p95(counts), unit: 'ms', target: '≤ 100 ms' }

    const search = (filters: ActivityFilter[]) => {
      const samples: number[] = []
      for (let run = 0; run < 4; run++)
        for (const f of filters) {
          samples.push(timeOnce(() => service.list(org, f, null, 100)))
          samples.push(timeOnce(() => service.count(org, f)))
        }
      return p95(samples)
    }
    figures.rare = {
      figure: search([{ search: 'tasks/4242/' }, { search: 'tasks/99999/ OR tasks/12345/' }]),
      unit: 'ms',
      target: '≤ 200 ms',
      note: 'page and capped count',
    }
    figures.absent = {
      figure: search([{ search: 'no-such-path' }, { search: 'projects/99999' }]),
      unit: 'ms',
      target: '≤ 200 ms',
      note: 'page and capped count',
    }

    // Export of the newest entries (all of them at 1 M), sampling RSS. A short export first
    // lets the heap reach its working size, so the row shows what the export itself holds
    // (constant in the entries exported) rather than V8 growing its young generation once.
    const n = Math.min(EXPORT_ENTRIES, count)
    await service.exportActivity(
      org,
      { from: tsOf(maxId - 100_000) },
      'csv',
      new Writable({
        write: (_chunk, _encoding, done) => done(),
      }),
    )
    globalThis.gc?.()
    const rss0 = process.memoryUsage().rss
    let peak = rss0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const file = join(workDir, 'export.csv')
    const out = createWriteStream(file)
    const t0 = performance.now()
    const written = await service.exportActivity(org, { from: tsOf(maxId - n + 1) }, 'csv', out)
    out.end()
    await finished(out)
    const exportS = (performance.now() - t0) / 1000
    clearInterval(sampler)
    rmSync(file, { force: true })
    figures.exportRate = {
      figure: written / exportS,
      unit: 'entries/s',
      note: `newest ${written.toLocaleString('en')} entries to CSV`,
    }
    figures.exportRss = {
      figure: (Math.max(peak, process.memoryUsage().rss) - rss0) / 2 ** 20,
      unit: 'MB',
      target: '≤ 100 MB',
      note: 'beyond a 100,000-entry export run just before (the heap at its working size)',
    }

    // Bytes per entry: the whole file, and the indexes (B-trees other than the table itself).
    const pageSize = db.pragma('page_size', { simple: true }) as number
    const pages = db
      .prepare(
        "SELECT name, count(*) AS n FROM dbstat WHERE name LIKE 'activity%' OR name LIKE 'sqlite_autoindex_activity%' GROUP BY name",
      )
      .all() as { name: string; n: number }[]
    const indexPages = pages
      .filter((p) => p.name !== 'activity_entries')
      .reduce((s, p) => s + p.n, 0)
    const entries = (
      db.prepare('SELECT count(*) AS n FROM activity_entries').get() as { n: number }
    ).n
    figures.fileBytes = {
      figure: statSync(cached).size / entries,
      unit: 'B/entry',
      note: `${round(statSync(cached).size / 1e9)} GB for ${entries.toLocaleString('en')} entries`,
    }
    figures.indexBytes = {
      figure: (indexPages * pageSize) / entries,
      unit: 'B/entry',
      note: 'secondary indexes and the URL search index',
    }
    figures.build = {
      figure: build?.seconds ?? builtNow,
      unit: 's',
      note: build
        ? `${build.steps.join(', ')}; read into the page cache in ${round(warmS)} s`
        : 'build time not recorded (an older cache)',
    }
  } finally {
    db.close()
  }
  figures.startup = { figure: startupMs(cached), unit: 'ms', target: '≤ 300 ms' }

  // Purge of the oldest entries on a copy (never on the cache other suites share).
  const free = statfsSync(dirname(workDir)).bavail * statfsSync(dirname(workDir)).bsize
  const size = statSync(cached).size
  if (free > size * 1.5) {
    const copy = join(workDir, 'purge.db')
    copyFileSync(cached, copy)
    const wdb = openDatabase(copy)
    try {
      const firstId = (
        wdb.prepare('SELECT min(id) AS m FROM activity_entries').get() as { m: number }
      ).m
      const cutoffTs = (
        wdb
          .prepare('SELECT ts FROM activity_entries WHERE id >= ? LIMIT 1')
          .get(firstId + PURGE_ENTRIES) as { ts: number }
      ).ts
      const wdeps = { ...defaultDeps(wdb), now: () => cutoffTs + 180 * DAY_MS }
      const purge = await activityLogService(wdeps, {
        activity: activityRepo(wdb),
      }).purgeExpired()
      figures.purge = {
        figure: purge.maxBatchMs,
        unit: 'ms',
        target: '≤ 100 ms',
        note: `${purge.deleted.toLocaleString('en')} entries in ${purge.batches} transactions`,
      }
    } finally {
      wdb.close()
      for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true })
    }
  } else {
    figures.purge = {
      figure: NaN,
      unit: 'ms',
      note: `not measured: a copy of the ${round(size / 1e9)} GB file does not fit in ${round(free / 1e9)} GB free`,
    }
  }
  return figures
}

const ROWS: [key: string, name: string][] = [
  ['page', 'first page, worst filter combination (p95)'],
  ['count', 'match count, capped at 10 000 (p95 over all combinations)'],
  ['rare', 'keyword search, a rare word (p95)'],
  ['absent', 'keyword search, a word in no entry (p95)'],
  ['exportRate', 'CSV export rate'],
  ['exportRss', 'CSV export, peak RSS growth'],
  ['startup', 'start-up: open + migrate + engine'],
  ['fileBytes', 'database size per entry'],
  ['indexBytes', 'index size per entry'],
  ['purge', `purge of the oldest ${PURGE_ENTRIES.toLocaleString('en')}, longest transaction`],
  ['build', 'generating the chained log (bulk inserts, once; then cached)'],
]

export const run: BenchSuite = async ({ xl, workDir }) => {
  if (!xl)
    throw new BenchUnavailable('opt-in: npm run bench -- --size xl (1 M, 10 M and 100 M entries)')
  const measured: [number, Figures][] = []
  for (const count of sizesToRun()) {
    console.log(`  scale: ${label(count)} entries`)
    measured.push([count, await measureSize(count, workDir)])
  }
  const [, smallest] = measured[0]!
  const rows: BenchRow[] = []
  for (const [key, name] of ROWS) {
    for (const [count, figures] of measured) {
      const f = figures[key]!
      const base = smallest[key]!.figure
      const limit = f.target ? Number(/[\d.]+/.exec(f.target)![0]) : null
      rows.push({
        name: `scale ${label(count)}: ${name}`,
        figure: Number.isFinite(f.figure) ? round(f.figure) : f.figure,
        unit: f.unit,
        baseline: count === measured[0]![0] || !Number.isFinite(base) ? undefined : round(base),
        target: f.target,
        pass: limit === null ? null : Number.isFinite(f.figure) ? f.figure <= limit : null,
        note: f.note,
      })
    }
  }
  return rows
}
