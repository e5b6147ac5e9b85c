import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp, serializeStores } from '../support/render-app'
import { fillCreateDialog, rowAction, takeTokenAndClose } from '../support/service-account-flows'
import { raiseQuota } from '../support/seed'

afterEach(() => setTransport(null))

describe('One-time token', { timeout: 60_000 }, () => {
  it('can be copied, cannot be dismissed unconfirmed, and is gone from stores and DOM after Close', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: (t) => raiseQuota(t, 1) })
    const dialog = await fillCreateDialog(user, { name: 'secret keeper', role: 'Administrator' })
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    const tokenDialog = await screen.findByRole('dialog', { name: 'Service account created' })
    const token = within(tokenDialog).getByLabelText('API token').textContent!
    expect(within(tokenDialog).getByText('This token will not be shown again')).toBeInTheDocument()

    await user.click(within(tokenDialog).getByRole('button', { name: 'Copy token' }))
    expect(await navigator.clipboard.readText()).toBe(token)
    expect(within(tokenDialog).getByRole('button', { name: 'Copied' })).toBeInTheDocument()

    // Escape does not dismiss it; Close waits for the confirmation.
    await user.keyboard('{Escape}')
    expect(screen.getByRole('dialog', { name: 'Service account created' })).toBeInTheDocument()
    expect(within(tokenDialog).getByRole('button', { name: 'Close' })).toBeDisabled()
    expect(serializeStores()).toContain(token)

    await takeTokenAndClose(user, 'Service account created')
    expect(serializeStores()).not.toContain(token)
    expect(document.documentElement.innerHTML).not.toContain(token)
    expect(screen.getByText('secret keeper')).toBeInTheDocument()

    // The same holds for a token from Reset Token.
    await rowAction(user, 'secret keeper', 'Reset Token')
    await user.click(await screen.findByRole('button', { name: 'Reset token' }))
    const second = await takeTokenAndClose(user, 'New token issued')
    await waitFor(() => expect(serializeStores()).not.toContain(second))
    expect(document.documentElement.innerHTML).not.toContain(second)
    expect(document.documentElement.innerHTML).not.toContain(token.slice(4, 20))
  })
})
