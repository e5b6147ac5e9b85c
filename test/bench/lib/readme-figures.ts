/**
 * Prints test/bench/results.json as the Markdown table in the README's "Performance" section:
 * figures as orders of magnitude and ratios to the same run's baseline.
 *   node --import tsx test/bench/lib/readme-figures.ts
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchRow } from '../types'
import { fmt, ratioText, targetText, verdict } from './report'

interface Results {
  date: string
  quick: boolean
  machine: { cores: number; cpu: string; memoryGiB: number; node: string }
  suites: {
    suite: string
    status: string
    message?: string
    loadAverage?: number
    rows: BenchRow[]
  }[]
}

/** 15234 → '~10⁴ (15,200)'; small numbers stay plain. */
function magnitude(n: number, unit: string): string {
  if (!Number.isFinite(n)) return String(n)
  if (Math.abs(n) < 1000) return `${fmt(n)} ${unit}`
  const exp = Math.floor(Math.log10(Math.abs(n)))
  const sup = String(exp).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!)
  return `~10${sup} ${unit} (${fmt(n)})`
}

const file = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'results.json')
const r = JSON.parse(readFileSync(file, 'utf8')) as Results
const out = [
  `Measured ${r.date.slice(0, 10)} on ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, ` +
    `Node ${r.machine.node}${r.quick ? ' (--quick sizes)' : ''}:`,
  '',
  '| benchmark | measured | ratio to baseline (same run) | target | result |',
  '| --- | --- | --- | --- | --- |',
]
for (const s of r.suites) {
  if (s.status !== 'ok') {
    out.push(`| ${s.suite} | — | — | — | ${s.status.toUpperCase()}: ${s.message ?? ''} |`)
    continue
  }
  for (const row of s.rows) {
    const ratio = row.baseline ? `${ratioText(row)} of ${fmt(row.baseline)} ${row.unit}` : '—'
    out.push(
      `| ${row.name} | ${magnitude(row.figure, row.unit)} | ${ratio} | ${targetText(row)} | ${verdict(row)} |`,
    )
  }
}
console.log(out.join('\n'))
