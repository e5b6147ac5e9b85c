import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction, rowOf } from '../support/service-account-flows'

afterEach(() => setTransport(null))

let token = ''
async function seedBot(t: TestEngine) {
  token = (await t.value('serviceAccounts:create', { name: 'ingest', role: 'AD' })).token
}

describe('Network allowlist', { timeout: 60_000 }, () => {
  it('limits the account to the listed networks; a bad entry is named and nothing is saved', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Network allowlist')
    const dialog = await screen.findByRole('dialog', { name: 'Network allowlist of ingest' })
    const field = within(dialog).getByRole('textbox', { name: 'Addresses and CIDR ranges' })
    await user.type(field, '10.0.0.0/8{Enter}office')
    await user.click(within(dialog).getByRole('button', { name: 'Save allowlist' }))
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(
        expect.stringContaining('“office” is not an IP address or CIDR range'),
      ),
    )
    expect(t.engine.tokens.verify(token, '203.0.113.1').ok).toBe(true)

    await user.clear(field)
    await user.type(field, '10.0.0.0/8{Enter}2001:db8::/32')
    await user.click(within(dialog).getByRole('button', { name: 'Save allowlist' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(within(await rowOf('ingest')).getByText('Only from 10.0.0.0/8 and 1 more')).toBeVisible()
    expect(t.engine.tokens.verify(token, '203.0.113.1')).toMatchObject({ reason: 'network' })
    expect(t.engine.tokens.verify(token, '10.1.2.3').ok).toBe(true)
  })
})
