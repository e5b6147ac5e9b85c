import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction } from '../support/service-account-flows'
import { seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

async function seedBot(t: TestEngine) {
  const targets = await seedTargets(t)
  const issued = await t.value('serviceAccounts:create', {
    name: 'ingest',
    role: 'AN',
    workspaceIds: [targets.ws.id],
  })
  const ada = await t.value('members:addPerson', {
    email: 'ada@acme.test',
    firstName: 'Ada',
    lastName: 'Lovelace',
    role: 'AD',
  })
  return { bot: issued.account, ada }
}

describe(
  'a service account changed by someone else while its dialog is open',
  { timeout: 60_000 },
  () => {
    it('says who changed it, saves nothing, and offers the current values', async () => {
      let seeded: Awaited<ReturnType<typeof seedBot>> | undefined
      const { user, t } = await renderApp('serviceAccounts', {
        seed: async (t) => (seeded = await seedBot(t)),
      })
      await rowAction(user, 'ingest', 'Change role')
      const dialog = await screen.findByRole('dialog', { name: 'Change role of ingest' })
      // Meanwhile another administrator makes it a Reviewer.
      await t
        .as({ userId: seeded!.ada.userId, organizationId: t.owner.organizationId })
        .value('serviceAccounts:changeRole', { userId: seeded!.bot.userId, role: 'RE' })
      await user.click(within(dialog).getByRole('radio', { name: /Administrator/ }))
      await user.click(within(dialog).getByRole('button', { name: 'Save role' }))
      const alert = await within(dialog).findByRole('alert')
      expect(alert).toHaveTextContent('Someone else changed this account')
      expect(alert).toHaveTextContent(/“ingest” was changed by Ada Lovelace at \d\d:\d\d UTC/)
      expect((await t.value('serviceAccounts:get', { userId: seeded!.bot.userId })).role).toBe('RE')

      await user.click(within(alert).getByRole('button', { name: 'Show the current values' }))
      const fresh = await screen.findByRole('dialog', { name: 'Change role of ingest' })
      await waitFor(() => expect(within(fresh).queryByRole('alert')).toBeNull())
      expect(within(fresh).getByRole('radio', { name: /Reviewer/ })).toBeChecked()
      await user.click(within(fresh).getByRole('radio', { name: /Administrator/ }))
      await user.click(within(fresh).getByRole('button', { name: 'Save role' }))
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
      expect((await t.value('serviceAccounts:get', { userId: seeded!.bot.userId })).role).toBe('AD')
    })
  },
)
