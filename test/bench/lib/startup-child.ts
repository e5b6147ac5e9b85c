/**
 * Run in a fresh process by startup.bench.ts: opens and migrates a database, builds the engine,
 * does the first read the app does (the organization), and prints what that took and the
 * process's RSS as one JSON line. `--bare` prints only the RSS of a process that loaded nothing.
 */
const t0 = performance.now()
const [, , mode, path] = process.argv

async function main() {
  if (mode === '--bare') {
    console.log(JSON.stringify({ ms: 0, rss: process.memoryUsage().rss }))
    return
  }
  const { openDatabase } = await import('../../../src/main/db/open')
  const { defaultDeps } = await import('../../../src/main/engine/deps')
  const { createEngine } = await import('../../../src/main/engine/engine')
  const loaded = performance.now()
  const db = openDatabase(path!)
  const engine = createEngine(defaultDeps(db))
  const org = db.prepare('SELECT min(id) AS id FROM organizations').get() as { id: number | null }
  if (org.id !== null) engine.organization.overview(engine.organization.ensure())
  const ms = performance.now() - loaded
  // Give the GC a chance so RSS is what the engine holds, not what start-up left behind.
  ;(globalThis as { gc?: () => void }).gc?.()
  console.log(JSON.stringify({ ms, loadMs: loaded - t0, rss: process.memoryUsage().rss }))
  db.close()
}
main().catch((err) => {
  console.error(err)
  process.exit(1)
})
