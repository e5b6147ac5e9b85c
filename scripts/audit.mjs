#!/usr/bin/env node
// `npm audit` of the packages Tessera ships (dependencies, not devDependencies), failing on a
// high or critical advisory. Where the advisory service cannot be reached (an offline machine,
// a registry mirror without the audit endpoint) it says so in one line and passes: being
// offline is not a finding. Usage: node scripts/audit.mjs [--audit-level=high]
import { spawnSync } from 'node:child_process'

const levelArg = process.argv.find((a) => a.startsWith('--audit-level='))
const level = levelArg ? levelArg.split('=')[1] : 'high'
const LEVELS = ['info', 'low', 'moderate', 'high', 'critical']
if (!LEVELS.includes(level)) {
  console.error(`audit: unknown level ${level} (one of ${LEVELS.join(', ')})`)
  process.exit(2)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = spawnSync(npm, ['audit', '--omit=dev', `--audit-level=${level}`, '--json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 120_000,
  shell: process.platform === 'win32',
})

let report = null
try {
  report = JSON.parse(run.stdout)
} catch {
  report = null
}

// A real report always carries metadata.vulnerabilities; an unreachable service does not.
const counts = report?.metadata?.vulnerabilities
if (!counts) {
  const why =
    report?.message ?? run.error?.message ?? (run.stderr || '').split('\n').find(Boolean) ?? ''
  console.log(
    `audit: the advisory service could not be reached (${String(why).slice(0, 120)}); skipped.`,
  )
  process.exit(0)
}

const serious = LEVELS.slice(LEVELS.indexOf(level)).reduce((n, l) => n + (counts[l] ?? 0), 0)
const summary = LEVELS.map((l) => `${counts[l] ?? 0} ${l}`).join(', ')
if (serious > 0) {
  console.error(
    `audit: ${serious} advisories at ${level} or above in shipped packages (${summary}).`,
  )
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (LEVELS.indexOf(v.severity) >= LEVELS.indexOf(level)) {
      const via = (v.via ?? [])
        .map((x) => (typeof x === 'string' ? x : (x.url ?? x.title)))
        .join(' ')
      console.error(`  ${name} (${v.severity}, ${v.range}): ${via}`)
    }
  }
  process.exit(1)
}
console.log(`audit: no advisories at ${level} or above in shipped packages (${summary}).`)
