import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { redactUrl } from '../../../src/main/api/redaction'
import { buildApiServer } from '../../../src/main/api/server'
import { formatToken } from '../../../src/shared/token-format'
import { makeEngine } from '../../support/engine'

const dir = mkdtempSync(join(tmpdir(), 'tessera-redact-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
const jwt = () =>
  `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '7', tid: 3, n: randomBytes(6).toString('hex') })}.${randomBytes(32).toString('base64url')}`
const apiToken = () => formatToken((n) => randomBytes(n))

/** Sends the request target exactly as written (fetch would normalise some of it). */
function get(port: number, target: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: target, headers: { authorization: `Token ${token}` } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('secrets in request URLs', () => {
  it('are stored redacted, and appear nowhere in the database file or its WAL', async () => {
    const path = join(dir, 'tessera.db')
    const t = makeEngine(path)
    const owner = t.engine.tokens.issue(t.owner.userId, t.owner.organizationId).token
    const app = buildApiServer({ engine: t.engine, log: () => {} })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const port = (app.server.address() as { port: number }).port

    const [j1, j2, j3, j4, j5] = [jwt(), jwt(), jwt(), jwt(), jwt()]
    const [k1, k2, k3, k4, k5] = [apiToken(), apiToken(), apiToken(), apiToken(), apiToken()]
    const pad = 'a'.repeat(200)
    const cases: [target: string, stored: string][] = [
      [`/api/projects/?access=${j1}`, '/api/projects/?access=[REDACTED]'],
      [`/api/projects/?jwt=${j2}&page=1`, '/api/projects/?jwt=[REDACTED]&page=1'],
      [`/api/projects/${j3}`, '/api/projects/[REDACTED]'],
      // A JWT by shape under a harmless name, its dots percent-encoded.
      [
        `/api/tasks/?filter=id%3D${j4.replaceAll('.', '%2E')}`,
        '/api/tasks/?filter=id%3D[REDACTED]',
      ],
      [`/api/projects/?x=tsa%5F${k1.slice(4)}`, '/api/projects/?x=tsa_[REDACTED]'],
      [
        `/api/projects/?q=%74%73%61_${k2.slice(4)}&page=2`,
        '/api/projects/?q=tsa_[REDACTED]&page=2',
      ],
      // Double-encoded, and a token body without its prefix (found by its checksum).
      [`/api/projects/?q=tsa%255F${k3.slice(4)}`, '/api/projects/?q=tsa_[REDACTED]'],
      [
        `/api/projects/?note=hello%20world&x=${k4.slice(4)}`,
        '/api/projects/?note=hello%20world&x=[REDACTED]',
      ],
      // Past the 256-character cut: redacted first, so no half of either secret survives.
      [
        `/api/projects/?q=${pad}&a=${k5}&b=${j5}`,
        `/api/projects/?q=${pad}&a=tsa_[REDACTED]&b=[REDACTED]`.slice(0, 256),
      ],
    ]
    for (const [target] of cases) expect(await get(port, target, owner)).toBeLessThan(500)

    const urls = t.db
      .prepare("SELECT url FROM activity_entries WHERE kind = 'api' ORDER BY id")
      .pluck()
      .all() as string[]
    expect(urls).toEqual(cases.map(([, stored]) => stored))

    // Every piece of every secret, as sent and decoded, in the bytes on disk right now (recent
    // pages live in the -wal file while the connection is open).
    expect(existsSync(`${path}-wal`)).toBe(true)
    const files = [path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p))
    const bytes = Buffer.concat(files.map((p) => readFileSync(p)))
    const pieces = [j1, j2, j3, j4, j5].flatMap((j) => j.split('.'))
    pieces.push(...[owner, k1, k2, k3, k4, k5].map((k) => k.slice(4)))
    for (const piece of pieces) expect(bytes.includes(piece), piece).toBe(false)
    expect(bytes.includes('/api/projects/?jwt=[REDACTED]&page=1')).toBe(true)

    await app.close()
    t.close()
  })

  it('keeps what is not secret as it was typed', () => {
    expect(redactUrl('/api/projects/?page=2&search=caf%C3%A9&ordering=-id')).toBe(
      '/api/projects/?page=2&search=caf%C3%A9&ordering=-id',
    )
    expect(redactUrl('/api/tasks/?private_token=abc&x-api-key=def&key=ghi&keyword=jkl')).toBe(
      '/api/tasks/?private_token=[REDACTED]&x-api-key=[REDACTED]&key=[REDACTED]&keyword=jkl',
    )
    // A malformed escape stays as typed; the secret beside it is still found.
    expect(redactUrl('/api/x%ZZ?q=%ZZtsa%5Fabcdefghijkl')).toBe('/api/x%ZZ?q=%25ZZtsa_[REDACTED]')
    expect(redactUrl('http://me:hunter2@127.0.0.1/api/projects/')).toBe(
      'http://[REDACTED]@127.0.0.1/api/projects/',
    )
  })
})
