import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './open'

/** SQLite's own default: checkpoint in the committing connection once the WAL has 1000 pages. */
const AUTOCHECKPOINT_PAGES = 1000

/**
 * The worker: its own connection to the same file, running a PASSIVE checkpoint whenever it is
 * asked (PASSIVE never waits for or blocks a reader or the writer). CommonJS text, so it needs
 * no bundling; the driver is required by the absolute path the main thread resolved.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('wal_autocheckpoint = 0')
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed })
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String((err && err.message) || err) })
  }
})
parentPort.postMessage({ ready: true })
`

interface Reply {
  ready?: true
  ok?: boolean
  error?: string
  log?: number
  checkpointed?: number
}

export interface WalCheckpointer {
  /** Whether checkpoints run on the worker (false: the committing connection does them). */
  readonly offThread: boolean
  /** Stops the worker (its connection closed) and gives checkpoints back to the connection. */
  stop(): Promise<void>
}

export interface WalCheckpointerOptions {
  /** How often the worker is asked to checkpoint (default 200 ms). */
  intervalMs?: number
  log?: (message: string, error?: unknown) => void
}

/**
 * Takes the WAL checkpoint off the event loop. SQLite otherwise copies the WAL back into the
 * database file, with two fsyncs, inside whichever commit crosses 1000 pages: under a busy API
 * that is a stall of several milliseconds for every request waiting on that commit, a few
 * times a second. Here the committing connection never checkpoints; a worker thread with its
 * own connection does, every `intervalMs`. Durability is unchanged (a commit is durable in the
 * WAL; a checkpoint only moves it), and if the worker cannot start or dies the connection
 * checkpoints for itself again, as before.
 */
export function startWalCheckpointer(
  db: Db,
  path: string,
  opts: WalCheckpointerOptions = {},
): WalCheckpointer {
  const idle: WalCheckpointer = { offThread: false, stop: async () => {} }
  if (path === ':memory:' || path === '' || db.readonly) return idle
  if (String(db.pragma('journal_mode', { simple: true })) !== 'wal') return idle
  const log = opts.log ?? (() => {})
  const driver = createRequire(__filename).resolve('better-sqlite3')
  let worker: Worker
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path } })
  } catch (err) {
    log('WAL checkpoints stay on the main thread: the worker could not start', err)
    return idle
  }
  let offThread = false
  let inFlight = false
  let stopped = false
  const giveBack = () => {
    offThread = false
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  }
  const timer = setInterval(() => {
    if (!offThread || inFlight) return
    inFlight = true
    worker.postMessage('checkpoint')
  }, opts.intervalMs ?? 200)
  timer.unref()
  worker.unref()
  worker.on('message', (m: Reply) => {
    if (m.ready) {
      if (stopped || !db.open) return
      db.pragma('wal_autocheckpoint = 0')
      offThread = true
      return
    }
    inFlight = false
    if (m.ok === false) log(`WAL checkpoint failed: ${m.error}`)
  })
  const exited = new Promise<void>((resolve) => {
    worker.on('error', (err) => {
      if (!stopped)
        log('WAL checkpoint worker stopped; checkpoints are back on the main thread', err)
      giveBack()
    })
    worker.on('exit', () => {
      clearInterval(timer)
      giveBack()
      resolve()
    })
  })
  return {
    get offThread() {
      return offThread
    },
    async stop() {
      if (stopped) return exited
      stopped = true
      clearInterval(timer)
      giveBack()
      worker.postMessage('close')
      const timeout = setTimeout(() => void worker.terminate(), 2000)
      await exited
      clearTimeout(timeout)
    },
  }
}
