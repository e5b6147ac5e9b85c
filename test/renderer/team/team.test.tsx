import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp, serializeStores } from '../support/render-app'

afterEach(() => setTransport(null))

const section = () => screen.findByRole('region', { name: 'Administrators & sign-in' })

async function copyAndClose(
  user: ReturnType<typeof import('@testing-library/user-event').default.setup>,
) {
  const dialog = await screen.findByRole('dialog')
  const link = within(dialog).getByLabelText('Invitation link').textContent ?? ''
  expect(within(dialog).getByRole('button', { name: 'Close' })).toBeDisabled()
  await user.click(within(dialog).getByRole('checkbox', { name: 'I have copied the link' }))
  await user.click(within(dialog).getByRole('button', { name: 'Close' }))
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  return link
}

describe('Administrators & sign-in', { timeout: 60_000 }, () => {
  it('the Owner invites an administrator: the link is shown once, then only the state', async () => {
    const { user, t } = await renderApp('settings')
    await user.click(within(await section()).getByRole('button', { name: 'Invite administrator' }))
    const form = await screen.findByRole('dialog', { name: 'Invite an administrator' })
    await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'ada@acme.test')
    await user.type(within(form).getByRole('textbox', { name: 'First name' }), 'Ada')
    await user.click(within(form).getByRole('button', { name: 'Create invitation' }))
    const link = await copyAndClose(user)
    expect(link).toMatch(/^http:\/\/localhost:\d+\/#\/invitation\/[A-Za-z0-9_-]{43}$/)
    const token = link.split('/').pop()!
    const row = (await within(await section()).findByText('Ada')).closest('tr')!
    expect(within(row).getByText('Invited')).toBeInTheDocument()
    // Closing forgets it: no store holds the secret any more.
    expect(serializeStores()).not.toContain(token)
    expect(t.db.prepare('SELECT count(*) AS n FROM admin_invitations').get()).toEqual({ n: 1 })
  })

  it('shows an engine refusal in the form (an email already in use)', async () => {
    const { user } = await renderApp('settings', {
      seed: (t) => t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' }),
    })
    await user.click(within(await section()).getByRole('button', { name: 'Invite administrator' }))
    const form = await screen.findByRole('dialog', { name: 'Invite an administrator' })
    await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'ann@acme.test')
    await user.click(within(form).getByRole('button', { name: 'Create invitation' }))
    expect(await within(form).findByText('ann@acme.test is already a member')).toBeInTheDocument()
  })

  it('promotes a member from the Members page and shows the link', async () => {
    const { user, t } = await renderApp('members', {
      seed: (t) =>
        t.value('members:addPerson', { email: 'ann@acme.test', firstName: 'Ann', role: 'AN' }),
    })
    await user.click(await screen.findByRole('button', { name: 'Actions for Ann' }))
    await user.click(
      await screen.findByRole('menuitem', { name: 'Make Administrator and invite…' }),
    )
    await user.click(await screen.findByRole('button', { name: 'Make Administrator and invite' }))
    await copyAndClose(user)
    const row = (await screen.findByText('Ann')).closest('tr')!
    await waitFor(() => expect(within(row).getByText('Administrator')).toBeInTheDocument())
    expect(t.db.prepare('SELECT count(*) AS n FROM admin_invitations').get()).toEqual({ n: 1 })
  })

  it('resets a person’s sign-in and revokes an invitation from the row menu', async () => {
    const { user } = await renderApp('settings', {
      seed: (t) => t.value('team:invite', { email: 'ada@acme.test', firstName: 'Ada' }),
    })
    const row = (await within(await section()).findByText('Ada')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Sign-in actions for Ada' }))
    await user.click(await screen.findByRole('menuitem', { name: 'Revoke invitation' }))
    await waitFor(() => expect(within(row).getByText('Not invited')).toBeInTheDocument())
    await user.click(within(row).getByRole('button', { name: 'Sign-in actions for Ada' }))
    await user.click(await screen.findByRole('menuitem', { name: 'New invitation link' }))
    await copyAndClose(user)
    await waitFor(() => expect(within(row).getByText('Invited')).toBeInTheDocument())
  })
})
