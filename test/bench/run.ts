/**
 * `npm run bench`: discovers every test/bench/*.bench.ts and runs each suite in its own Node
 * process (a fresh heap, so one suite's garbage or RSS cannot colour the next), one after the
 * other, each with a fresh scratch folder under the OS temp dir. Prints one table and writes
 * test/bench/results.json. Always exits 0 when the suites ran: the table is a report. A row
 * with `pass: null` is informational (no target of its own): 'info' in the table, counted
 * apart from PASS and FAIL, kept as null in results.json.
 *
 *   --quick        1/10 of the sizes (the whole run under 2 minutes)
 *   --size xl      full sizes plus the scaling curves of `scale` (1 M, 10 M and 100 M entries;
 *                  hours and ~60 GB of disk the first time, the databases then cached)
 *   --only <name>  one suite, by file name without `.bench.ts` (repeatable, comma-separated)
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BenchRow, BenchSuite } from './types'
import { counts, fmt, renderTable, type SuiteResult } from './lib/report'

const here = dirname(fileURLToPath(import.meta.url))

interface Args {
  quick: boolean
  xl: boolean
  only: string[]
  child?: string
  workDir?: string
  out?: string
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, xl: false, only: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const next = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--quick') args.quick = true
    else if (a === '--size') {
      const size = next()
      if (size !== 'xl') throw new Error(`--size takes xl (got ${size})`)
      args.xl = true
    } else if (a === '--size=xl') args.xl = true
    else if (a === '--only') args.only.push(...next().split(','))
    else if (a.startsWith('--only=')) args.only.push(...a.slice(7).split(','))
    else if (a === '--child') args.child = next()
    else if (a === '--work-dir') args.workDir = next()
    else if (a === '--out') args.out = next()
    else if (a === '--help' || a === '-h') {
      console.log('npm run bench [-- --quick | --size xl] [-- --only <suite>[,<suite>…]]')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return args
}

/** Child mode: run one suite, write its rows (or its failure) as JSON to --out. */
async function runChild(args: Args): Promise<void> {
  const file = args.child!
  let payload: { rows: BenchRow[]; status: SuiteResult['status']; message?: string }
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: BenchSuite }
    if (typeof mod.run !== 'function') throw new Error(`${basename(file)} does not export run`)
    const rows = await mod.run({ quick: args.quick, xl: args.xl, workDir: args.workDir! })
    payload = { rows, status: 'ok' }
  } catch (err) {
    const e = err as Error
    const skip = e?.name === 'BenchUnavailable'
    if (!skip) console.error(e?.stack ?? e)
    payload = { rows: [], status: skip ? 'skip' : 'error', message: e?.message ?? String(e) }
  }
  writeFileSync(args.out!, JSON.stringify(payload))
  // A suite that failed half-way may leave a timer or a socket behind; the runner waits for
  // this process to exit, so do not let that hang the whole run.
  process.exit(0)
}

function runSuite(file: string, sizeFlags: string[]): Promise<SuiteResult> {
  const suite = basename(file, '.bench.ts')
  const workDir = mkdtempSync(join(os.tmpdir(), `tessera-bench-${suite}-`))
  const out = join(workDir, '.rows.json')
  const started = performance.now()
  const argv = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file]
  argv.push('--work-dir', workDir, '--out', out, ...sizeFlags)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', ...argv], { stdio: 'inherit' })
    const finish = (fallback: string) => {
      const seconds = (performance.now() - started) / 1000
      let result: SuiteResult
      try {
        result = { suite, seconds, ...JSON.parse(readFileSync(out, 'utf8')) }
      } catch {
        result = { suite, seconds, rows: [], status: 'error', message: fallback }
      }
      rmSync(workDir, { recursive: true, force: true })
      resolve(result)
    }
    child.on('error', (err) => finish(err.message))
    child.on('exit', (code, signal) => finish(`suite process exited (${signal ?? code})`))
  })
}

/** Re-runs of a suite whose failure may be the machine's load, not the code. */
const MAX_RERUNS = 2

async function attempt(file: string, name: string, cores: number, sizeFlags: string[]) {
  const load = os.loadavg()[0]!
  console.log(`\n▶ ${name} (load average ${load.toFixed(1)} on ${cores} cores)`)
  const r = await runSuite(file, sizeFlags)
  r.loadAverage = load
  r.loadAverageEnd = os.loadavg()[0]!
  return r
}

