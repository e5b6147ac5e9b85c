import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useAuthStore } from '../../../src/renderer/src/features/auth/auth.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp } from '../support/render-app'

afterEach(() => setTransport(null))

describe('Organization and Settings', { timeout: 60_000 }, () => {
  it('shows seats (people only), the service-account quota and pending requests', async () => {
    await renderApp('organization', {
      seed: async (t) => {
        await t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' })
        await t.value('serviceAccounts:create', { name: 'bot', role: 'AD' })
        await t.value('quota:request', { count: 3, reason: 'More pipelines' })
      },
    })
    expect(await screen.findByText(/^2 of \d+ seats used$/)).toBeInTheDocument()
    expect(screen.getByText('1 of 1 included service account used')).toBeInTheDocument()
    expect(screen.getByText('1 pending')).toBeInTheDocument()
    const table = screen.getByRole('table', { name: 'Quota requests' })
    expect(within(table).getByText('More pipelines')).toBeInTheDocument()
    expect(within(table).getByRole('button', { name: /Decline request/ })).toBeInTheDocument()
  })

  it('owner declines a pending request from Settings; the quota stays', async () => {
    const { user, t } = await renderApp('settings', {
      seed: (t) => t.value('quota:request', { count: 3, reason: 'More pipelines' }),
    })
    const table = await screen.findByRole('table', { name: 'Quota requests' })
    await user.click(within(table).getByRole('button', { name: /Decline request/ }))
    expect(await within(table).findByText('declined')).toBeInTheDocument()
    expect((await t.value('org:get')).serviceAccountQuota).toBe(1)
  })

  it('saves access-token, local API and retention settings; shows the copyable base URL', async () => {
    const { user, t } = await renderApp('settings')
    expect(await screen.findByLabelText('Local API base URL')).toHaveTextContent(
      'http://127.0.0.1:8080',
    )
    await user.click(screen.getByRole('button', { name: 'Copy URL' }))
    expect(await navigator.clipboard.readText()).toBe('http://127.0.0.1:8080')

    const tokens = screen.getByRole('region', { name: 'Access tokens' })
    await user.click(within(tokens).getByRole('switch', { name: /Personal access tokens/ }))
    await user.click(within(tokens).getByRole('checkbox', { name: 'No maximum' }))
    const lifetime = within(tokens).getByRole('textbox', { name: /Maximum token lifetime/ })
    await user.clear(lifetime)
    await user.type(lifetime, '30')
    await user.click(within(tokens).getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect((await t.value('org:get')).settings).toMatchObject({
        patsEnabled: true,
        tokenMaxLifetimeDays: 30,
      }),
    )

    const api = screen.getByRole('region', { name: 'Local API' })
    const host = within(api).getByRole('textbox', { name: /Address/ })
    await user.clear(host)
    await user.click(within(api).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(host).toHaveAccessibleDescription(expect.stringContaining('Enter an address')),
    )
    expect((await t.value('org:get')).settings.apiHost).toBe('127.0.0.1')

    const retention = screen.getByRole('region', { name: 'Activity retention' })
    const days = within(retention).getByRole('textbox', { name: /Keep activity entries/ })
    await user.clear(days)
    await user.type(days, '90')
    await user.click(within(retention).getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect((await t.value('org:get')).settings.activityRetentionDays).toBe(90),
    )
  })

  it('refuses retention outside 1–3650 days next to the field, saving nothing', async () => {
    const { user, t } = await renderApp('settings')
    const retention = await screen.findByRole('region', { name: 'Activity retention' })
    const days = within(retention).getByRole('textbox', { name: /Keep activity entries/ })
    for (const bad of ['0', '-5', '100000']) {
      await user.clear(days)
      await user.type(days, bad)
      await user.tab()
      expect(days).toHaveValue(bad)
      await user.click(within(retention).getByRole('button', { name: 'Save' }))
      expect(days).toHaveAccessibleDescription(expect.stringContaining('Enter 1 to 3650 days'))
    }
    expect((await t.value('org:get')).settings.activityRetentionDays).toBe(180)
    await user.clear(days)
    await user.type(days, '365')
    expect(days).not.toHaveAccessibleDescription(expect.stringContaining('Enter 1 to 3650'))
  })

  it('shortening retention says how many entries go and saves only once confirmed', async () => {
    const { user, t } = await renderApp('settings', {
      seed: async (t) => {
        // Three admin entries (creation and two people) at T0; then move the clock 40 days on.
        await t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' })
        await t.value('members:addPerson', { email: 'bob@acme.test', role: 'AN' })
        t.clock.advance(40 * 24 * 60 * 60 * 1000)
      },
    })
    const retention = await screen.findByRole('region', { name: 'Activity retention' })
    const days = within(retention).getByRole('textbox', { name: /Keep activity entries/ })
    await user.clear(days)
    await user.type(days, '30')
    await user.click(within(retention).getByRole('button', { name: 'Save' }))
    const dialog = await screen.findByRole('dialog', { name: 'Shorten retention to 30 days?' })
    expect(dialog).toHaveTextContent('permanently deletes 3 entries of 3')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect((await t.value('org:get')).settings.activityRetentionDays).toBe(180)

    await user.click(within(retention).getByRole('button', { name: 'Save' }))
    const again = await screen.findByRole('dialog', { name: 'Shorten retention to 30 days?' })
    await user.click(within(again).getByRole('button', { name: 'Delete 3 entries and save' }))
    await waitFor(async () =>
      expect((await t.value('org:get')).settings.activityRetentionDays).toBe(30),
    )
  })

  it('renames the organization and changes the seat limit, with the problems next to the fields', async () => {
    const { user, t } = await renderApp('settings', {
      seed: (t) => t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' }),
    })
    const org = await screen.findByRole('region', { name: 'Organization' })
    const name = within(org).getByRole('textbox', { name: /Organization name/ })
    const seats = within(org).getByRole('textbox', { name: /Seat limit/ })
    expect(seats).toHaveAccessibleDescription(expect.stringContaining('2 seats in use now'))

    await user.clear(name)
    await user.type(name, '   ')
    await user.clear(seats)
    await user.type(seats, '1')
    await user.click(within(org).getByRole('button', { name: 'Save' }))
    expect(name).toHaveAccessibleDescription('Title is required')
    expect(seats).toHaveAccessibleDescription(
      expect.stringContaining('2 seats are in use; deactivate people'),
    )
    expect((await t.value('org:get')).seatLimit).not.toBe(1)

    // Someone joins meanwhile: the engine's refusal shows next to the seat limit.
    await t.value('members:addPerson', { email: 'bo@acme.test', role: 'AN' })
    await user.clear(name)
    await user.type(name, 'Acme Vision')
    await user.clear(seats)
    await user.type(seats, '2')
    await user.click(within(org).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(seats).toHaveAccessibleDescription(
        expect.stringContaining('3 seats are in use; deactivate people before lowering the limit'),
      ),
    )
    expect((await t.value('org:get')).title).not.toBe('Acme Vision')

    await user.clear(name)
    await user.type(name, 'Acme Vision')
    await user.clear(seats)
    await user.type(seats, '25')
    await user.click(within(org).getByRole('button', { name: 'Save' }))
    await waitFor(async () =>
      expect(await t.value('org:get')).toMatchObject({ title: 'Acme Vision', seatLimit: 25 }),
    )
    await user.click(screen.getByRole('link', { name: 'Organization' }))
    expect(await screen.findByRole('heading', { name: 'Acme Vision' })).toBeInTheDocument()
    expect(screen.getByText('3 of 25 seats used')).toBeInTheDocument()
  })

  it('clears a field’s message as soon as its value is fixed', async () => {
    const { user } = await renderApp('settings')
    const org = await screen.findByRole('region', { name: 'Organization' })
    const name = within(org).getByRole('textbox', { name: /Organization name/ })
    await user.clear(name)
    await user.click(within(org).getByRole('button', { name: 'Save' }))
    expect(name).toHaveAccessibleDescription('Title is required')
    await user.type(name, 'A')
    expect(name).not.toHaveAccessibleDescription('Title is required')
    expect(name).not.toHaveAttribute('aria-invalid', 'true')
  })

  it('asks before leaving Settings with unsaved changes; saved ones leave freely', async () => {
    const { user, t } = await renderApp('settings')
    const org = await screen.findByRole('region', { name: 'Organization' })
    const name = within(org).getByRole('textbox', { name: /Organization name/ })
    await user.clear(name)
    await user.type(name, 'Acme Renamed')

    await user.click(screen.getByRole('link', { name: 'Members' }))
    let ask = await screen.findByRole('dialog', { name: 'Leave without saving?' })
    expect(ask).toHaveTextContent('Organization')
    await user.click(within(ask).getByRole('button', { name: 'Stay and keep editing' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(name).toHaveValue('Acme Renamed')

    await user.click(screen.getByRole('link', { name: 'Members' }))
    ask = await screen.findByRole('dialog', { name: 'Leave without saving?' })
    await user.click(within(ask).getByRole('button', { name: 'Leave without saving' }))
    expect(await screen.findByRole('heading', { name: 'Members' })).toBeInTheDocument()

    // Saved changes do not ask.
    await user.click(screen.getByRole('link', { name: 'Settings' }))
    const again = await screen.findByRole('region', { name: 'Organization' })
    const title = within(again).getByRole('textbox', { name: /Organization name/ })
    await user.clear(title)
    await user.type(title, 'Acme Saved')
    await user.click(within(again).getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect((await t.value('org:get')).title).toBe('Acme Saved'))
    await user.click(screen.getByRole('link', { name: 'Members' }))
    expect(await screen.findByRole('heading', { name: 'Members' })).toBeInTheDocument()
    expect(screen.queryByRole('dialog', { name: 'Leave without saving?' })).toBeNull()
  })

  it('shows Approve and Decline to the Owner only; an Administrator sees who decides', async () => {
    await renderApp('organization', {
      seed: (t) => t.value('quota:request', { count: 2, reason: 'More pipelines' }),
    })
    // Signed in to the browser UI as an Administrator, not the Owner.
    useAuthStore.setState({
      status: 'signedIn',
      user: { id: 99, email: 'ada@acme.test', name: 'Ada', role: 'AD' },
    })
    const table = await screen.findByRole('table', { name: 'Quota requests' })
    expect(within(table).getByText('Waiting for the Owner')).toBeInTheDocument()
    expect(within(table).queryByRole('button', { name: /Approve request/ })).toBeNull()
    expect(within(table).queryByRole('button', { name: /Decline request/ })).toBeNull()

    useAuthStore.setState({
      user: { id: 1, email: 'olga@acme.test', name: 'Olga', role: 'OW' },
    })
    expect(
      await within(table).findByRole('button', { name: /Approve request/ }),
    ).toBeInTheDocument()
    expect(within(table).queryByText('Waiting for the Owner')).toBeNull()
  })
})
