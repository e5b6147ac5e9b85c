import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from './support'

let f: Fixture
beforeAll(async () => {
  f = await startFixture()
})
afterAll(async () => f.close())

/** A raw POST whose Content-Type header(s) are sent exactly as given (fetch normalises them). */
function rawPost(path: string, contentTypes: string[], body: string) {
  const url = new URL(f.base)
  const headers: [string, string][] = [
    ['host', url.host],
    ['authorization', `Token ${f.tokens.OW}`],
    ['content-length', String(Buffer.byteLength(body))],
    ...contentTypes.map((v): [string, string] => ['content-type', v]),
  ]
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: 'POST', headers: headers.flat() },
      (res) => {
        let text = ''
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text || 'null') }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const projectCount = () =>
  (f.db.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n

// Each variant of the JSON media type that a client or an attacker might send.
const VARIANTS: string[][] = [
  ['application/json'],
  ['application/json\t'],
  ['application/json;'],
  ['application/json ;'],
  ['application/json; charset=utf-8'],
  ['application/json;charset=UTF-8'],
  ['APPLICATION/JSON'],
  ['Application/Json; Charset=utf-8'],
  ['application/json', 'text/plain'],
  ['text/plain', 'application/json'],
  ['application/json, text/plain'],
  ['application/jsonx'],
  ['application/json\tfoo'],
  ['\tapplication/json'],
  ['text/plain'],
  ['application/x-www-form-urlencoded'],
]

describe('Content-Type variants: parsed and validated like JSON, or refused with 415', () => {
  it.each(VARIANTS.map((v) => [JSON.stringify(v), v] as const))(
    'an invalid body sent as %s never creates anything',
    async (_label, types) => {
      const before = projectCount()
      // A title must be a string: validation refuses this body whenever it is read as JSON.
      const res = await rawPost('/api/projects', types, JSON.stringify({ title: 12345 }))
      expect([400, 415]).toContain(res.status)
      expect(res.body).toMatchObject({ status_code: res.status, exc_info: null })
      if (res.status === 400) expect(res.body.validation_errors).toHaveProperty('title')
      else expect(res.body.detail).toMatch(/application\/json/)
      expect(projectCount()).toBe(before)
    },
  )

  it.each(VARIANTS.map((v) => [JSON.stringify(v), v] as const))(
    'a valid body sent as %s is created exactly as with application/json, or refused',
    async (_label, types) => {
      const before = projectCount()
      const title = `P ${projectCount()}`
      const res = await rawPost('/api/projects', types, JSON.stringify({ title }))
      expect([201, 415]).toContain(res.status)
      if (res.status === 201) {
        expect(res.body.title).toBe(title)
        expect(projectCount()).toBe(before + 1)
      } else {
        expect(projectCount()).toBe(before)
      }
    },
  )

  it('parameters, letter case and a trailing tab or semicolon still mean JSON', async () => {
    for (const type of ['application/json;', 'APPLICATION/JSON', 'application/json\t']) {
      const res = await rawPost('/api/projects', [type], JSON.stringify({ title: 12345 }))
      expect(res.status, type).toBe(400)
    }
  })

  it('a POST with no body at all reads as {} on a route that declares a body (Label Studio clients send them)', async () => {
    const before = projectCount()
    const res = await rawPost('/api/projects', [], '')
    expect(res.status).toBe(201)
    expect(res.body.title).toEqual(expect.any(String))
    expect(projectCount()).toBe(before + 1)
  })

  it('text and form bodies are refused with 415 on JSON routes', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await rawPost('/api/projects', [type], 'title=Sneaky')
      expect(res.status, type).toBe(415)
    }
  })

  it('the sign-in form still reads urlencoded fields (its refusal names the account type)', async () => {
    const res = await rawPost(
      '/user/login',
      ['application/x-www-form-urlencoded'],
      'email=x%40y.z&password=p',
    )
    expect(res.status).toBe(401)
  })
})
