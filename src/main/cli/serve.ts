import { startLocalApi, DEFAULT_PORT } from '../api/server'
import { startRetention } from '../engine/activity/retention-schedule'
import { startSearchIndexer } from '../engine/activity/search-indexer'
import { registerAdminHttp } from '../rpc/http'
import { startPerformanceRollup } from '../engine/performance/rollup-schedule'
import { isEmpty, seedDemo } from './demo'
import { openEngine } from './open-engine'

export interface ServeOptions {
  db?: string
  host?: string
  port?: number
  demo?: boolean
  /** Host names accepted besides the bound address (a proxy's public name). */
  allowHosts?: string[]
  /** Mark the admin session cookie Secure (behind HTTPS). */
  secureCookies?: boolean
}

/**
 * Headless mode: the engine, the REST API at /api and the admin UI (serve-mode transport) on
 * one address. Plain Node: nothing in this import graph may load `electron`.
 */
export async function serve(opts: ServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const opened = openEngine(opts.db)
  const { engine, owner } = opened
  if (opts.demo) {
    if (!isEmpty(engine, owner.organizationId)) {
      process.stderr.write(
        `--demo ignored: ${opened.path} already holds an organization with data.\n`,
      )
    } else {
      const demo = seedDemo(engine, owner, engine.deps.now())
      process.stdout.write(
        `Demo organization created (${demo.summary}).\n` +
          `Annotator service account “${demo.annotatorName}” is assigned to project ${demo.projectId} ` +
          `“${demo.projectTitle}”. Its token is shown only now — paste this line into your shell:\n\n` +
          `export TESSERA_TOKEN=${demo.annotatorToken}\n\n`,
      )
    }
  }
  const running = await startLocalApi({
    engine,
    host: opts.host,
    port: opts.port ?? DEFAULT_PORT,
    // An explicit --port must be honoured or fail; the default may move to the next free one.
    portFallback: opts.port === undefined,
    trustedHosts: opts.allowHosts,
    // The admin UI (sign-in, /rpc, the built renderer) on the same address as the API.
    extend: (app) =>
      registerAdminHttp(app, {
        engine,
        allowedHosts: opts.allowHosts,
        secureCookies: opts.secureCookies,
      }),
  })
  const stopRollup = startPerformanceRollup(engine)
  // Purge entries past the organization's retention now and daily, in short batches.
  const stopRetention = startRetention(engine)
  const stopSearchIndexer = startSearchIndexer(engine)
  process.stdout.write(
    `Tessera is serving ${opened.path}\n` +
      `  admin UI   ${running.url}/\n` +
      `  REST API   ${running.url}/api/  (try: curl ${running.url}/health)\n`,
  )
  return {
    url: running.url,
    close: async () => {
      stopRollup()
      stopRetention()
      stopSearchIndexer()
      await running.close()
      opened.close()
    },
  }
}
