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

export const run: BenchSuite = async ({ quick }) => {
  const entries = quick ? 1_000_000 : 10_000_000
  const big = cachedActivityDb(entries)
  const empty = cachedActivityDb(0)
  const n = quick ? 2 : 7
  const full = samples(n, '--open', big)
  const none = samples(n, '--open', empty)
  const bare = samples(n, '--bare')
  const size = `${entries / 1_000_000} M`
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
  ]
  return rows
}
