import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import type { StreamDestination } from '../../../shared/contracts/streams.contract'
import type { StreamKind } from '../../db/repos/log-streams.repo'
import { invalid } from '../errors'

/** What a stream needs to connect, secrets included (kept sealed at rest). */
export interface DestinationConfig {
  kind: StreamKind
  /** Shown to people: never carries a secret (user info in a URL is refused). */
  url: string
  caPem: string | null
  secret: StreamSecret | null
}

export interface StreamSecret {
  token?: string
  headers?: Record<string, string>
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

function parseUrl(text: string, field = 'url'): URL {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    throw invalid(`“${text}” is not an address (for example tcp://logs.example.com:6514)`, field)
  }
  if (u.username || u.password)
    throw invalid('Put credentials in a token or header file, not in the address', field)
  return u
}

function port(u: URL, field: string): number {
  // URL drops a scheme's default port; tcp and tls have none, so an empty port was not given.
  if (u.port === '')
    throw invalid(`Give the receiver's port, for example ${u.protocol}//${u.hostname}:6514`, field)
  const n = Number(u.port)
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid('The port must be 1–65535', field)
  return n
}

function checkCa(pem: string): string {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)
  if (!blocks) throw invalid('The CA file holds no PEM certificate', 'caPem')
  for (const b of blocks) {
    try {
      new X509Certificate(b)
    } catch (err) {
      throw invalid(
        `The CA file holds a certificate that cannot be read: ${(err as Error).message}`,
        'caPem',
      )
    }
  }
  return blocks.join('\n') + '\n'
}

function httpUrl(text: string, what: string): URL {
  const u = parseUrl(text)
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw invalid(`${what} takes an https:// address`, 'url')
  // A token or header sent in the clear is readable on the way; only loopback may skip TLS.
  if (u.protocol === 'http:' && !LOOPBACK.has(u.hostname))
    throw invalid(`${what} needs https:// (http:// only to this machine)`, 'url')
  // The address is shown and recorded; a key in its query would be too (dd-api-key=…).
  for (const name of u.searchParams.keys())
    if (/key|token|secret|pass|auth|sig/i.test(name))
      throw invalid(
        `Put “${name}” in a header file, not in the address: the address is shown and logged`,
        'url',
      )
  return u
}

/** Checks a destination's form and returns what is stored; throws VALIDATION when wrong. */
export function parseDestination(d: StreamDestination): DestinationConfig {
  switch (d.kind) {
    case 'syslog': {
      const u = parseUrl(d.url)
      if (u.protocol === 'udp:')
        throw invalid('Syslog over UDP loses entries: use tcp:// or tls://', 'url')
      if (u.protocol !== 'tcp:' && u.protocol !== 'tls:')
        throw invalid(
          `Unknown scheme “${u.protocol.replace(/:$/, '')}”: syslog takes tcp:// or tls://`,
          'url',
        )
      if (!u.hostname) throw invalid('Give the receiver host', 'url')
      if ((u.pathname && u.pathname !== '/') || u.search || u.hash)
        throw invalid('A syslog address is only tcp://HOST:PORT or tls://HOST:PORT', 'url')
      const p = port(u, 'url')
      if (d.caPem !== undefined && u.protocol !== 'tls:')
        throw invalid('A CA file is only for tls:// destinations', 'caPem')
      return {
        kind: 'syslog',
        url: `${u.protocol}//${u.hostname}:${p}`,
        caPem: d.caPem === undefined ? null : checkCa(d.caPem),
        secret: null,
      }
    }
    case 'splunk': {
      const u = httpUrl(d.url, 'Splunk HEC')
      if (u.pathname === '/' || u.pathname === '') u.pathname = '/services/collector/event'
      if (!d.token.trim()) throw invalid('The HEC token file is empty', 'token')
      return { kind: 'splunk', url: u.toString(), caPem: null, secret: { token: d.token.trim() } }
    }
    case 'http':
    case 'otlp': {
      const u = httpUrl(d.url, d.kind === 'otlp' ? 'OTLP/HTTP' : 'An HTTP stream')
      if (d.kind === 'otlp' && (u.pathname === '/' || u.pathname === '')) u.pathname = '/v1/logs'
      const headers = d.headers ?? {}
      for (const name of Object.keys(headers))
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
          throw invalid(`“${name}” is not a header name`, 'headers')
      return {
        kind: d.kind,
        url: u.toString(),
        caPem: null,
        secret: Object.keys(headers).length ? { headers } : null,
      }
    }
  }
}

/** "Name: value" lines (blank lines and # comments skipped), as curl's -H takes them. */
export function parseHeaderFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    if (colon <= 0)
      throw invalid(`Line ${i + 1} of the header file is not “Name: value”`, 'headers')
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return headers
}

/** Host and port of a tcp:// or tls:// address. */
export function syslogTarget(url: string): { tls: boolean; host: string; port: number } {
  const u = new URL(url)
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname
  return { tls: u.protocol === 'tls:', host, port: Number(u.port) }
}

export const isIpHost = (host: string) => isIP(host) !== 0
