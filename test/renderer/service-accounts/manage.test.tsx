import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { T0, type TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction, rowOf, takeTokenAndClose } from '../support/service-account-flows'
import { raiseQuota, seedTargets } from '../support/seed'

// "Days left to undelete" is counted from the engine's fixed clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
  setTransport(null)
})

async function seedBot(t: TestEngine) {
  const targets = await seedTargets(t)
  await raiseQuota(t, 2)
  const issued = await t.value('serviceAccounts:create', {
    name: 'ingest',
    role: 'AN',
    workspaceIds: [targets.ws.id],
  })
  return { ...targets, bot: issued.account, token: issued.token }
}

const botOf = async (t: TestEngine) =>
  (await t.value('serviceAccounts:list', { includeDeleted: true })).find(
    (a) => a.name === 'ingest',
  )!

describe('Service account row menu', { timeout: 60_000 }, () => {
  it('changes the role (upgrade to Administrator drops assignments, downgrade asks for them)', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Change role')
    let dialog = await screen.findByRole('dialog', { name: 'Change role of ingest' })
    expect(within(dialog).getByRole('radio', { name: /Annotator/ })).toBeChecked()
    await user.click(within(dialog).getByRole('radio', { name: /Administrator/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(await within(await rowOf('ingest')).findByText('Administrator')).toBeInTheDocument()
    let bot = await botOf(t)
    expect([bot.role, bot.workspaces, bot.projects]).toEqual(['AD', [], []])

    // Back down to Reviewer: without assignments the engine refuses, by the picker.
    await rowAction(user, 'ingest', 'Change role')
    dialog = await screen.findByRole('dialog', { name: 'Change role of ingest' })
    await user.click(within(dialog).getByRole('radio', { name: /Reviewer/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }))
    const picker = within(dialog).getByRole('combobox', { name: /Workspaces and projects/ })
    await waitFor(() =>
      expect(picker).toHaveAccessibleDescription(
        expect.stringContaining('need at least one workspace or project'),
      ),
    )
    expect((await botOf(t)).role).toBe('AD')
    await user.click(picker)
    await user.click(await within(dialog).findByRole('option', { name: 'Dogs' }))
    await user.click(within(dialog).getByRole('button', { name: 'Save role' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    bot = await botOf(t)
    expect([bot.role, bot.projects.map((p) => p.title)]).toEqual(['RE', ['Dogs']])
  })

  it('edits workspaces & projects', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Edit workspaces & projects')
    const dialog = await screen.findByRole('dialog', { name: 'Workspaces & projects of ingest' })
    const picker = within(dialog).getByRole('combobox', { name: /Workspaces and projects/ })
    await user.click(picker)
    await user.click(await within(dialog).findByRole('option', { name: 'Dogs' }))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    const row = await rowOf('ingest')
    expect(await within(row).findByText('Project: Dogs')).toBeInTheDocument()
    const bot = await botOf(t)
    expect([bot.workspaces.map((w) => w.title), bot.projects.map((p) => p.title)]).toEqual([
      ['Labeling'],
      ['Dogs'],
    ])
  })

  it('resets the token after confirmation; the new one is shown once and the old one is revoked', async () => {
    let oldToken = ''
    const { user, t } = await renderApp('serviceAccounts', {
      seed: async (t) => (oldToken = (await seedBot(t)).token),
    })
    const before = await botOf(t)
    expect(t.engine.tokens.verify(oldToken).ok).toBe(true)
    await rowAction(user, 'ingest', 'Reset Token')
    const confirm = await screen.findByRole('dialog', { name: 'Reset the token of ingest?' })
    expect(
      within(confirm).getByText('The current token stops working immediately'),
    ).toBeInTheDocument()
    await user.click(within(confirm).getByRole('button', { name: 'Reset token' }))
    const token = await takeTokenAndClose(user, 'New token issued')
    const after = await botOf(t)
    expect(after.token!.id).not.toBe(before.token!.id)
    expect(after.token!.display.slice(-4)).toBe(token.slice(-4))
    expect(t.engine.tokens.verify(oldToken)).toMatchObject({ ok: false, reason: 'revoked' })
    expect(t.engine.tokens.verify(token).ok).toBe(true)
    expect(document.body.textContent).not.toContain(token)
    expect(within(await rowOf('ingest')).getByText(after.token!.display)).toBeInTheDocument()
  })

  it('deletes only after the name is typed, then undeletes with a new token', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedBot })
    await rowAction(user, 'ingest', 'Delete')
    const dialog = await screen.findByRole('dialog', { name: 'Delete ingest?' })
    const confirmButton = within(dialog).getByRole('button', { name: 'Delete service account' })
    const input = within(dialog).getByRole('textbox', { name: 'Type “ingest” to confirm' })
    await user.type(input, 'ingestt')
    expect(confirmButton).toBeDisabled()
    await user.type(input, '{Backspace}')
    expect(confirmButton).toBeEnabled()
    await user.click(confirmButton)
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await waitFor(() =>
      expect(screen.queryByRole('table', { name: 'Service accounts' })).toBeNull(),
    )
    expect((await botOf(t)).status).toBe('deleted')

    await user.click(screen.getByRole('switch', { name: 'Show deleted' }))
    const row = await rowOf('ingest')
    expect(within(row).getByText('Deleted')).toBeInTheDocument()
    expect(within(row).getByText('30 days left to undelete')).toBeInTheDocument()
    await rowAction(user, 'ingest', 'Undelete')
    const undo = await screen.findByRole('dialog', { name: 'Undelete ingest?' })
    await user.click(within(undo).getByRole('button', { name: 'Undelete' }))
    await takeTokenAndClose(user, 'Service account restored with a new token')
    expect(await within(await rowOf('ingest')).findByText('Active')).toBeInTheDocument()
    expect((await botOf(t)).status).toBe('active')
  })

  it('opens Performance and the Activity Log filtered to the account', async () => {
    const { user, bot } = await renderApp('serviceAccounts', { seed: seedBot }).then(async (r) => ({
      ...r,
      bot: await botOf(r.t),
    }))
    await rowAction(user, 'ingest', 'View Member Performance')
    // The address names the screen and the account, so it can be shared or reloaded.
    expect(window.location.hash).toBe(`#/performance?members=${bot.userId}`)
    expect(screen.getByRole('link', { name: 'Performance' })).toHaveAttribute(
      'aria-current',
      'page',
    )
    await user.click(screen.getByRole('link', { name: 'Service Accounts' }))
    await rowAction(user, 'ingest', 'View Activity Log')
    await waitFor(() => expect(window.location.hash).toBe(`#/activity?user=${bot.userId}`))
  })

  it('Check for leaked tokens leads to Reset Token for the account whose token leaked', async () => {
    let leaked = ''
    const { user, t } = await renderApp('serviceAccounts', {
      seed: async (t) => (leaked = (await seedBot(t)).token),
    })
    await user.click(await screen.findByRole('button', { name: 'Check for leaked tokens' }))
    const check = await screen.findByRole('dialog', { name: 'Check for leaked tokens' })
    await user.click(within(check).getByLabelText('Text to check'))
    await user.paste(`TESSERA_TOKEN=${leaked}`)
    await user.click(within(check).getByRole('button', { name: 'Scan' }))
    const found = await within(check).findByRole('table', { name: 'Tokens found' })
    await user.click(within(found).getByRole('button', { name: 'Reset Token' }))
    const confirm = await screen.findByRole('dialog', { name: 'Reset the token of ingest?' })
    await user.click(within(confirm).getByRole('button', { name: 'Reset token' }))
    await takeTokenAndClose(user, 'New token issued')
    expect(t.engine.tokens.verify(leaked).ok).toBe(false)
  })
})
