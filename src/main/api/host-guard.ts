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
  // Trusted entries may name a port ("tessera.lan:8080") or not (any port of ours).
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
    if (exact.has(host) && /:\d+$/.test(host)) return true
    if (names.has(host)) return port() === 80
    const i = host.lastIndexOf(':')
    if (i <= 0 || host.endsWith(']')) return false
    return names.has(host.slice(0, i)) && host.slice(i + 1) === String(port())
  }
}
