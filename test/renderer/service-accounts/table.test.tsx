import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { T0, type TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction, rowOf } from '../support/service-account-flows'
import { seedTargets } from '../support/seed'

// "Days left" and "minutes ago" are counted from the engine's fixed clock.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(T0)
})
afterEach(() => {
  vi.useRealTimers()
  setTransport(null)
})

const LONG = 'Document intake and OCR verification for the northern region'

async function seedUsedBot(t: TestEngine) {
  const ws = await t.value('workspaces:create', { title: LONG })
  const issued = await t.value('serviceAccounts:create', {
    name: 'ocr-ingest',
    role: 'AN',
    workspaceIds: [ws.id],
  })
  // Used a few minutes before it is deleted.
  t.engine.tokens.touch(issued.account.token!.id, '10.0.0.7', 'label-studio-sdk/1.0')
  t.clock.advance(5 * 60_000)
  return issued.account
}

describe('Service accounts table', () => {
  it('a deleted account keeps its last use and its whole undelete window', async () => {
    const { user } = await renderApp('serviceAccounts', {
      seed: async (t) => {
        const bot = await seedUsedBot(t)
        await t.value('serviceAccounts:delete', { userId: bot.userId, confirmName: 'ocr-ingest' })
      },
    })
    // The screen is read a minute after the deletion.
    vi.setSystemTime(T0 + 6 * 60_000)
    await user.click(await screen.findByRole('switch', { name: 'Show deleted' }))
    const row = await rowOf('ocr-ingest')
    expect(within(row).getByText('Deleted')).toBeInTheDocument()
    expect(within(row).queryByText('Never')).toBeNull()
    expect(within(row).getByText('from 10.0.0.7')).toBeInTheDocument()
    expect(within(row).getByText('30 days left to undelete')).toBeInTheDocument()
  })

  it('keeps the last use after a token reset', async () => {
    const { user } = await renderApp('serviceAccounts', { seed: seedUsedBot })
    await rowAction(user, 'ocr-ingest', 'Reset Token')
    const confirm = await screen.findByRole('dialog', { name: 'Reset the token of ocr-ingest?' })
    await user.click(within(confirm).getByRole('button', { name: 'Reset token' }))
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Reset the token of ocr-ingest?' })).toBeNull(),
    )
    await waitFor(async () =>
      expect(within(await rowOf('ocr-ingest')).queryByText('Never')).toBeNull(),
    )
    expect(within(await rowOf('ocr-ingest')).getByText('from 10.0.0.7')).toBeInTheDocument()
  })

  it('shows a long workspace title whole, in columns that do not move', async () => {
    await renderApp('serviceAccounts', { seed: seedUsedBot })
    const row = await rowOf('ocr-ingest')
    const access = within(row).getByText(`Workspace: ${LONG}`)
    // Wrapped within its column (two lines at most), not cut at a fixed width.
    expect(access.style.maxWidth).toBe('')
    expect(access).toHaveAttribute('title', `Workspace: ${LONG}`)
    const table = screen.getByRole('table', { name: 'Service accounts' })
    expect(table.style.tableLayout).toBe('fixed')
  })
})

describe('Create service account', () => {
  it('names every missing field when submitted empty, and creates nothing', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed: seedTargets })
    await user.click(await screen.findByRole('button', { name: 'Create service account' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create service account' })
    await user.click(within(dialog).getByRole('button', { name: 'Create' }))
    expect(within(dialog).getByRole('textbox', { name: /^Name/ })).toHaveAccessibleDescription(
      'Name is required',
    )
    expect(within(dialog).getByText('Choose a role')).toBeInTheDocument()
    expect(await t.value('serviceAccounts:list')).toEqual([])
  })

  it('refuses a name of only punctuation as it is typed', async () => {
    const { user } = await renderApp('serviceAccounts')
    await user.click(await screen.findByRole('button', { name: 'Create service account' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create service account' })
    const name = within(dialog).getByRole('textbox', { name: /^Name/ })
    await user.type(name, '...')
    expect(name).toHaveAccessibleDescription('Name must contain at least one letter or digit')
  })
})
