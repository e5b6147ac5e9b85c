import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { raiseQuota, seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

async function seedWithBot(t: TestEngine) {
  const targets = await seedTargets(t)
  await t.value('members:addPerson', {
    email: 'ann@acme.test',
    firstName: 'Ann',
    lastName: 'Lee',
    role: 'AN',
  })
  await t.value('serviceAccounts:create', {
    name: 'ingest bot',
    role: 'AN',
    workspaceIds: [targets.ws.id],
  })
  return targets
}

const rowIn = async (table: string, text: string) =>
  (await within(await screen.findByRole('table', { name: table })).findByText(text)).closest('tr')!

async function act(
  user: ReturnType<typeof import('@testing-library/user-event').default.setup>,
  title: string,
  item: string,
) {
  await user.click(await screen.findByRole('button', { name: `Actions for ${title}` }))
  await user.click(await screen.findByRole('menuitem', { name: item }))
}

describe('Workspaces & Projects', { timeout: 60_000 }, () => {
  it('creates, edits and archives a workspace and a project', async () => {
    const { user, t } = await renderApp('workspaces')
    await user.click(await screen.findByRole('button', { name: 'Create workspace' }))
    let dialog = await screen.findByRole('dialog', { name: 'Create workspace' })
    await user.click(within(dialog).getByRole('button', { name: 'Create workspace' }))
    // The engine's validation shows next to the title; nothing is created.
    await waitFor(() =>
      expect(within(dialog).getByRole('textbox', { name: /Title/ })).toHaveAccessibleDescription(
        'Title is required',
      ),
    )
    expect(await t.value('workspaces:list')).toEqual([])
    await user.type(within(dialog).getByRole('textbox', { name: /Title/ }), 'Vision')
    await user.click(within(dialog).getByRole('button', { name: 'Create workspace' }))
    await rowIn('Workspaces', 'Vision')

    await user.click(screen.getByRole('button', { name: 'Create project' }))
    dialog = await screen.findByRole('dialog', { name: 'Create project' })
    await user.type(within(dialog).getByRole('textbox', { name: /Title/ }), 'Birds')
    await user.click(within(dialog).getByRole('combobox', { name: 'Workspace' }))
    await user.click(await within(dialog).findByRole('option', { name: 'Vision' }))
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }))
    expect(within(await rowIn('Projects', 'Birds')).getByText('Vision')).toBeInTheDocument()

    await act(user, 'Vision', 'Edit')
    dialog = await screen.findByRole('dialog', { name: 'Edit workspace' })
    const title = within(dialog).getByRole('textbox', { name: /Title/ })
    await user.clear(title)
    await user.type(title, 'Vision 2')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await rowIn('Workspaces', 'Vision 2')

    await act(user, 'Birds', 'Archive')
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Projects' })).toBeNull())
    await user.click(screen.getByRole('switch', { name: 'Show archived' }))
    expect(within(await rowIn('Projects', 'Birds')).getByText('Archived')).toBeInTheDocument()
    expect(
      (await t.value('projects:list', { includeArchived: true }))[0]!.archivedAt,
    ).not.toBeNull()
  })

  it('does not offer to delete a workspace that still has projects, and says why first', async () => {
    const { user, t } = await renderApp('workspaces', { seed: seedTargets })
    await act(user, 'Labeling', 'Delete')
    const dialog = await screen.findByRole('dialog', { name: 'Delete workspace “Labeling”?' })
    expect(dialog).toHaveTextContent('“Labeling” still has 1 project')
    expect(dialog).toHaveTextContent('only an empty workspace can be deleted')
    expect(within(dialog).queryByRole('button', { name: 'Delete workspace' })).toBeNull()
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))
    expect((await t.value('workspaces:list')).map((w) => w.title)).toEqual(['Labeling'])

    await act(user, 'Cats', 'Delete')
    await user.click(await screen.findByRole('button', { name: 'Delete project' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await act(user, 'Labeling', 'Delete')
    await user.click(await screen.findByRole('button', { name: 'Delete workspace' }))
    await waitFor(() => expect(screen.queryByRole('table', { name: 'Workspaces' })).toBeNull())
    expect(await t.value('workspaces:list')).toEqual([])
  })

  it('membership pickers list people and service accounts alike, service accounts marked', async () => {
    const { user, t } = await renderApp('workspaces', { seed: seedWithBot })
    await act(user, 'Dogs', 'Members')
    const dialog = await screen.findByRole('dialog', { name: 'Members of Dogs' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Add a member' }))
    const botOption = await within(dialog).findByRole('option', { name: /ingest bot/ })
    expect(within(botOption).getByText('Service account')).toBeInTheDocument()
    const annOption = within(dialog).getByRole('option', { name: /Ann Lee/ })
    expect(within(annOption).queryByText('Service account')).toBeNull()
    await user.click(botOption)
    await user.click(within(dialog).getByRole('button', { name: 'Add' }))
    const current = await within(dialog).findByRole('list', { name: 'Current members' })
    expect(within(current).getByText('ingest bot')).toBeInTheDocument()
    expect(within(current).getByText('Service account')).toBeInTheDocument()
    const dogs = (await t.value('projects:list')).find((p) => p.title === 'Dogs')!
    expect(
      (await t.value('projects:members', { id: dogs.id })).map((m) => m.displayName),
    ).toContain('ingest bot')

    // The same picker in the workspace editor; the engine's refusal shows in the dialog.
    await user.click(within(dialog).getByRole('button', { name: 'Done' }))
    await act(user, 'Labeling', 'Members')
    const ws = await screen.findByRole('dialog', { name: 'Members of Labeling' })
    const list = await within(ws).findByRole('list', { name: 'Current members' })
    await within(list).findByText('ingest bot')
    await user.click(within(ws).getByRole('button', { name: 'Remove ingest bot' }))
    // Removing keeps the rule: it still has the project Dogs, so removal is allowed.
    await waitFor(() => expect(within(list).queryByText('ingest bot')).toBeNull())

    // Removing its last assignment is refused; the engine's message shows and nothing changes.
    await user.click(within(ws).getByRole('button', { name: 'Done' }))
    await act(user, 'Dogs', 'Members')
    const again = await screen.findByRole('dialog', { name: 'Members of Dogs' })
    const dogsList = await within(again).findByRole('list', { name: 'Current members' })
    await user.click(await within(dogsList).findByRole('button', { name: 'Remove ingest bot' }))
    expect(await within(again).findByRole('alert')).toHaveTextContent(
      '“ingest bot” needs at least one workspace or project',
    )
    expect(within(dogsList).getByText('ingest bot')).toBeInTheDocument()
    expect(
      (await t.value('projects:members', { id: dogs.id })).map((m) => m.displayName),
    ).toContain('ingest bot')
  })

  it('lists Administrator service accounts in the picker, greyed out with the reason', async () => {
    const { user, t } = await renderApp('workspaces', {
      seed: async (t) => {
        await seedWithBot(t)
        await raiseQuota(t, 1)
        await t.value('serviceAccounts:create', { name: 'admin bot', role: 'AD' })
      },
    })
    await act(user, 'Dogs', 'Members')
    const dialog = await screen.findByRole('dialog', { name: 'Members of Dogs' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Add a member' }))
    const admin = await within(dialog).findByRole('option', { name: /admin bot/ })
    expect(admin).toHaveAttribute('aria-disabled', 'true')
    expect(admin).toHaveTextContent('already has access to everything, no membership needed')
    await user.click(admin)
    expect(within(dialog).getByRole('button', { name: 'Add' })).toBeDisabled()
    // Assignable members stay choosable.
    expect(within(dialog).getByRole('option', { name: /ingest bot/ })).not.toHaveAttribute(
      'aria-disabled',
      'true',
    )
    const dogs = (await t.value('projects:list')).find((p) => p.title === 'Dogs')!
    expect(await t.value('projects:members', { id: dogs.id })).toEqual([])
  })
})
