import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { createViaDialog, rowAction, takeTokenAndClose } from '../support/service-account-flows'
import { raiseQuota, seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

async function seedBot(t: TestEngine) {
  const targets = await seedTargets(t)
  await raiseQuota(t, 2)
  await t.value('serviceAccounts:create', { name: 'ingest', role: 'AD' })
  return targets
}

/** A keyboard user keeps their place: closing a dialog puts focus back where the flow began. */
describe('Focus after a service-account dialog closes', { timeout: 60_000 }, () => {
  it('returns to the row menu after Reset Token and the one-time token dialog', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Reset Token')
    const confirm = await screen.findByRole('dialog', { name: 'Reset the token of ingest?' })
    await user.click(within(confirm).getByRole('button', { name: 'Reset token' }))
    await takeTokenAndClose(user, 'New token issued')
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Actions for ingest' })).toHaveFocus(),
    )
  })

  it('returns to the row menu when a confirmation is cancelled', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Delete')
    const dialog = await screen.findByRole('dialog', { name: 'Delete ingest?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Actions for ingest' })).toHaveFocus(),
    )
  })

  it('returns to "Create service account" after the created token is closed', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: seedBot })
    await createViaDialog(user, { name: 'second', role: 'Administrator' })
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Create service account' })).toHaveFocus(),
    )
  })
})
