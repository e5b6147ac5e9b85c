import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { T0, type TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction, rowOf, takeTokenAndClose } from '../support/service-account-flows'
import { seedTargets } from '../support/seed'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
  setTransport(null)
})

let oldToken = ''
async function seedBot(t: TestEngine) {
  const targets = await seedTargets(t)
  const issued = await t.value('serviceAccounts:create', {
    name: 'ingest',
    role: 'AN',
    workspaceIds: [targets.ws.id],
  })
  oldToken = issued.token
}

describe('Reset Token with a grace period', { timeout: 60_000 }, () => {
  it('keeps the old token for the chosen time, shows until when, and ends it on request', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Reset Token')
    const confirm = await screen.findByRole('dialog', { name: 'Reset the token of ingest?' })
    // None is chosen unless the admin picks a grace, as in Label Studio.
    expect(within(confirm).getByRole('radio', { name: /^None/ })).toBeChecked()
    await user.click(within(confirm).getByRole('radio', { name: '1 hour' }))
    expect(
      within(confirm).getByText('The current token keeps working for 1 hour'),
    ).toBeInTheDocument()
    await user.click(within(confirm).getByRole('button', { name: 'Reset token' }))
    const token = await takeTokenAndClose(user, 'New token issued')
    expect(t.engine.tokens.verify(token).ok).toBe(true)
    expect(t.engine.tokens.verify(oldToken).ok).toBe(true)

    const row = await rowOf('ingest')
    const note = await within(row).findByText(/previous token/)
    expect(note).toHaveTextContent(/valid until/)
    await user.click(
      within(row).getByRole('button', { name: 'End the previous token of ingest now' }),
    )
    await waitFor(() => expect(within(row).queryByText(/previous token/)).toBeNull())
    expect(t.engine.tokens.verify(oldToken)).toMatchObject({ ok: false, reason: 'revoked' })
    expect(t.engine.tokens.verify(token).ok).toBe(true)
  })
})
