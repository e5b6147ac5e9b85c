import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

/** Runs scripts/audit.mjs with a stand-in `npm` first on PATH that prints `report`. */
function audit(report: unknown, exitCode = 1) {
  const bin = mkdtempSync(join(tmpdir(), 'tessera-npm-'))
  writeFileSync(join(bin, 'report.json'), JSON.stringify(report))
  const fake = join(bin, 'npm')
  writeFileSync(fake, `#!/bin/sh\ncat "${join(bin, 'report.json')}"\nexit ${exitCode}\n`)
  chmodSync(fake, 0o755)
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/audit.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  })
  return { code: run.status, out: `${run.stdout}${run.stderr}` }
}

const counts = (c: Partial<Record<string, number>>) => ({
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...c } },
})

describe('scripts/audit.mjs (the CI advisory step)', () => {
  it('fails on a high advisory in a shipped package and names it', () => {
    const r = audit({
      ...counts({ high: 1 }),
      vulnerabilities: {
        fastify: { severity: 'high', range: '<5.7.2', via: [{ url: 'GHSA-jx2c-rxcm-jvmq' }] },
      },
    })
    expect(r.code).toBe(1)
    expect(r.out).toContain('fastify (high, <5.7.2): GHSA-jx2c-rxcm-jvmq')
  })

  it('passes when only lower advisories are reported', () => {
    const r = audit({ ...counts({ moderate: 2, low: 1 }), vulnerabilities: {} })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/no advisories at high or above/)
  })

  it('passes with one line when the advisory service cannot be reached', () => {
    const r = audit({
      message: 'request to the advisory service failed, reason: getaddrinfo EAI_AGAIN',
    })
    expect(r.code).toBe(0)
    expect(r.out.trim().split('\n')).toHaveLength(1)
    expect(r.out).toMatch(/could not be reached .*EAI_AGAIN.*skipped/)
  })
})

describe('scripts/ensure-electron.mjs (run by npm start, dev and dist)', () => {
  it('exits 0 when Electron is installed, else explains in one line without a stack', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-electron.mjs')], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    const out = `${run.stdout}${run.stderr}`.trim()
    if (run.status === 0) {
      expect(existsSync(join(ROOT, 'node_modules/electron/path.txt'))).toBe(true)
      return
    }
    expect(out.split('\n')).toHaveLength(1)
    expect(out).toMatch(/^Electron \d+\.\d+\.\d+ could not be downloaded/)
    expect(out).toContain('npm run serve')
    expect(out).not.toMatch(/\n\s+at /)
  })
})
