import type { FastifyInstance } from 'fastify'
import { startLocalApi, DEFAULT_PORT } from '../api/server'
import * as adminHttp from '../rpc/http'
import { isEmpty, seedDemo } from './demo'
import { openEngine } from './open-engine'

export interface ServeOptions {
  db?: string
  host?: string
  port?: number
  demo?: boolean
}

type RegisterAdminHttp = (app: FastifyInstance, opts: { engine: unknown }) => void

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
  // The admin UI transport (src/main/rpc/http.ts). Looked up by name so this file builds
  // whether or not that module exports it yet.
  const register = (adminHttp as Record<string, unknown>).registerAdminHttp as
    | RegisterAdminHttp
    | undefined
  const running = await startLocalApi({
    engine,
    host: opts.host,
    port: opts.port ?? DEFAULT_PORT,
    // An explicit --port must be honoured or fail; the default may move to the next free one.
    portFallback: opts.port === undefined,
    extend: (app) => register?.(app, { engine }),
  })
  process.stdout.write(
    `Tessera is serving ${opened.path}\n` +
      `  admin UI   ${running.url}/\n` +
      `  REST API   ${running.url}/api/  (try: curl ${running.url}/health)\n`,
  )
  return {
    url: running.url,
    close: async () => {
      await running.close()
      opened.close()
    },
  }
}
