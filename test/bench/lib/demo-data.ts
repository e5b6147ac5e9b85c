/** The demo's database for the browser suites, seeded once a day and cached. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
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
  copyFileSync(scratch, cached)
  return cached
}
