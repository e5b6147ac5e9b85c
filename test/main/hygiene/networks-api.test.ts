import { afterEach, describe, expect, it } from 'vitest'
import { startFixture, type Fixture } from '../api/support'

let f: Fixture
afterEach(async () => f?.close())

const whoami = (token: string) => f.req('GET', '/api/current-user/whoami', { token })

describe('network allowlist over the REST API', () => {
  it('refuses other sources with 403 naming the address, logs the refusal, applies at once', async () => {
    f = await startFixture()
    const path = `/api/organizations/${f.org}/service-accounts/${f.userIds.RE}/allowed-networks`
    const put = await f.req('PUT', path, {
      token: f.tokens.AD,
      body: { allowed_networks: ['10.0.0.0/8', '2001:db8::/32'] },
    })
    expect(put.status).toBe(200)
    expect(put.body.allowed_networks).toEqual(['10.0.0.0/8', '2001:db8::/32'])

    const refusedReq = await whoami(f.tokens.RE)
    expect(refusedReq.status).toBe(403)
    expect(refusedReq.body).toMatchObject({
      status_code: 403,
      detail: expect.stringContaining('not accepted from 127.0.0.1'),
    })
    const entry = f.apiEntries().at(-1)!
    expect(entry).toMatchObject({ ip: '127.0.0.1', status: 403, actor_id: f.userIds.RE })
    expect(JSON.parse(entry.details!)).toMatchObject({
      auth_failure: 'network',
      source: '127.0.0.1',
    })
    // Other accounts are not affected.
    expect((await whoami(f.tokens.AN)).status).toBe(200)

    // The IPv4-mapped form of this machine's address counts as 127.0.0.1.
    await f.req('PUT', path, {
      token: f.tokens.AD,
      body: { allowed_networks: ['::ffff:127.0.0.1'] },
    })
    expect((await whoami(f.tokens.RE)).status).toBe(200)
  })

  it('answers 400 for an entry that is not an address or range, and only admins may set it', async () => {
    f = await startFixture()
    const path = `/api/organizations/${f.org}/service-accounts/${f.userIds.RE}/allowed-networks`
    const bad = await f.req('PUT', path, {
      token: f.tokens.AD,
      body: { allowed_networks: ['office-wifi'] },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.validation_errors.allowed_networks[0]).toContain(
      'is not an IP address or CIDR range',
    )
    const manager = await f.req('PUT', path, {
      token: f.tokens.MA,
      body: { allowed_networks: ['10.0.0.0/8'] },
    })
    expect(manager.status).toBe(403)
    expect((await whoami(f.tokens.RE)).status).toBe(200)
  })
})
