import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { T0, type TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowOf } from '../support/service-account-flows'

const DAY = 24 * 60 * 60 * 1000
const NOW = T0 + 45 * DAY

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
})
afterEach(() => {
  vi.useRealTimers()
  setTransport(null)
})

let token = ''
async function seed(t: TestEngine) {
  token = (await t.value('serviceAccounts:create', { name: 'forgotten', role: 'AD' })).token
  t.clock.set(NOW)
}

describe('Unused service accounts', { timeout: 60_000 }, () => {
  it('shows how long an account is unused, previews the rule, and applies it when saved', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed })
    expect(await within(await rowOf('forgotten')).findByText('Unused for 45 days')).toBeVisible()

    await user.click(screen.getByRole('link', { name: 'Settings' }))
    const section = await screen.findByRole('region', { name: 'Unused service accounts' })
    const save = within(section).getByRole('button', { name: 'Save rule' })
    expect(within(section).getByRole('switch')).not.toBeChecked()
    expect(save).toBeDisabled()
    const days = within(section).getByRole('textbox', { name: 'Unused for (days)' })
    await user.clear(days)
    await user.type(days, '30')
    // The preview names what would be deactivated today, before anything is switched on.
    expect(
      await within(section).findByText('Today this rule would deactivate 1 service account'),
    ).toBeVisible()
    expect(within(section).getByText('forgotten: unused for 45 days')).toBeVisible()
    expect(t.engine.tokens.verify(token).ok).toBe(true)

    await user.click(within(section).getByRole('switch'))
    await user.click(save)
    await waitFor(() =>
      expect(t.engine.tokens.verify(token)).toMatchObject({ ok: false, reason: 'deactivated' }),
    )
    expect(await t.value('serviceAccounts:staleRule')).toMatchObject({ days: 30 })
  })
})
