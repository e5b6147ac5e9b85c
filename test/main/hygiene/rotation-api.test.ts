import { afterEach, describe, expect, it } from 'vitest'
import { GRACE_MS } from '../../../src/shared/rotation'
import { startFixture, type Fixture } from '../api/support'

let f: Fixture
afterEach(async () => f?.close())

const whoami = (token: string) => f.req('GET', '/api/current-user/whoami', { token })
const details = (e: { details: string | null }) =>
  JSON.parse(e.details ?? '{}') as Record<string, unknown>

describe('rotation over the REST API', () => {
  it('an admin reset with a grace keeps both tokens working and says until when', async () => {
    f = await startFixture()
    const base = `/api/organizations/${f.org}/service-accounts`
    const reset = await f.req('POST', `${base}/${f.userIds.RE}/reset-token`, {
      token: f.tokens.AD,
      body: { grace: '15m' },
    })
    expect(reset.status).toBe(201)
    const until = new Date(f.clock.now() + GRACE_MS['15m']).toISOString()
    expect(reset.body).toEqual({ token: expect.any(String), previous_token_valid_until: until })
    expect((await whoami(f.tokens.RE)).status).toBe(200)
    expect((await whoami(reset.body.token)).status).toBe(200)

    // Each request's entry names the token it came with; the previous one is marked.
    const [oldUse, newUse] = f.apiEntries().slice(-2)
    const account = f.engine.serviceAccounts.get(f.owner, f.userIds.RE)
    expect(details(oldUse!)).toMatchObject({
      token: account.previousToken!.display,
      token_previous_valid_until: until,
    })
    expect(details(newUse!)).toMatchObject({ token: account.token!.display })
    expect(details(newUse!)).not.toHaveProperty('token_previous_valid_until')

    const listed = await f.req('GET', base, { token: f.tokens.AD })
    const row = (listed.body as { id: number; previous_token: unknown }[]).find(
      (a) => a.id === f.userIds.RE,
    )
    expect(row?.previous_token).toMatchObject({ valid_until: until })

    const end = await f.req('POST', `${base}/${f.userIds.RE}/end-grace`, { token: f.tokens.AD })
    expect(end.status).toBe(200)
    expect(end.body.previous_token).toBeNull()
    expect((await whoami(f.tokens.RE)).status).toBe(401)
    expect((await whoami(reset.body.token)).status).toBe(200)
  })

  it('a reset without a body answers exactly as Label Studio: { token }, old one dead', async () => {
    f = await startFixture()
    const base = `/api/organizations/${f.org}/service-accounts`
    const reset = await f.req('POST', `${base}/${f.userIds.RE}/reset-token`, { token: f.tokens.AD })
    expect(Object.keys(reset.body)).toEqual(['token'])
    expect((await whoami(f.tokens.RE)).status).toBe(401)
  })

  it('self-rotation accepts the grace as an extension field', async () => {
    f = await startFixture()
    const res = await f.req('POST', '/api/current-user/reset-token/', {
      token: f.tokens.AN,
      body: { grace: '1h' },
    })
    expect(res.status).toBe(201)
    expect(res.body.previous_token_valid_until).toBe(
      new Date(f.clock.now() + GRACE_MS['1h']).toISOString(),
    )
    expect((await whoami(f.tokens.AN)).status).toBe(200)
    expect((await whoami(res.body.token)).status).toBe(200)
    f.clock.advance(GRACE_MS['1h'])
    expect((await whoami(f.tokens.AN)).status).toBe(401)
    expect((await whoami(res.body.token)).status).toBe(200)
  })

  it('refuses an unknown grace with 400 and keeps the token', async () => {
    f = await startFixture()
    const res = await f.req('POST', '/api/current-user/reset-token/', {
      token: f.tokens.AN,
      body: { grace: 'forever' },
    })
    expect(res.status).toBe(400)
    expect(res.body.validation_errors).toHaveProperty('grace')
    expect((await whoami(f.tokens.AN)).status).toBe(200)
  })

  it('only an admin ends another account’s grace', async () => {
    f = await startFixture()
    const base = `/api/organizations/${f.org}/service-accounts`
    await f.req('POST', `${base}/${f.userIds.RE}/reset-token`, {
      token: f.tokens.AD,
      body: { grace: '1h' },
    })
    const res = await f.req('POST', `${base}/${f.userIds.RE}/end-grace`, { token: f.tokens.MA })
    expect(res.status).toBe(403)
    expect((await whoami(f.tokens.RE)).status).toBe(200)
  })
})
