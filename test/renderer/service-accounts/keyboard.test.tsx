import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp } from '../support/render-app'
import { seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

describe('Keyboard-only create flow', { timeout: 60_000 }, () => {
  it('navigates, fills the dialog, picks a workspace and closes the token dialog without a mouse', async () => {
    const { user, t } = await renderApp('organization', { seed: seedTargets })
    // Reach "Service Accounts" in the navigation with Tab and press Enter.
    const nav = screen.getByRole('navigation', { name: 'Main' })
    const target = within(nav).getByRole('link', { name: 'Service Accounts' })
    for (let i = 0; i < 20 && document.activeElement !== target; i++) await user.tab()
    expect(target).toHaveFocus()
    await user.keyboard('{Enter}')

    const create = await screen.findByRole('button', { name: 'Create service account' })
    for (let i = 0; i < 30 && document.activeElement !== create; i++) await user.tab()
    expect(create).toHaveFocus()
    await user.keyboard('{Enter}')

    const dialog = await screen.findByRole('dialog', { name: 'Create service account' })
    const name = within(dialog).getByRole('textbox', { name: /^Name/ })
    await waitFor(() => expect(name).toHaveFocus())
    await user.keyboard('keyboard bot')
    // Description, then the role radios: arrows move between roles.
    await user.tab()
    await user.tab()
    expect(within(dialog).getByRole('radio', { name: /Administrator/ })).toHaveFocus()
    await user.keyboard('{ArrowDown}{ArrowDown}')
    expect(within(dialog).getByRole('radio', { name: /Reviewer/ })).toBeChecked()
    // Into the picker: type to search, arrow to the option, Enter to pick.
    const picker = within(dialog).getByRole('combobox', { name: /Workspaces and projects/ })
    for (let i = 0; i < 5 && document.activeElement !== picker; i++) await user.tab()
    expect(picker).toHaveFocus()
    await user.keyboard('Label')
    await user.keyboard('{ArrowDown}{Enter}')
    await user.keyboard('{Escape}')
    const createButton = within(dialog).getByRole('button', { name: 'Create' })
    for (let i = 0; i < 5 && document.activeElement !== createButton; i++) await user.tab()
    expect(createButton).toHaveFocus()
    await user.keyboard('{Enter}')

    const tokenDialog = await screen.findByRole('dialog', { name: 'Service account created' })
    const confirm = within(tokenDialog).getByRole('checkbox', { name: 'I have copied the token' })
    for (let i = 0; i < 6 && document.activeElement !== confirm; i++) await user.tab()
    expect(confirm).toHaveFocus()
    await user.keyboard(' ')
    await user.tab()
    expect(within(tokenDialog).getByRole('button', { name: 'Close' })).toHaveFocus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    const [bot] = await t.value('serviceAccounts:list')
    expect([bot!.name, bot!.role, bot!.workspaces.map((w) => w.title)]).toEqual([
      'keyboard bot',
      'RE',
      ['Labeling'],
    ])
  })
})
