import type { FastifyHttpOptions } from 'fastify'
import type { Server } from 'node:http'

/**
 * How long a client may hold a connection without finishing its request, and how many it may
 * hold at once: a local process (or, in team mode, anyone who reaches the port) must not keep
 * sockets, memory and the request path busy by sending slowly or not at all.
 */
export interface ServerTimeouts {
  /** Headers and body must have fully arrived this long after the request started (else 408). */
  requestMs: number
  /** The request line and headers must have arrived within this (else 408). */
  headersMs: number
  /** A connection on which nothing moves either way for this long is closed. */
  idleMs: number
  /** An open keep-alive connection waits this long for the next request. */
  keepAliveMs: number
  /** Connections open at once; a further one is closed as soon as it is accepted. */
  maxConnections: number
  /** How often Node checks the request and header deadlines (its own default is 30 s). */
  checkIntervalMs: number
}

/**
 * - request 60 s: the largest body (a 20 MB import) takes well under a second on loopback and
 *   about 20 s at 1 MB/s through a proxy; Node's default is 300 s.
 * - headers 10 s: a client that is really sending needs milliseconds; Node waits 60 s.
 * - idle 60 s: above the 15 s heartbeat of the admin UI's event stream, so only dead sockets go.
 * - keep-alive 10 s: long enough for clients that reuse connections (the SDK, a browser), short
 *   enough that idle ones do not use up the connection cap.
 * - 256 connections: far above what scripts, the SDK's pool and a few browser tabs open, far
 *   below the 1024 file descriptors a process gets by default on Linux and macOS.
 * - deadline checks every second, so a deadline is kept to within one second.
 */
export const SERVER_TIMEOUTS: ServerTimeouts = {
  requestMs: 60_000,
  headersMs: 10_000,
  idleMs: 60_000,
  keepAliveMs: 10_000,
  maxConnections: 256,
  checkIntervalMs: 1_000,
}

/** The Fastify (and Node http) options for these limits; `maxConnections` is set on the server. */
export function timeoutOptions(t: ServerTimeouts): FastifyHttpOptions<Server> {
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    http: {
      // Node refuses a header deadline later than the request deadline.
      headersTimeout: Math.min(t.headersMs, t.requestMs),
      connectionsCheckingInterval: t.checkIntervalMs,
    },
  }
}
