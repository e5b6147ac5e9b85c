import type { BenchRow } from '../types'

export interface SuiteResult {
  suite: string
  seconds: number
  rows: BenchRow[]
  /** Set when the suite could not run: 'skip' (not available yet) or 'error'. */
  status: 'ok' | 'skip' | 'error'
  message?: string
  /** 1-minute load average when the suite started (other work on the machine skews figures). */
  loadAverage?: number
  /** 1-minute load average when it ended. */
  loadAverageEnd?: number
  /**
   * Earlier attempts of a suite that had a failing row while the machine was busy (it is re-run
   * at most twice): their failing rows and load, so noise and regression can be told apart.
   */
  earlier?: { loadAverage: number; loadAverageEnd: number; failed: BenchRow[] }[]
}

/** 3 significant digits, thousands separated: 15234.7 → '15,200', 0.01234 → '0.0123'. */
export function fmt(n: number | undefined): string {
  if (n === undefined) return '—'
  if (!Number.isFinite(n)) return String(n)
  if (n === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(n))))
  const rounded = Number(n.toPrecision(3))
  return rounded.toLocaleString('en-US', { maximumFractionDigits: Math.min(digits, 6) })
}

export function ratio(row: BenchRow): number | undefined {
  if (row.ratios?.length) {
    const s = [...row.ratios].sort((a, b) => a - b)
    const m = Math.floor(s.length / 2)
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
  }
  return row.baseline ? row.figure / row.baseline : undefined
}

/** The ratio column: '0.64×', or '0.64× (0.58–0.74)' with the spread of its rounds. */
export function ratioText(row: BenchRow): string {
  const q = ratio(row)
  if (q === undefined) return '—'
  if (!row.ratios?.length) return `${fmt(q)}×`
  return `${fmt(q)}× (${fmt(Math.min(...row.ratios))}–${fmt(Math.max(...row.ratios))})`
}

/** 'PASS', 'FAIL', or 'info' for a row with no target of its own (`pass: null`). */
export function verdict(row: BenchRow): string {
  return row.pass === null ? 'info' : row.pass ? 'PASS' : 'FAIL'
}

/** The target column: '—' for an informational row, whatever its `target` says. */
export const targetText = (row: BenchRow): string => (row.pass === null ? '—' : (row.target ?? '—'))

/** The table `npm run bench` prints, then the notes and the PASS/FAIL/INFO/SKIP/ERROR count. */
export function renderTable(results: SuiteResult[]): string {
  const header = ['benchmark', 'figure', 'unit', 'baseline', 'ratio', 'target', 'result']
  const lines: string[][] = []
  const notes: string[] = []
  for (const r of results) {
    if (r.status !== 'ok') {
      const word = r.status === 'skip' ? 'SKIP' : 'ERROR'
      lines.push([`${r.suite}: ${word.toLowerCase()}`, '—', '', '—', '—', '—', word])
      notes.push(`${r.suite}: ${r.message ?? ''}`)
    }
    for (const row of r.rows) {
      lines.push([
        row.name,
        fmt(row.figure),
        row.unit,
        fmt(row.baseline),
        ratioText(row),
        targetText(row),
        verdict(row),
      ])
      if (row.note) notes.push(`${row.name}: ${row.note}`)
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const right = new Set([1, 3, 4])
  const cell = (s: string, i: number) =>
    right.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)
  const out = [
    header.map(cell).join('  '),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...lines.map((l) => l.map(cell).join('  ')),
  ]
  if (notes.length) out.push('', ...notes.map((n) => `  · ${n}`))
  const c = counts(results)
  out.push('', `${c.pass} PASS, ${c.fail} FAIL, ${c.info} INFO, ${c.skip} SKIP, ${c.error} ERROR`)
  return out.join('\n')
}

export function counts(results: SuiteResult[]) {
  const rows = results.flatMap((r) => r.rows)
  return {
    pass: rows.filter((r) => r.pass === true).length,
    fail: rows.filter((r) => r.pass === false).length,
    info: rows.filter((r) => r.pass === null).length,
    skip: results.filter((r) => r.status === 'skip').length,
    error: results.filter((r) => r.status === 'error').length,
  }
}
