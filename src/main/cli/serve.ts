import { registerAdminHttp } from '../rpc/http'
import { startCore } from '../core/start-core'
import type { Actor } from '../engine/deps'
import type { Engine } from '../engine/engine'
import { isEmpty, seedDemo } from './demo'
import { dbPathFor } from './open-engine'

export interface ServeOptions {
  db?: string
  host?: string
  port?: number
  demo?: boolean
  /** Host names accepted besides the bound address (a proxy's public name). */
  allowHosts?: string[]
  /** Mark the admin session cookie Secure (behind HTTPS). */
  secureCookies?: boolean
  /** Addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host are believed. */
  trustProxy?: string[]
  /** The activity log key file (default `<database>.log-key`). */
  logKeyFile?: string
}

/** Fills an empty database with the demo organization and prints the one-time token. */
function seedIfEmpty(engine: Engine, owner: Actor, path: string): void {
  if (!isEmpty(engine, owner)) {
    process.stderr.write(`--demo ignored: ${path} already holds an organization with data.\n`)
    return
  }
  const demo = seedDemo(engine, owner, engine.now())
  process.stdout.write(
    `Demo organization created (${demo.summary}).\n` +
      `Annotator service account “${demo.annotatorName}” is assigned to project ${demo.projectId} ` +
      `“${demo.projectTitle}”. Its token is shown only now — paste this line into your shell:\n\n` +
      `export TESSERA_TOKEN=${demo.annotatorToken}\n\n`,
  )
}

/**
 * Headless mode: startCore with the REST API at /api and the admin UI (serve-mode transport)
 * on one address given by the command line. Plain Node: nothing in this import graph may load
 * `electron`.
 */
export async function serve(opts: ServeOptions): Promise<{ url: string; close(): Promise<void> }> {
  const dbPath = dbPathFor(opts.db)
  const core = await startCore({
    dbPath,
    logKeyFile: opts.logKeyFile,
    prepare: opts.demo ? (engine, owner) => seedIfEmpty(engine, owner, dbPath) : undefined,
    api: {
      host: opts.host,
      port: opts.port,
      // An explicit --port must be honoured or fail; the default may move to the next free one.
      portFallback: opts.port === undefined,
      trustedHosts: opts.allowHosts,
      trustProxy: opts.trustProxy,
      // The admin UI (sign-in, /rpc, the built renderer) on the same address as the API.
      extend: (app, engine) =>
        registerAdminHttp(app, {
          engine,
          allowedHosts: opts.allowHosts,
          secureCookies: opts.secureCookies,
        }),
    },
  })
  const url = core.api.url()
  if (!url) {
    await core.close()
    throw new Error('the API did not start')
  }
  process.stdout.write(
    `Tessera is serving ${dbPath}\n` +
      `  admin UI   ${url}/\n` +
      `  REST API   ${url}/api/  (try: curl ${url}/health)\n`,
  )
  return { url, close: () => core.close() }
}
