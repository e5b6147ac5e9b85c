import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parseProxyAddress } from '../../../src/main/cli/run'
import { serve } from '../../../src/main/cli/serve'

const dir = mkdtempSync(join(tmpdir(), 'tessera-trust-proxy-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Serves a fresh database, sends one forged-header request, returns the IP the log kept. */
async function loggedIp(name: string, trustProxy?: string[]): Promise<string> {
  const db = join(dir, `${name}.db`)
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  let running: Awaited<ReturnType<typeof serve>>
  try {
    running = await serve({ db, port: 0, trustProxy })
  } finally {
    quiet.mockRestore()
  }
  try {
    const res = await fetch(`${running.url}/api/projects/`, {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' },
    })
    expect(res.status).toBe(401)
  } finally {
    await running.close()
  }
  const file = new Database(db, { readonly: true })
  try {
    const row = file
      .prepare("SELECT ip FROM activity_entries WHERE url LIKE '/api/projects%' ORDER BY id DESC")
      .get() as { ip: string }
    return row.ip
  } finally {
    file.close()
  }
}

describe('serve --trust-proxy', { timeout: 60_000 }, () => {
  it('without it, X-Forwarded-For is ignored: the log keeps the socket address', async () => {
    expect(await loggedIp('plain')).toBe('127.0.0.1')
  })

  it('naming the proxy, the log keeps the client the proxy forwarded', async () => {
    expect(await loggedIp('proxied', ['127.0.0.1'])).toBe('203.0.113.9')
  })

  it('accepts addresses and CIDR ranges, refuses host names and bad ranges', () => {
    expect(parseProxyAddress('127.0.0.1')).toBe('127.0.0.1')
    expect(parseProxyAddress('10.0.0.0/8')).toBe('10.0.0.0/8')
    expect(parseProxyAddress('::1')).toBe('::1')
    expect(parseProxyAddress('fd00::/8')).toBe('fd00::/8')
    for (const bad of ['proxy.example', '10.0.0.0/33', '1.2.3.4/8/9', '', '10.0.0/8']) {
      expect(() => parseProxyAddress(bad), bad).toThrow(/IP address or CIDR/)
    }
  })
})
