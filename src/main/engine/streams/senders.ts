import { connect as tcpConnect, type Socket } from 'node:net'
import { hostname } from 'node:os'
import { connect as tlsConnect } from 'node:tls'
import type { DestinationConfig } from './destination'
import { DeliveryError, redactSecrets } from './delivery-error'
import { syslogTarget, isIpHost } from './destination'
import type { StreamEvent } from './event'
import { formatSyslog, frame } from './syslog'

export { DeliveryError, redactSecrets }

/** One destination's connection, as the delivery worker drives it. */
export interface Sender {
  /**
   * Hands a batch to the receiver. HTTP destinations resolve on the receiver's 2xx answer;
   * syslog over TCP has no acknowledgement, so it resolves once the bytes are written and the
   * batch counts as delivered only after `settleMs` more on the same connection.
   */
  send(events: StreamEvent[]): Promise<void>
  settleMs: number
  /** Changes whenever a connection is lost: batches written on an older one are in doubt. */
  generation(): number
  /**
   * Reopens a kept-open connection the receiver closed, when there is nothing to send: a
   * receiver that went away shows as Failing without waiting for the next entry.
   */
  reopen?(): Promise<void>
  close(): void
}

export interface SenderOptions {
  timeoutMs?: number
}

export function createSender(cfg: DestinationConfig, options: SenderOptions = {}): Sender {
  const timeoutMs = options.timeoutMs ?? 15_000
  switch (cfg.kind) {
    case 'syslog':
      return syslogSender(cfg, timeoutMs)
    case 'splunk':
      return httpSender(cfg, timeoutMs, splunkBody, {
        Authorization: `Splunk ${cfg.secret?.token ?? ''}`,
        'Content-Type': 'application/json',
      })
    case 'http':
      return httpSender(cfg, timeoutMs, jsonLines, {
        ...cfg.secret?.headers,
        'Content-Type': 'application/x-ndjson',
      })
    case 'otlp':
      return lazyOtlpSender(cfg, timeoutMs)
  }
}

/**
 * The OpenTelemetry exporter (protobuf encoding and all) is loaded when an OTLP stream first
 * sends: most installations never stream over OTLP, and every process would otherwise carry
 * it in memory from start-up.
 */
function lazyOtlpSender(cfg: DestinationConfig, timeoutMs: number): Sender {
  let loading: Promise<Sender> | null = null
  const sender = () =>
    (loading ??= import('./otlp').then(({ otlpSender }) => otlpSender(cfg, timeoutMs)))
  return {
    settleMs: 0,
    generation: () => 0,
    send: async (events) => (await sender()).send(events),
    close: () =>
      void loading?.then(
        (s) => s.close(),
        () => {},
      ),
  }
}

function syslogSender(cfg: DestinationConfig, timeoutMs: number): Sender {
  const target = syslogTarget(cfg.url)
  let socket: Socket | null = null
  let opening: Promise<Socket> | null = null
  let generation = 0
  let lastError: Error | null = null

  const lost = (s: Socket, err?: Error) => {
    if (socket !== s) return
    socket = null
    generation++
    lastError = err ?? new DeliveryError(`${cfg.url} closed the connection`)
    s.destroy()
  }

  function open(): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const s = target.tls
        ? tlsConnect({
            host: target.host,
            port: target.port,
            servername: isIpHost(target.host) ? undefined : target.host,
            ca: cfg.caPem ?? undefined,
          })
        : tcpConnect({ host: target.host, port: target.port })
      const timer = setTimeout(
        () =>
          s.destroy(new DeliveryError(`no answer from ${cfg.url} within ${timeoutMs / 1000} s`)),
        timeoutMs,
      )
      s.once(target.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer)
        s.setNoDelay(true)
        s.setKeepAlive(true, 30_000)
        s.on('error', (err) => lost(s, err))
        s.on('end', () => lost(s))
        s.on('close', () => lost(s))
        // Receivers send nothing on a syslog connection; read so a stray byte cannot stall it.
        s.on('data', () => {})
        socket = s
        resolve(s)
      })
      s.once('error', (err) => {
        clearTimeout(timer)
        reject(new DeliveryError(`${cfg.url}: ${err.message}`))
      })
    })
  }

  async function connection(): Promise<Socket> {
    if (socket) return socket
    opening ??= open().finally(() => (opening = null))
    return opening
  }

  return {
    settleMs: 1000,
    generation: () => generation,
    reopen: async () => void (await connection()),
    async send(events) {
      const s = await connection()
      const data = events.map((e) => frame(formatSyslog(e))).join('')
      const gen = generation
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const err = new DeliveryError(
            `${cfg.url} stopped reading (nothing written for ${timeoutMs / 1000} s)`,
          )
          lost(s, err)
          reject(err)
        }, timeoutMs)
        s.write(data, (err) => {
          clearTimeout(timer)
          if (err || gen !== generation)
            reject(
              new DeliveryError(`${cfg.url}: ${(err ?? lastError)?.message ?? 'connection lost'}`),
            )
          else resolve()
        })
      })
    },
    close() {
      if (socket) {
        const s = socket
        socket = null
        s.end()
        setTimeout(() => s.destroy(), 1000).unref()
      }
    },
  }
}

const HOST = hostname()

/** Splunk HEC's event JSON, several events in one body (HEC's batch form). */
function splunkBody(events: StreamEvent[]): string {
  return events
    .map((e) =>
      JSON.stringify({
        time: Date.parse(e.time) / 1000,
        host: HOST,
        source: 'tessera',
        sourcetype: e.type === 'test' ? 'tessera:test' : 'tessera:activity',
        event: e,
      }),
    )
    .join('\n')
}

const jsonLines = (events: StreamEvent[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n'

function httpSender(
  cfg: DestinationConfig,
  timeoutMs: number,
  body: (events: StreamEvent[]) => string,
  headers: Record<string, string>,
): Sender {
  return {
    settleMs: 0,
    generation: () => 0,
    async send(events) {
      let res: Response
      try {
        res = await fetch(cfg.url, {
          method: 'POST',
          headers: { ...headers, 'User-Agent': 'tessera' },
          body: body(events),
          signal: AbortSignal.timeout(timeoutMs),
        })
      } catch (err) {
        const cause = (err as { cause?: Error }).cause
        throw new DeliveryError(
          redactSecrets(`${cfg.url}: ${cause?.message ?? (err as Error).message}`, cfg),
        )
      }
      const text = (await res.text().catch(() => '')).trim()
      if (res.ok) return
      throw new DeliveryError(
        redactSecrets(
          `${cfg.url} answered ${res.status}: ${receiverWords(text) || res.statusText}`,
          cfg,
        ),
      )
    },
    close() {},
  }
}

/** Splunk answers {"text": "Invalid token", "code": 4}; others answer text or JSON. */
function receiverWords(text: string): string {
  try {
    const j = JSON.parse(text) as { text?: unknown; message?: unknown; error?: unknown }
    const words = j.text ?? j.message ?? j.error
    if (typeof words === 'string') return words
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').slice(0, 200)
}
