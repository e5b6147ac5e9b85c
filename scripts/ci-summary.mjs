#!/usr/bin/env node
// Prints the one line CI reads, `N passed, N failed`, from vitest's JSON report (numPassedTests
// and numFailedTests). A missing or unreadable report counts as one failure and exits 1, so a
// run that crashed before reporting can never look green.
//   node scripts/ci-summary.mjs artifacts/vitest-results.json
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'artifacts/vitest-results.json'

function read(path) {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'))
    const passed = report?.numPassedTests
    const failed = report?.numFailedTests
    if (!Number.isInteger(passed) || !Number.isInteger(failed)) return null
    return { report, passed, failed }
  } catch {
    return null
  }
}

const result = read(file)
if (!result) {
  console.log(`ci-summary: no readable vitest report at ${file}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}

// Test files that failed to load contribute no failed test; say so above the summary line
// (vitest's exit code already fails the run).
const brokenFiles = (result.report.testResults ?? []).filter(
  (r) => r?.status === 'failed' && (r.assertionResults ?? []).every((a) => a?.status !== 'failed'),
)
for (const r of brokenFiles) {
  console.log(`ci-summary: test file failed without a failing test: ${r.name}`)
}
console.log(`${result.passed} passed, ${result.failed} failed`)
