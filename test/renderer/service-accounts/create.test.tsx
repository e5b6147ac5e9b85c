import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useAuthStore } from '../../../src/renderer/src/features/auth/auth.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp } from '../support/render-app'
import { createViaDialog, fillCreateDialog, rowOf } from '../support/service-account-flows'
import { raiseQuota, seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

const seedRoomy = async (t: Parameters<typeof raiseQuota>[0]) => {
  await raiseQuota(t, 5)
  return seedTargets(t)
}

describe('Create service account', { timeout: 60_000 }, () => {
  it('creates one of each role with the right assignments, token shown once', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedRoomy })
    const tokens = [
      await createViaDialog(user, { name: 'admin bot', role: 'Administrator' }),
      await createViaDialog(user, { name: 'manager bot', role: 'Manager', targets: ['Dogs'] }),
      await createViaDialog(user, {
        name: 'reviewer bot',
        role: 'Reviewer',
        targets: ['Labeling', 'Dogs'],
      }),
      await createViaDialog(user, {
        name: 'annotator bot',
        role: 'Annotator',
        targets: ['Labeling'],
      }),
    ]
    expect(new Set(tokens).size).toBe(4)

    const accounts = await t.value('serviceAccounts:list')
    const summary = accounts
      .map((a) => ({
        name: a.name,
        role: a.role,
        ws: a.workspaces.map((w) => w.title),
        pr: a.projects.map((p) => p.title),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
    expect(summary).toEqual([
      { name: 'admin bot', role: 'AD', ws: [], pr: [] },
      { name: 'annotator bot', role: 'AN', ws: ['Labeling'], pr: [] },
      { name: 'manager bot', role: 'MA', ws: [], pr: ['Dogs'] },
      { name: 'reviewer bot', role: 'RE', ws: ['Labeling'], pr: ['Dogs'] },
    ])
    // The table shows what was created, with the display form of the token only.
    const row = await rowOf('reviewer bot')
    expect(within(row).getByText('Reviewer')).toBeInTheDocument()
    expect(within(row).getByText('Workspace: Labeling')).toBeInTheDocument()
    expect(within(row).getByText('Project: Dogs')).toBeInTheDocument()
    expect(within(row).getByText(/^tsa_…[A-Za-z0-9]{4}$/)).toBeInTheDocument()
    expect(within(await rowOf('admin bot')).getByText('Whole organization')).toBeInTheDocument()
  })

  it('explains each role and hides the picker for Administrators', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: seedTargets })
    const dialog = await fillCreateDialog(user, { name: 'x', role: 'Administrator' })
    expect(
      within(dialog).getByText(/Full access to every workspace and project/),
    ).toBeInTheDocument()
    expect(within(dialog).getByText(/creates or updates its own annotations/)).toBeInTheDocument()
    expect(within(dialog).queryByRole('combobox', { name: /Workspaces and projects/ })).toBeNull()
    await user.click(within(dialog).getByRole('radio', { name: /Reviewer/ }))
    expect(
      within(dialog).getByRole('combobox', { name: /Workspaces and projects/ }),
    ).toBeInTheDocument()
  })

  it('shows the assignment rule next to the picker and creates nothing', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedTargets })
    const dialog = await fillCreateDialog(user, { name: 'lonely bot', role: 'Annotator' })
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    const picker = within(dialog).getByRole('combobox', { name: /Workspaces and projects/ })
    await waitFor(() =>
      expect(picker).toHaveAccessibleDescription(
        expect.stringContaining(
          'Annotator service accounts need at least one workspace or project',
        ),
      ),
    )
    expect(picker).toHaveAttribute('aria-invalid', 'true')
    expect(await t.value('serviceAccounts:list')).toEqual([])
    expect(screen.getByRole('dialog', { name: 'Create service account' })).toBeInTheDocument()
  })

  it('validates the name live: characters at once, uniqueness from the engine', async () => {
    const { user, t } = await renderApp('serviceAccounts', {
      seed: async (t) => {
        await raiseQuota(t, 1)
        await t.value('serviceAccounts:create', { name: 'ingest', role: 'AD' })
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Create service account' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create service account' })
    const name = within(dialog).getByRole('textbox', { name: /^Name/ })
    await user.type(name, 'bad/name')
    expect(name).toHaveAccessibleDescription(expect.stringContaining('may contain only letters'))
    await user.clear(name)
    await user.type(name, 'INGEST')
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(expect.stringContaining('already exists')),
    )
    // Submitting anyway gets the engine's refusal next to the name; nothing is created.
    await user.click(within(dialog).getByRole('radio', { name: /Administrator/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription('A service account named “ingest” already exists'),
    )
    expect((await t.value('serviceAccounts:list')).map((a) => a.name)).toEqual(['ingest'])
    await user.clear(name)
    await user.type(name, 'ingest 2')
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(expect.stringContaining('Name is available')),
    )
  })

  it('quota exceeded → an Administrator requests → the Owner approves → create succeeds', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedTargets })
    // Signed in to the browser UI as an Administrator: more accounts are asked for.
    useAuthStore.setState({
      status: 'signedIn',
      user: { id: 99, email: 'ada@acme.test', name: 'Ada', role: 'AD' },
    })
    await createViaDialog(user, { name: 'first', role: 'Administrator' })
    expect(await screen.findByText('1 of 1 included service account used')).toBeInTheDocument()
    const create = screen.getByRole('button', { name: 'Create service account' })
    await waitFor(() => expect(create).toBeDisabled())
    expect(create).toHaveAccessibleDescription(
      expect.stringContaining('Every included service account is in use'),
    )

    await user.click(screen.getByRole('button', { name: 'Request additional service accounts' }))
    const request = await screen.findByRole('dialog', {
      name: 'Request additional service accounts',
    })
    const count = within(request).getByRole('textbox', { name: /Number of additional/ })
    await user.clear(count)
    await user.type(count, '2')
    await user.click(within(request).getByRole('button', { name: 'Send request' }))
    // The reason is required: the engine's message shows next to it and nothing is sent.
    expect(await within(request).findByText('Say why the accounts are needed')).toBeInTheDocument()
    expect(await t.value('quota:list')).toEqual([])
    await user.type(within(request).getByRole('textbox', { name: /Reason/ }), 'Nightly import jobs')
    await user.click(within(request).getByRole('button', { name: 'Send request' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    // The Owner approves it on the Organization page.
    useAuthStore.setState({ user: { id: 1, email: 'olga@acme.test', name: 'Olga', role: 'OW' } })
    await user.click(screen.getByRole('link', { name: 'Organization' }))
    const requests = await screen.findByRole('table', { name: 'Quota requests' })
    expect(within(requests).getByText('Nightly import jobs')).toBeInTheDocument()
    await user.click(within(requests).getByRole('button', { name: /Approve request/ }))
    expect(await screen.findByText('1 of 3 included service accounts used')).toBeInTheDocument()

    await user.click(screen.getByRole('link', { name: 'Service Accounts' }))
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Create service account' })).toBeEnabled(),
    )
    await createViaDialog(user, { name: 'second', role: 'Reviewer', targets: ['Cats (Labeling)'] })
    expect((await t.value('serviceAccounts:list')).map((a) => a.name)).toEqual(['first', 'second'])
  })

  it('quota exceeded → the Owner raises it directly (recorded, no request) → create succeeds', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedTargets })
    await createViaDialog(user, { name: 'first', role: 'Administrator' })
    expect(await screen.findByText('1 of 1 included service account used')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Request additional service accounts' })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Raise the service-account quota' }))
    const raise = await screen.findByRole('dialog', { name: 'Raise the service-account quota' })
    const count = within(raise).getByRole('textbox', { name: /Number of additional/ })
    await user.clear(count)
    await user.type(count, '2')
    await user.click(within(raise).getByRole('button', { name: 'Raise quota' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await screen.findByText('1 of 3 included service accounts used')).toBeInTheDocument()
    expect(await t.value('quota:list')).toEqual([])
    const log = await t.value('activity:list', { filter: { kind: 'admin' } })
    expect(log.entries.map((e) => e.action)).toContain('quota.raise')
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Create service account' })).toBeEnabled(),
    )
  })

  it('shows QUOTA_EXCEEDED from the engine in the dialog with the request action', async () => {
    const { user, t } = await renderApp('serviceAccounts')
    const dialog = await fillCreateDialog(user, { name: 'racer', role: 'Administrator' })
    // Someone else takes the last slot while the dialog is open.
    await t.value('serviceAccounts:create', { name: 'elsewhere', role: 'AD' })
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    expect(
      await within(dialog).findByText(/1 of 1 included service account used/),
    ).toBeInTheDocument()
    // The desktop operator is the Owner: the action raises the quota.
    await user.click(
      within(dialog).getByRole('button', { name: 'Raise the service-account quota' }),
    )
    expect(
      await screen.findByRole('dialog', { name: 'Raise the service-account quota' }),
    ).toBeInTheDocument()
    expect((await t.value('serviceAccounts:list')).map((a) => a.name)).toEqual(['elsewhere'])
  })
})
