import { networkInterfaces } from 'node:os'
import type { FastifyRequest } from 'fastify'

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']
const isLoopback = (host: string) => host === '127.0.0.1' || host === '::1' || host === 'localhost'
const bracket = (h: string) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h)

/**
 * The DNS-rebinding guard: a page on evil.example that resolves to 127.0.0.1 still sends
 * `Host: evil.example`, so only the names this server was bound under (with its port) pass.
 */
export function hostGuard(bound: string, port: () => number, trusted: string[] = []) {
  // The one Host guard of the server: the REST API and serve mode's admin transport both ask it.
  // Trusted entries may name a port ("tessera.lan:8080") or not (that name on any port).
  const exact = new Set(trusted.map((t) => t.toLowerCase()))
  const names = new Set<string>(exact)
  names.add(bracket(bound).toLowerCase())
  if (isLoopback(bound)) LOOPBACK_NAMES.forEach((n) => names.add(n))
  if (bound === '0.0.0.0' || bound === '::') {
    LOOPBACK_NAMES.forEach((n) => names.add(n))
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(bracket(a.address).toLowerCase())
    }
  }
  return (request: FastifyRequest): boolean => {
    const host = (request.headers.host ?? '').toLowerCase()
    if (!host) return false
    // A name the operator gave: as given, or without a port (a proxy in front on 443 or 80).
    if (exact.has(host)) return true
    if (names.has(host)) return port() === 80
    const i = host.lastIndexOf(':')
    if (i <= 0 || host.endsWith(']')) return false
    const name = host.slice(0, i)
    // A name the operator gave without a port is theirs on any port (their proxy's).
    if (exact.has(name)) return true
    return names.has(name) && host.slice(i + 1) === String(port())
  }
}

/** `Sec-Fetch-Site` values a browser sends for our own pages or for no page at all. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none'])

/**
 * The cross-site guard: a request a browser made for a page on another origin is refused, so a
 * web page can neither script nor blindly fire requests at the API (`mode: 'no-cors'`
 * included, which sends no `Origin` on a GET but still `Sec-Fetch-Site`). Browsers send
 * `Sec-Fetch-Site` to loopback and HTTPS addresses and `Origin` on every cross-origin request
 * other than no-cors GET/HEAD; same-site (another port of this machine, a sibling subdomain)
 * is another application and is refused too. Clients that are not browsers (the Label Studio
 * SDK, curl, scripts) send neither header and pass. Returns why a request is refused, or null.
 */
export function crossSiteRefusal(request: FastifyRequest): string | null {
  const site = request.headers['sec-fetch-site']
  if (typeof site === 'string' && !OWN_FETCH_SITES.has(site.toLowerCase())) {
    return `Sec-Fetch-Site: ${site.slice(0, 20)}`
  }
  const origin = request.headers.origin
  if (origin === undefined) return null
  let host: string | null = null
  try {
    host = new URL(String(origin)).host.toLowerCase()
  } catch {
    host = null
  }
  // Compared with the Host the host guard already accepted: only the admin UI's own origin.
  if (host && host === (request.headers.host ?? '').toLowerCase()) return null
  return `Origin: ${String(origin).slice(0, 100)}`
}
