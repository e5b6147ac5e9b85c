import type { Repos } from '../../db/repos'
import { streamSourceRepo, type LogStreamRow } from '../../db/repos/log-streams.repo'
import type { ActivityRecorder } from '../activity/recorder'
import type { EngineDeps } from '../deps'
import { activityEvent } from './event'
import { createSender, redactSecrets, type Sender } from './senders'
import type { StreamsService } from './streams.service'

export interface DeliveryOptions {
  /** The most entries per batch (fewer while a batch takes long to read and format). */
  batchSize?: number
  /** Backoff after a failure grows from this to `maxBackoffMs` (with jitter). */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** How often each stream looks for new entries and for changes made by another process. */
  pollMs?: number
  /** A state change (failing, recovered) is recorded at most once per this interval per stream. */
  stateLogIntervalMs?: number
  timeoutMs?: number
  log?: (message: string, error?: unknown) => void
  /** Told of every batch handed to a receiver: its size and how long reading and formatting it held the event loop. */
  onBatch?: (batch: { entries: number; heldMs: number }) => void
}

/** The longest a batch's read and formatting should hold the event loop, ms. */
const TARGET_HOLD_MS = 15
const MIN_BATCH = 20

interface Pending {
  lastId: number
  writtenAt: number
  generation: number
}

const sleep = (ms: number, wake?: Promise<void>) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    void wake?.then(() => {
      clearTimeout(t)
      resolve()
    })
  })

/**
 * The delivery worker: one loop per stream, off the request path. Each loop reads the log in
 * id order after the stream's cursor in batches, hands a batch to the stream's sender (one
 * connection kept open and reopened after a failure), and moves the cursor in the database
 * once the receiver has it. A failure rewinds to the cursor, so delivery is at least once and
 * in order; only the batches in flight at the failure can arrive twice. Every batch is read
 * and formatted in a few milliseconds and the loop awaits the network between batches, so the
 * event loop stays free for the API and the UI.
 */
