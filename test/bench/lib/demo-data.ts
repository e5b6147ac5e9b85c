/** The demo's database for the browser suites, seeded once a day and cached. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { keyFileFor } from '../../../src/main/engine/activity/log-keys'
import { schemaKey } from './activity-data'
import { startServe } from './serve'

/**
 * The demo's 90 days of work, seeded by `serve --demo` once a day (its dates are relative to
 * today) and kept in the bench cache, so each run copies it instead of seeding again.
 */
export async function demoDb(workDir: string, port: number): Promise<string> {
  const dir = join(os.tmpdir(), 'tessera-bench-cache')
  mkdirSync(dir, { recursive: true })
  const day = new Date().toISOString().slice(0, 10)
  const cached = join(dir, `demo-${schemaKey()}-${day}.db`)
  if (existsSync(cached)) return cached
  const scratch = join(workDir, 'demo-seed.db')
  const seeding = await startServe(scratch, port, { demo: true, timeoutMs: 180_000 })
  await seeding.stop() // a clean stop checkpoints the WAL into the file
  for (const old of readdirSync(dir).filter((f) => f.startsWith('demo-')))
    rmSync(join(dir, old), { force: true })
  copyWithLogKey(scratch, cached)
  return cached
}

/**
 * Copies a database with its log key (`<db>.log-key`, see engine/activity/log-keys.ts): serve
 * refuses a keyed log whose key is not beside it.
 */
export function copyWithLogKey(from: string, to: string): void {
  copyFileSync(from, to)
  if (existsSync(keyFileFor(from))) copyFileSync(keyFileFor(from), keyFileFor(to))
}
