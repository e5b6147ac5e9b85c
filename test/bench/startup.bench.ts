/**
 * Start-up (issue 8 §7): open and migrate a 10-million-entry database and build the engine,
 * ≤ 300 ms; engine RSS after start ≤ 150 MB. Each sample is a fresh Node process on a database
 * that is already at the current schema (the daily start; the OS page cache is warm after the
 * first sample). Baselines: the same start on a database with no entries, and the RSS of a Node
 * process under the same loader that opened nothing.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { checkSchema } from '../../src/main/db/schema-check'
import { cachedActivityDb } from './lib/activity-data'
import { median } from './lib/measure'
import type { BenchRow, BenchSuite } from './types'

const child = join(fileURLToPath(new URL('.', import.meta.url)), 'lib', 'startup-child.ts')
const MB = 1024 * 1024

interface Sample {
  ms: number
  rss: number
}

function sample(...args: string[]): Sample {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], {
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Sample
}

function samples(n: number, ...args: string[]): { ms: number; rss: number } {
  sample(...args) // first run warms the OS page cache and tsx's transform cache
  const s = Array.from({ length: n }, () => sample(...args))
  return { ms: median(s.map((x) => x.ms)), rss: median(s.map((x) => x.rss)) }
}

const schemaCheck = fileURLToPath(new URL('../../src/main/db/schema-check.ts', import.meta.url))

/**
 * The schema check alone, as start-up runs it: a fresh connection to the file each time (so
 * the timing includes SQLite reading sqlite_schema), the expected objects already derived.
 */
function schemaCheckMs(path: string, n: number): number {
  const times: number[] = []
  for (let i = 0; i <= n; i++) {
    const db = new Database(path, { readonly: true })
    try {
      const t = performance.now()
      const result = checkSchema(db)
      const ms = performance.now() - t
      if (!result.ok)
        throw new Error(`the bench database fails the schema check: ${JSON.stringify(result)}`)
      if (i > 0) times.push(ms) // the first call in this process also derives the expected set
    } finally {
      db.close()
    }
  }
  return median(times)
}

/** Deriving the expected objects (every migration applied to :memory:), once per process. */
function deriveMs(n: number): number {
  // tsx loads the module as CommonJS here: its exports arrive on `default`.
  const script =
    `const m = await import(${JSON.stringify(schemaCheck)}); const t = performance.now(); ` +
    `(m.expectedSchema ?? m.default.expectedSchema)(0); ` +
    `console.log(JSON.stringify({ ms: performance.now() - t }))`
  const once = () =>
    (
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          encoding: 'utf8',
        })
          .trim()
          .split('\n')
          .at(-1)!,
      ) as { ms: number }
    ).ms
  once()
  return median(Array.from({ length: n }, once))
}

export const run: BenchSuite = async ({ quick }) => {
  const entries = quick ? 1_000_000 : 10_000_000
  const big = cachedActivityDb(entries)
  const empty = cachedActivityDb(0)
  const n = quick ? 2 : 7
  const full = samples(n, '--open', big)
  const none = samples(n, '--open', empty)
  const bare = samples(n, '--bare')
  const size = `${entries / 1_000_000} M`
  const check = schemaCheckMs(big, 50)
  const derive = deriveMs(n)
  const rows: BenchRow[] = [
    {
      name: `startup: open + migrate + engine, ${size} entries`,
      figure: full.ms,
      unit: 'ms',
      baseline: none.ms,
      target: '≤ 300 ms',
      pass: full.ms <= 300,
      note: `median of ${n} fresh processes, schema current, warm OS cache; baseline = same with 0 entries`,
    },
    {
      name: `startup: engine RSS after start, ${size} entries`,
      figure: full.rss / MB,
      unit: 'MB',
      baseline: bare.rss / MB,
      target: '≤ 150 MB',
      pass: full.rss / MB <= 150,
      note: 'measured in a child process run under tsx; baseline = RSS of the same process that opened nothing',
    },
    {
      name: `startup: schema check alone, ${size} entries`,
      figure: check,
      unit: 'ms',
      target: '≤ 5 ms',
      pass: check <= 5,
      note: 'median of 50 fresh connections: sqlite_schema read and compared with what the migrations create',
    },
    {
      name: 'startup: deriving the expected schema, once per process',
      figure: derive,
      unit: 'ms',
      pass: null,
      note: `every migration applied to :memory: and read back; median of ${n} fresh processes`,
    },
  ]
  return rows
}