/** A row failed and the load average, at the start or the end, was above the core count. */
function failedWhileBusy(r: SuiteResult, cores: number): boolean {
  const busy = Math.max(r.loadAverage ?? 0, r.loadAverageEnd ?? 0) > cores
  return r.status === 'ok' && busy && r.rows.some((row) => row.pass === false)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.child) return runChild(args)

  const all = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    .map((f) => join(here, f))
  const names = all.map((f) => basename(f, '.bench.ts'))
  const unknown = args.only.filter((n) => !names.includes(n))
  if (unknown.length) {
    console.error(`no such suite: ${unknown.join(', ')} (have: ${names.join(', ')})`)
    process.exit(2)
  }
  const chosen = args.only.length
    ? all.filter((f) => args.only.includes(basename(f, '.bench.ts')))
    : all

  const cpus = os.cpus()
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  }
  console.log(
    `Tessera benchmarks${args.quick ? ' (--quick: 1/10 sizes)' : args.xl ? ' (--size xl)' : ''} — ${machine.cores} × ${machine.cpu}, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}`,
  )
  const started = Date.now()
  const sizeFlags = [...(args.quick ? ['--quick'] : []), ...(args.xl ? ['--size', 'xl'] : [])]
  const results: SuiteResult[] = []
  for (const file of chosen) {
    const name = basename(file, '.bench.ts')
    let r = await attempt(file, name, machine.cores, sizeFlags)
    const earlier: NonNullable<SuiteResult['earlier']> = []
    // A failing row while the machine was busy may be noise: run the suite again (at most
    // twice) and keep every attempt, so a regression (fails on a quiet machine too) shows.
    while (earlier.length < MAX_RERUNS && failedWhileBusy(r, machine.cores)) {
      const failed = r.rows.filter((row) => row.pass === false)
      earlier.push({ loadAverage: r.loadAverage!, loadAverageEnd: r.loadAverageEnd!, failed })
      console.log(
        `  ${failed.length} row(s) failed at load ${r.loadAverage!.toFixed(1)}–${r.loadAverageEnd!.toFixed(1)}: re-running ${name}`,
      )
      r = await attempt(file, name, machine.cores, sizeFlags)
    }
    if (earlier.length) r.earlier = earlier
    results.push(r)
    const tag = r.status === 'ok' ? `${r.rows.length} rows` : `${r.status}: ${r.message}`
    console.log(`  ${name} done in ${r.seconds.toFixed(1)} s (${tag})`)
  }
  const seconds = (Date.now() - started) / 1000
  console.log(`\n${renderTable(results)}  —  ${seconds.toFixed(0)} s in all\n`)
  for (const r of results.filter((x) => x.earlier)) {
    for (const [i, e] of r.earlier!.entries()) {
      const rows = e.failed.map((row) => `${row.name} ${fmt(row.figure)} ${row.unit}`).join('; ')
      console.log(
        `earlier attempt ${i + 1} of ${r.suite} (load ${e.loadAverage.toFixed(1)}–${e.loadAverageEnd.toFixed(1)}) failed: ${rows}`,
      )
    }
  }
  const busy = results.filter((r) => (r.loadAverage ?? 0) > machine.cores * 1.5)
  if (busy.length) {
    console.log(
      `note: the machine was busy (load average above ${machine.cores * 1.5}) when ${busy.map((r) => r.suite).join(', ')} ` +
        'started; wall-clock figures from a shared machine read low. Re-run on a quiet machine to compare.\n',
    )
  }
  // --only replaces those suites in the previous results (of the same size) and keeps the
  // rest, so results.json always holds the latest figure of every suite, each with its date.
  const file = join(here, 'results.json')
  const date = new Date(started).toISOString()
  const fresh = results.map((r) => ({
    ...r,
    date,
    rows: r.rows.map((row) => ({ ...row, ratio: row.baseline ? row.figure / row.baseline : null })),
  }))
  let suites: typeof fresh = fresh
  if (args.only.length && existsSync(file)) {
    try {
      const previous = JSON.parse(readFileSync(file, 'utf8')) as {
        quick?: boolean
        suites?: typeof fresh
      }
      if (previous.quick === args.quick && previous.suites) {
        const kept = previous.suites.filter((s) => !fresh.some((f) => f.suite === s.suite))
        suites = [...kept, ...fresh].sort((x, y) => x.suite.localeCompare(y.suite))
      }
    } catch {
      // An unreadable previous file is simply replaced.
    }
  }
  writeFileSync(
    file,
    JSON.stringify(
      { date, quick: args.quick, xl: args.xl, machine, seconds, summary: counts(suites), suites },
      null,
      2,
    ) + '\n',
  )
  console.log(`written: ${join('test', 'bench', 'results.json')}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
