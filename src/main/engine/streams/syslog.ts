import { hostname } from 'node:os'
import { summary, type ActivityEvent, type StreamEvent } from './event'

/**
 * RFC 5424 syslog for the event shape: APP-NAME `tessera`, MSGID the event's type (or the
 * entry's kind), every field as one SD-PARAM under the single SD-ID `tessera@32473`, and a
 * short human MSG. 32473 is the Private Enterprise Number reserved for documentation
 * (RFC 5612); a receiver matches on the SD-ID string.
 */
export const SD_ID = 'tessera@32473'
/** facility 13 (log audit) × 8 + severity 6 (informational). */
const PRI = 13 * 8 + 6

/** The SD-PARAM names, in the order they are written, and how to read each back. */
const NUMBER = 'n'
const TEXT = 't'
export const SD_FIELDS = [
  ['type', TEXT],
  ['id', NUMBER],
  ['time', TEXT],
  ['org', NUMBER],
  ['kind', TEXT],
  ['actor_kind', TEXT],
  ['actor_id', NUMBER],
  ['actor_name', TEXT],
  ['actor_email', TEXT],
  ['action', TEXT],
  ['method', TEXT],
  ['path', TEXT],
  ['status', NUMBER],
  ['duration_ms', NUMBER],
  ['source_address', TEXT],
  ['user_agent', TEXT],
  ['token_id', NUMBER],
  ['token_prefix', TEXT],
  ['workspace_id', NUMBER],
  ['project_id', NUMBER],
  ['target_user_id', NUMBER],
  ['details', TEXT],
  ['hash', TEXT],
  ['prev_hash', TEXT],
  ['stream', TEXT],
  ['message', TEXT],
] as const

type Flat = Record<string, string | number | null>

function flatten(e: StreamEvent): Flat {
  if (e.type === 'test')
    return {
      type: e.type,
      time: e.time,
      org: e.organization_id,
      stream: e.stream,
      message: e.message,
    }
  return {
    type: e.type,
    id: e.id,
    time: e.time,
    org: e.organization_id,
    kind: e.kind,
    actor_kind: e.actor.kind,
    actor_id: e.actor.id,
    actor_name: e.actor.name,
    actor_email: e.actor.email,
    action: e.action,
    method: e.method,
    path: e.path,
    status: e.status,
    duration_ms: e.duration_ms,
    source_address: e.source_address,
    user_agent: e.user_agent,
    token_id: e.token_id,
    token_prefix: e.token_prefix,
    workspace_id: e.workspace_id,
    project_id: e.project_id,
    target_user_id: e.target_user_id,
    details: e.details,
    hash: e.hash,
    prev_hash: e.prev_hash,
  }
}

// RFC 5424 §6.3.3 escapes '"', '\' and ']'. Control characters would end the line in the
// receiver's file, so they are written as \uXXXX (a backslash before any other character is
// kept as is by RFC 5424 parsers; `parseSyslog` reads it back).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f]/g
const escapeValue = (v: string) =>
  v
    .replace(/["\\\]]/g, (c) => `\\${c}`)
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const HOST = (hostname() || '-').replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-'

/** One RFC 5424 message (without framing). */
export function formatSyslog(e: StreamEvent, procId = process.pid): string {
  const flat = flatten(e)
  let sd = `[${SD_ID}`
  for (const [name] of SD_FIELDS) {
    const v = flat[name]
    if (v === null || v === undefined) continue
    sd += ` ${name}="${escapeValue(String(v))}"`
  }
  sd += ']'
  const msgId = e.type === 'test' ? 'test' : e.kind
  const msg = summary(e).replace(CONTROL, ' ')
  return `<${PRI}>1 ${e.time} ${HOST} tessera ${procId} ${msgId} ${sd} ${msg}`
}

/** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
export function frame(message: string): string {
  return `${Buffer.byteLength(message)} ${message}`
}

/** The SD-PARAMs of our SD-ID in one raw message line, or null when it has none. */
export function parseSdParams(line: string): Record<string, string> | null {
  const start = line.indexOf(`[${SD_ID}`)
  if (start < 0) return null
  const out: Record<string, string> = {}
  let i = start + SD_ID.length + 1
  for (;;) {
    while (line[i] === ' ') i++
    if (line[i] === ']' || i >= line.length) break
    const eq = line.indexOf('="', i)
    if (eq < 0) return null
    const name = line.slice(i, eq)
    let value = ''
    let j = eq + 2
    for (; j < line.length; j++) {
      const c = line[j]!
      if (c === '\\') {
        const n = line[j + 1]
        if (n === '"' || n === '\\' || n === ']') {
          value += n
          j++
        } else if (n === 'u' && /^[0-9a-f]{4}$/.test(line.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(line.slice(j + 2, j + 6), 16))
          j += 5
        } else value += c
      } else if (c === '"') break
      else value += c
    }
    out[name] = value
    i = j + 1
  }
  return out
}

/** An activity event read back from one raw syslog line (null for other lines and types). */
export function parseSyslogEvent(line: string): ActivityEvent | null {
  const p = parseSdParams(line)
  if (!p || p.type !== 'activity') return null
  const num = (k: string) => (p[k] === undefined ? null : Number(p[k]))
  const str = (k: string) => p[k] ?? null
  return {
    type: 'activity',
    id: Number(p.id),
    time: p.time ?? '',
    organization_id: Number(p.org),
    kind: p.kind as ActivityEvent['kind'],
    actor: {
      kind: str('actor_kind') as ActivityEvent['actor']['kind'],
      id: num('actor_id'),
      name: str('actor_name'),
      email: str('actor_email'),
    },
    action: str('action'),
    method: str('method'),
    path: str('path'),
    status: num('status'),
    duration_ms: num('duration_ms'),
    source_address: str('source_address'),
    user_agent: str('user_agent'),
    token_id: num('token_id'),
    token_prefix: str('token_prefix'),
    workspace_id: num('workspace_id'),
    project_id: num('project_id'),
    target_user_id: num('target_user_id'),
    details: str('details'),
    hash: p.hash ?? '',
    prev_hash: p.prev_hash ?? '',
  }
}