export function streamDelivery(
  deps: EngineDeps,
  repos: Repos,
  activity: ActivityRecorder,
  streams: StreamsService,
  onAppended: (listener: () => void) => () => void,
) {
  const source = streamSourceRepo(deps.db)
  const repo = repos.logStreams

  function start(options: DeliveryOptions = {}): () => void {
    const batchSize = options.batchSize ?? 500
    const minBackoff = options.minBackoffMs ?? 500
    const maxBackoff = options.maxBackoffMs ?? 15_000
    const pollMs = options.pollMs ?? 1000
    const stateInterval = options.stateLogIntervalMs ?? 5 * 60_000
    const log = options.log ?? ((m, e) => console.error(m, e ?? ''))
    const runners = new Map<number, { stop(): void }>()
    let stopped = false
    let wakeAll: () => void = () => {}
    let wake = new Promise<void>((r) => (wakeAll = r))
    const unsubscribe = onAppended(() => {
      const fire = wakeAll
      wake = new Promise<void>((r) => (wakeAll = r))
      fire()
    })

    /** Records a health change, never one entry per retry. */
    function noteState(row: LogStreamRow, state: 'failing' | 'delivering', error?: string) {
      const now = deps.now()
      if (row.state_logged === state || (row.state_logged === null && state === 'delivering'))
        return
      // A recovery is always recorded (it closes the failing entry); a new failure at most
      // once per interval, so a flapping receiver cannot fill the log.
      if (
        state === 'failing' &&
        row.state_logged_at !== null &&
        now - row.state_logged_at < stateInterval
      )
        return
      deps.db
        .transaction(() => {
          activity.system(row.organization_id, {
            action: state === 'failing' ? 'stream.failing' : 'stream.recovered',
            details: { stream: row.name, id: row.id, ...(error ? { error } : {}) },
          })
          repo.stateLogged(row.id, state, now)
        })
        .immediate()
    }

    function runner(id: number) {
      let active = true
      let sender: Sender | null = null
      let readPos = -1
      let pending: Pending[] = []
      let failures = 0
      let limit = Math.min(batchSize, 200)

      const reset = () => {
        sender?.close()
        sender = null
        pending = []
        readPos = -1
      }

      /** Moves the cursor past every batch the receiver has had long enough to refuse. */
      function settle(row: LogStreamRow, s: Sender): LogStreamRow {
        if (pending.some((p) => p.generation !== s.generation())) {
          // The connection broke after these were written: send them again.
          pending = []
          readPos = row.cursor_id
          return row
        }
        const due = performance.now() - s.settleMs
        let last = -1
        while (pending.length && pending[0]!.writtenAt <= due) last = pending.shift()!.lastId
        if (last < 0) return row
        repo.ack(row.id, last, deps.now())
        return repo.get(row.id) ?? row
      }

      async function loop() {
        while (active && !stopped) {
          let row = repo.get(id)
          if (!row) break
          if (row.paused) {
            reset()
            await sleep(pollMs, wake)
            continue
          }
          try {
            if (!sender) {
              sender = createSender(streams.config(row), { timeoutMs: options.timeoutMs })
              readPos = row.cursor_id
            }
            row = settle(row, sender)
            // A retention gap moves the cursor forward on its own.
            if (readPos < row.cursor_id) readPos = row.cursor_id
            const began = performance.now()
            const rows = source.after(row.organization_id, readPos, limit)
            if (rows.length === 0) {
              if (!pending.length) await sender.reopen?.()
              if (failures > 0) onRecovered(row)
              await sleep(
                pending.length ? sender.settleMs : pollMs,
                pending.length ? undefined : wake,
              )
              continue
            }
            const gen = sender.generation()
            const sending = sender.send(rows.map(activityEvent))
            // Reading and formatting a batch is the only work that holds the event loop: keep
            // it short whatever the machine's load (the batch shrinks when it took too long).
            const held = performance.now() - began
            options.onBatch?.({ entries: rows.length, heldMs: held })
            if (held > TARGET_HOLD_MS) limit = Math.max(MIN_BATCH, Math.floor(limit / 2))
            else if (held < TARGET_HOLD_MS / 3) limit = Math.min(batchSize, limit * 2)
            await sending
            // A socket that takes every write at once answers without a macrotask in between;
            // yield so timers, I/O and the API run between batches.
            await new Promise((resolve) => setImmediate(resolve))
            const lastId = rows[rows.length - 1]!.id
            readPos = lastId
            if (sender.settleMs === 0) repo.ack(row.id, lastId, deps.now())
            else pending.push({ lastId, writtenAt: performance.now(), generation: gen })
            if (failures > 0 || row.failing_since !== null) onRecovered(repo.get(id) ?? row)
          } catch (err) {
            if (!active || stopped) break
            const message = redactSecrets((err as Error).message, safeConfig(row))
            reset()
            failures++
            try {
              repo.fail(row.id, message, deps.now())
              noteState(repo.get(id) ?? row, 'failing', message)
            } catch (e) {
              log(`log stream ${row.name}: could not record its failure`, e)
            }
            const base = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures - 1, 16))
            await sleep(base / 2 + Math.random() * (base / 2))
          }
        }
        reset()
        runners.delete(id)
      }

      function onRecovered(row: LogStreamRow) {
        failures = 0
        if (row.failing_since !== null) repo.ack(row.id, row.cursor_id, deps.now())
        noteState(repo.get(row.id) ?? row, 'delivering')
      }

      void loop().catch((err: unknown) => log(`log stream ${id} stopped`, err))
      return {
        stop() {
          active = false
          reset()
        },
      }
    }

    function safeConfig(row: LogStreamRow) {
      try {
        return streams.config(row)
      } catch {
        return { kind: row.kind, url: row.url, caPem: null, secret: null }
      }
    }

    // New streams (added here or by another process) start; removed ones stop themselves.
    function reconcile() {
      if (stopped) return
      try {
        for (const row of repo.all()) if (!runners.has(row.id)) runners.set(row.id, runner(row.id))
      } catch (err) {
        log('log streams: could not read the streams', err)
      }
    }
    reconcile()
    const timer = setInterval(reconcile, pollMs)
    timer.unref?.()
    return () => {
      stopped = true
      clearInterval(timer)
      unsubscribe()
      wakeAll()
      for (const r of runners.values()) r.stop()
      runners.clear()
    }
  }

  return { start }
}
