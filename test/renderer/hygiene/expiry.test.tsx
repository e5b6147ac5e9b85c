import { screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { T0 } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { fillCreateDialog, rowOf, takeTokenAndClose } from '../support/service-account-flows'

const DAY = 24 * 60 * 60 * 1000

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
  setTransport(null)
})

describe('Token expiry', { timeout: 60_000 }, () => {
  it('is chosen at create; a token expiring within 7 days is highlighted on both screens', async () => {
    const { user, t } = await renderApp('serviceAccounts')
    const dialog = await fillCreateDialog(user, { name: 'nightly', role: 'Administrator' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Token expires' }))
    await user.click(await within(dialog).findByRole('option', { name: 'In 7 days' }))
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    await takeTokenAndClose(user, 'Service account created')
    const [account] = await t.value('serviceAccounts:list')
    expect(account!.token!.expiresAt).toBe(T0 + 7 * DAY)

    expect(within(await rowOf('nightly')).getByText('Expires in 7 days')).toBeVisible()
    expect(
      screen.getByRole('alert', { name: /1 service account token expires within 7 days/ }),
    ).toHaveTextContent('nightly')

    await user.click(screen.getByRole('link', { name: 'Organization' }))
    expect(
      await screen.findByRole('alert', { name: /1 service account token expires within 7 days/ }),
    ).toHaveTextContent('nightly')
  })

  it('offers only choices within the organization’s maximum lifetime', async () => {
    const { user } = await renderApp('serviceAccounts', {
      seed: (t) => t.value('org:updateSettings', { tokenMaxLifetimeDays: 30 }),
    })
    const dialog = await fillCreateDialog(user, { name: 'bot', role: 'Administrator' })
    const expiry = within(dialog).getByRole('combobox', { name: 'Token expires' })
    expect(expiry).toHaveValue('In 30 days (the organization’s maximum)')
    await user.click(expiry)
    // Only choices within the maximum are offered.
    expect(within(dialog).queryByRole('option', { name: 'In 90 days' })).toBeNull()
    expect(within(dialog).getByRole('option', { name: 'In 7 days' })).toBeVisible()
  })
})
