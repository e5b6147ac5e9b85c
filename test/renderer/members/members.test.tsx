import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

async function seedPeople(t: TestEngine) {
  const { ws } = await seedTargets(t)
  await t.value('members:addPerson', {
    email: 'ann@acme.test',
    firstName: 'Ann',
    lastName: 'Lee',
    role: 'AN',
  })
  await t.value('serviceAccounts:create', { name: 'ingest bot', role: 'AN', workspaceIds: [ws.id] })
}

const rowOf = async (text: string) =>
  (await within(await screen.findByRole('table', { name: 'Members' })).findByText(text)).closest(
    'tr',
  )!

describe('Members', { timeout: 60_000 }, () => {
  it('lists people and service accounts, the latter with their badge; filters by type, role and search', async () => {
    const { user } = await renderApp('members', { seed: seedPeople })
    const bot = await rowOf('ingest bot')
    expect(within(bot).getAllByText('Service account').length).toBeGreaterThan(0)
    expect(within(await rowOf('Ann Lee')).queryByText('Service account')).toBeNull()
    expect(within(await rowOf('owner@acme.test')).getAllByText('Owner')).toHaveLength(2)

    await user.click(screen.getByRole('radio', { name: 'Service accounts' }))
    const table = screen.getByRole('table', { name: 'Members' })
    expect(within(table).queryByText('Ann Lee')).toBeNull()
    expect(within(table).getByText('ingest bot')).toBeInTheDocument()
    await user.click(screen.getByRole('radio', { name: 'People' }))
    expect(within(table).queryByText('ingest bot')).toBeNull()
    await user.click(screen.getByRole('radio', { name: 'Everyone' }))

    await user.type(screen.getByRole('textbox', { name: 'Search members' }), 'ann@')
    expect(within(table).getByText('Ann Lee')).toBeInTheDocument()
    expect(within(table).queryByText('Owner')).toBeNull()
    await user.clear(screen.getByRole('textbox', { name: 'Search members' }))

    await user.click(screen.getByRole('combobox', { name: 'Role' }))
    await user.click(await screen.findByRole('option', { name: 'Owner' }))
    expect(within(table).queryByText('Ann Lee')).toBeNull()
    expect(within(table).getByText('owner@acme.test')).toBeInTheDocument()
  })

  it('adds a person, shows the engine message next to the email on a duplicate', async () => {
    const { user, t } = await renderApp('members', { seed: seedPeople })
    await user.click(await screen.findByRole('button', { name: 'Add person' }))
    let dialog = await screen.findByRole('dialog', { name: 'Add a person' })
    await user.type(within(dialog).getByRole('textbox', { name: /Email/ }), 'ann@acme.test')
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }))
    const email = within(dialog).getByRole('textbox', { name: /Email/ })
    await waitFor(() =>
      expect(email).toHaveAccessibleDescription('ann@acme.test is already a member'),
    )

    await user.clear(email)
    await user.type(email, 'bo@acme.test')
    await user.type(within(dialog).getByRole('textbox', { name: 'First name' }), 'Bo')
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }))
    await user.click(await within(dialog).findByRole('option', { name: 'Reviewer' }))
    await user.click(within(dialog).getByRole('button', { name: 'Add person' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(within(await rowOf('bo@acme.test')).getByText('Reviewer')).toBeInTheDocument()
    const people = await t.value('members:list', { kind: 'human' })
    expect(people.find((m) => m.email === 'bo@acme.test')?.role).toBe('RE')
    dialog = document.body
    expect(dialog).toBeTruthy()
  })

  it('changes a role, deactivates and reactivates a person', async () => {
    const { user, t } = await renderApp('members', { seed: seedPeople })
    await user.click(await screen.findByRole('button', { name: 'Actions for Ann Lee' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Change role' }))
    const dialog = await screen.findByRole('dialog', { name: 'Change role of Ann Lee' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }))
    await user.click(await within(dialog).findByRole('option', { name: 'Manager' }))
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(within(await rowOf('Ann Lee')).getByText('Manager')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Actions for Ann Lee' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Deactivate…' }))
    // Deactivation asks first; Cancel changes nothing.
    const confirm = await screen.findByRole('dialog', { name: 'Deactivate Ann Lee?' })
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect((await t.value('members:list', { search: 'ann@' }))[0]!.role).toBe('MA')
    await user.click(screen.getByRole('button', { name: 'Actions for Ann Lee' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Deactivate…' }))
    const again = await screen.findByRole('dialog', { name: 'Deactivate Ann Lee?' })
    await user.click(within(again).getByRole('button', { name: 'Deactivate' }))
    expect(await within(await rowOf('Ann Lee')).findByText('Deactivated')).toBeInTheDocument()

    // Reactivation lets the admin choose the role instead of always restoring Annotator.
    await user.click(screen.getByRole('button', { name: 'Actions for Ann Lee' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Reactivate…' }))
    const back = await screen.findByRole('dialog', { name: 'Reactivate Ann Lee' })
    const role = within(back).getByRole('combobox', { name: 'Role after reactivation' })
    expect(role).toHaveValue('Annotator')
    await user.click(role)
    await user.click(await within(back).findByRole('option', { name: 'Reviewer' }))
    await user.click(within(back).getByRole('button', { name: 'Reactivate' }))
    await waitFor(async () =>
      expect(within(await rowOf('Ann Lee')).queryByText('Deactivated')).toBeNull(),
    )
    const ann = (await t.value('members:list', { search: 'ann@' }))[0]!
    expect(ann.role).toBe('RE')
  })

  it('Manage on a service account opens Service Accounts with its row highlighted', async () => {
    const { user } = await renderApp('members', { seed: seedPeople })
    await user.click(
      within(await rowOf('ingest bot')).getByRole('button', {
        name: 'Manage ingest bot on Service Accounts',
      }),
    )
    const table = await screen.findByRole('table', { name: 'Service accounts' })
    const row = (await within(table).findByText('ingest bot')).closest('tr')!
    expect(row).toHaveAttribute('aria-current', 'true')
    expect(
      within(table)
        .getAllByRole('row')
        .filter((r) => r.hasAttribute('aria-current')),
    ).toHaveLength(1)
    expect(window.location.hash).toMatch(/^#\/service-accounts\?account=\d+$/)
  })
})
