import { existsSync, readFileSync } from 'node:fs'
import { Command } from 'commander'
import type { LogStream, StreamDestination } from '../../shared/contracts/streams.contract'
import { StreamName } from '../../shared/contracts/streams.contract'
import { parseHeaderFile } from '../engine/streams/destination'
import { parseLogKeys } from '../engine/activity/log-keys'
import { verifyReceived } from '../engine/streams/received'
import { openEngine, type Opened } from './open-engine'
import { CliError, printJson, printRows } from './output'

type Action<O> = (opened: Opened, options: O, args: string[]) => void | Promise<void>

function withEngineAsync<O>(fn: Action<O>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command
    const { db, as } = command.optsWithGlobals() as { db?: string; as?: string }
    const opened = openEngine(db, as)
    try {
      await fn(opened, command.opts() as O, command.args)
    } finally {
      opened.close()
    }
  }
}

function readFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new CliError(
      `cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    )
  }
}

interface AddFlags {
  syslog?: string
  ca?: string
  otlp?: string
  splunk?: string
  tokenFile?: string
  http?: string
  headerFile?: string
  json?: boolean
}

/** The destination the flags of `streams add` name (exactly one of them). */
function destinationOf(o: AddFlags): StreamDestination {
  const given = (['syslog', 'otlp', 'splunk', 'http'] as const).filter((k) => o[k] !== undefined)
  if (given.length !== 1)
    throw new CliError('give exactly one destination: --syslog, --otlp, --splunk or --http')
  if (o.ca !== undefined && !o.syslog) throw new CliError('--ca is for --syslog tls://')
  if (o.tokenFile !== undefined && !o.splunk) throw new CliError('--token-file is for --splunk')
  if (o.headerFile !== undefined && !o.http && !o.otlp)
    throw new CliError('--header-file is for --http and --otlp')
  const headers = o.headerFile ? parseHeaderFile(readFile(o.headerFile, 'header file')) : undefined
  switch (given[0]!) {
    case 'syslog':
      return {
        kind: 'syslog',
        url: o.syslog!,
        ...(o.ca !== undefined ? { caPem: readFile(o.ca, 'CA file') } : {}),
      }
    case 'splunk':
      if (!o.tokenFile) throw new CliError('--splunk needs --token-file FILE (the HEC token)')
      return { kind: 'splunk', url: o.splunk!, token: readFile(o.tokenFile, 'token file').trim() }
    case 'otlp':
      return { kind: 'otlp', url: o.otlp!, ...(headers ? { headers } : {}) }
    case 'http':
      return { kind: 'http', url: o.http!, ...(headers ? { headers } : {}) }
  }
}

const row = (s: LogStream) => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  url: s.url,
  state: s.health.label,
  last_delivered_id: s.health.lastDeliveredId,
  last_delivered_at:
    s.health.lastDeliveredAt === null ? '' : new Date(s.health.lastDeliveredAt).toISOString(),
  gap: s.gap ? `${s.gap.fromId}–${s.gap.toId} purged undelivered` : '',
})

function byName(opened: Opened, name: string): LogStream {
  const s = opened.engine.streams
    .list(opened.owner)
    .streams.find((x) => x.name.toLowerCase() === name.trim().toLowerCase())
  if (!s) throw new CliError(`no log stream named “${name}” (see tessera streams list)`)
  return s
}

/** `tessera streams add|list|test|pause|resume|remove`. */
export function streamsCommands(): Command[] {
  const streams = new Command('streams').description(
    "Stream the activity log to the organization's log pipeline (syslog, OTLP, Splunk HEC, HTTP)",
  )
  streams
    .command('add')
    .description('Add a stream; it starts with the entry that records its creation')
    .argument('<name>')
    .option('--syslog <url>', 'syslog RFC 5424: tcp://HOST:PORT or tls://HOST:PORT')
    .option('--ca <file>', 'PEM CA to trust for tls:// (default: the system roots)')
    .option(
      '--otlp <url>',
      'OpenTelemetry logs over OTLP/HTTP (protobuf), e.g. https://collector:4318',
    )
    .option('--splunk <url>', 'Splunk HTTP Event Collector, e.g. https://splunk:8088')
    .option('--token-file <file>', 'file holding the HEC token (never shown again)')
    .option(
      '--http <url>',
      'HTTPS endpoint taking JSON lines (Datadog, Elastic, Vector, Fluent Bit)',
    )
    .option(
      '--header-file <file>',
      '"Name: value" lines sent with each request (never shown again)',
    )
    .option('--json', 'machine-readable output')
    .action(
      withEngineAsync<AddFlags>(({ engine, owner }, o, [name]) => {
        const parsed = StreamName.safeParse(name)
        if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message)
        const s = engine.streams.add(owner, parsed.data, destinationOf(o))
        if (o.json) printJson(s)
        else printRows([row(s)], false, ['id', 'name', 'kind', 'url', 'state'])
      }),
    )
  streams
    .command('list')
    .option('--json', 'machine-readable output')
    .action(
      withEngineAsync<{ json?: boolean }>(({ engine, owner }, o) => {
        const { streams: all } = engine.streams.list(owner)
        if (o.json) printJson(all)
        else
          printRows(all.map(row), false, [
            'id',
            'name',
            'kind',
            'url',
            'state',
            'last_delivered_id',
            'last_delivered_at',
            'gap',
          ])
      }),
    )
  streams
    .command('test')
    .description('Send one test event now; prints what the receiver answered')
    .argument('<name>')
    .action(
      withEngineAsync(async (opened, _o, [name]) => {
        const s = byName(opened, name!)
        const r = await opened.engine.streams.test(opened.owner, s.id)
        if (!r.ok) throw new CliError(r.message)
        process.stdout.write(`${r.message}\n`)
      }),
    )
  for (const verb of ['pause', 'resume', 'remove'] as const) {
    streams
      .command(verb)
      .argument('<name>')
      .action(
        withEngineAsync((opened, _o, [name]) => {
          const s = byName(opened, name!)
          opened.engine.streams[verb](opened.owner, s.id)
          process.stdout.write(
            `${verb === 'remove' ? 'removed' : verb === 'pause' ? 'paused' : 'resumed'} ${s.name}\n`,
          )
        }),
      )
  }

  return [streams]
}

/**
 * `tessera activity verify --received FILE`: what a receiver wrote (rsyslog's raw messages,
 * JSON lines or HEC events) holds as one chain, or the first missing, out-of-order or changed
 * entry. Needs no database: the events carry their own chain hashes.
 */
export function verifyReceivedFile(file: string, json: boolean, keyFile: string | null): void {
  let key: Buffer | null = null
  if (keyFile && existsSync(keyFile)) {
    try {
      key = parseLogKeys(readFileSync(keyFile, 'utf8')).hmacKey
    } catch (err) {
      throw new CliError(`Cannot read the log key ${keyFile}: ${(err as Error).message}`)
    }
  }
  const r = verifyReceived(readFile(file, 'received file'), key)
  if (json) printJson(r)
  else process.stdout.write(`${r.message}\n`)
  if (!r.intact) throw new CliError(r.message)
}
