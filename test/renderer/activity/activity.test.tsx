import { act, configure, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import type { EngineTransport } from '../support/engine-transport'
import { renderApp } from '../support/render-app'
import { seedTargets } from '../support/seed'

// Machines running several suites at once answer slowly; the default 1 s flakes there.
configure({ asyncUtilTimeout: 5000 })
beforeEach(() => useActivityStore.getState().reset())
afterEach(() => setTransport(null))

let botId = 0
let catsId = 0

/** A service account "ingest bot" with a few requests, and a request by the owner. */
async function seedLog(t: TestEngine) {
  const { ws, cats } = await seedTargets(t)
  catsId = cats.id
  const bot = await t.value('serviceAccounts:create', {
    name: 'ingest bot',
    role: 'AN',
    workspaceIds: [ws.id],
  })
  botId = bot.account.userId
  const req = (over: Partial<Parameters<TestEngine['engine']['activity']['api']>[0]>) => {
    t.clock.advance(60_000)
    t.engine.activity.api({
      organization_id: t.owner.organizationId,
      actor_id: botId,
      actor_email: bot.account.email,
      token_id: bot.account.token!.id,
      ip: '127.0.0.1',
      user_agent: 'label-studio-sdk/1.0',
      method: 'GET',
      url: '/api/projects/',
      status: 200,
      duration_ms: 12,
      project_id: null,
      workspace_id: null,
      details: null,
      ...over,
    })
  }
  req({
    url: `/api/projects/${cats.id}/tasks/`,
    project_id: cats.id,
    workspace_id: ws.id,
    duration_ms: 0.767579,
  })
  req({ method: 'POST', url: `/api/projects/${cats.id}/import`, status: 201, project_id: cats.id })
  req({ method: 'DELETE', url: '/api/tasks/7', status: 403 })
  req({
    actor_id: t.owner.userId,
    actor_email: 'owner@acme.test',
    token_id: null,
    url: '/api/current-user/whoami',
  })
}

/** A live API entry by the bot, announced to the open viewer as the engine announces one. */
function appendLive(t: TestEngine, emit: EngineTransport['emit'], url: string) {
  const id = t.engine.activity.api({
    organization_id: t.owner.organizationId,
    actor_id: botId,
    actor_email: 'bot',
    token_id: null,
    ip: null,
    user_agent: null,
    method: 'GET',
    url,
    status: 200,
    duration_ms: 1,
    project_id: null,
    workspace_id: null,
    details: null,
  })
  act(() => emit('activity:appended', { lastId: id }))
}

const table = () => screen.findByRole('table', { name: 'Activity log' })
const rowTexts = async () =>
  within(await table())
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent ?? '')

describe('Activity log viewer', () => {
  it('lists entries newest first, counts them, and filters by method and URL search', async () => {
    const { user } = await renderApp('activity', { seed: seedLog })
    await waitFor(async () => expect((await rowTexts())[0]).toContain('/api/current-user/whoami'))
    const total = (await rowTexts()).length
    expect(await screen.findByText(`${total} entries`)).toBeInTheDocument()

    await user.click(screen.getByRole('combobox', { name: 'Method' }))
    await user.click(await screen.findByRole('option', { name: 'POST' }))
    await waitFor(async () => expect(await rowTexts()).toHaveLength(1))
    expect((await rowTexts())[0]).toContain('/import')
    expect(await screen.findByText('1 entry')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(async () => expect(await rowTexts()).toHaveLength(total))
    const search = screen.getByRole('textbox', { name: /Search URL/ })
    await user.click(search)
    await user.paste('tasks AND projects OR whoami')
    await user.keyboard('{Enter}')
    await waitFor(async () => expect(await rowTexts()).toHaveLength(2))
    // Typing applies the search once typing pauses, as every other filter applies at once.
    await user.clear(search)
    await user.type(search, 'nothing-like-this')
    const empty = await screen.findByText('No activity matches these filters')
    expect(screen.queryByRole('table', { name: 'Activity log' })).toBeNull()
    await user.click(within(empty.parentElement!).getByRole('button', { name: 'Clear filters' }))
    await waitFor(async () => expect(await rowTexts()).toHaveLength(total))
    expect(search).toHaveValue('')
  })

  it('refuses a From later than To with a message instead of an empty list', async () => {
    const { user } = await renderApp('activity', { seed: seedLog })
    await within(await table()).findByText('/api/current-user/whoami')
    // The same patch the From and To pickers make when a date is chosen.
    const patch = useActivityStore.getState().patchFilter
    await act(() => patch({ to: Date.UTC(2026, 0, 10, 10) }))
    await act(() => patch({ from: Date.UTC(2026, 0, 12, 10) }))
    expect(await screen.findByRole('alert')).toHaveTextContent('From is later than To')
    expect(screen.getByText('Must be later than From')).toBeInTheDocument()
    expect(screen.queryByText(/^0 entries/)).toBeNull()
    expect(screen.queryByText('No activity matches these filters')).toBeNull()
    // Clearing From (the picker's clear button) lifts the refusal.
    await user.click(screen.getAllByRole('button', { name: /clear/i })[0]!)
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
  })

  it('says "more than" a capped count even after live entries arrive', async () => {
    const { t, emit } = await renderApp('activity', { seed: seedLog })
    await within(await table()).findByText('/api/current-user/whoami')
    act(() => useActivityStore.setState({ count: { count: 10_000, exact: false } }))
    appendLive(t, emit, '/api/live/capped')
    expect(await within(await table()).findByText('/api/live/capped')).toBeInTheDocument()
    expect(screen.getByText('More than 10,000 entries')).toBeInTheDocument()
  })

  it('opens the detail panel and filters by the entry’s token from there', async () => {
    const { user } = await renderApp('activity', { seed: seedLog })
    const row = await within(await table()).findByText('/api/tasks/7')
    await user.click(row)
    const drawer = await screen.findByRole('dialog', { name: /Activity entry/ })
    expect(within(drawer).getByText('label-studio-sdk/1.0')).toBeInTheDocument()
    expect(within(drawer).getByText('403')).toBeInTheDocument()
    expect(within(drawer).getByText(/^[0-9a-f]{64}$/)).toBeInTheDocument()
    await user.click(within(drawer).getByRole('button', { name: 'Show this token’s requests' }))
    await waitFor(async () => expect(await rowTexts()).toHaveLength(3))
    expect((await rowTexts()).join()).not.toContain('whoami')
  })

  it('names the token, project and workspace in the detail panel and rounds the duration', async () => {
    const { user, t } = await renderApp('activity', { seed: seedLog })
    const row = await within(await table()).findByText(`/api/projects/${catsId}/tasks/`)
    await user.click(row)
    const drawer = await screen.findByRole('dialog', { name: /Activity entry/ })
    const cell = (name: string) =>
      within(drawer).getByRole('rowheader', { name }).nextElementSibling as HTMLElement
    const token = (await t.value('serviceAccounts:list', {})).find((a) => a.userId === botId)!
      .token!.display
    await waitFor(() => expect(cell('Project')).toHaveTextContent(`Cats (#${catsId})`))
    expect(cell('Workspace')).toHaveTextContent(/^Labeling \(#\d+\)$/)
    expect(cell('Token')).toHaveTextContent(new RegExp(`^${token.replace('…', '…')} \\(#\\d+\\)$`))
    expect(cell('Duration')).toHaveTextContent('0.8 ms')
    expect(drawer.textContent).not.toContain('0.767579')
  })

  it('reads an admin action as a sentence in the detail panel', async () => {
    const { user } = await renderApp('activity', {
      seed: async (t) => {
        await seedLog(t)
        await t.value('serviceAccounts:resetToken', { userId: botId })
      },
    })
    const row = await within(await table()).findByText('Reset the token of ingest bot')
    await user.click(row)
    const drawer = await screen.findByRole('dialog', { name: /Activity entry/ })
    expect(
      within(drawer).getByRole('rowheader', { name: 'Action' }).nextElementSibling,
    ).toHaveTextContent('Reset the token of ingest bot')
  })

  it('shows new entries live, holds them while paused, and shows them on resume', async () => {
    const { user, t, emit } = await renderApp('activity', { seed: seedLog })
    await within(await table()).findByText('/api/current-user/whoami')
    const append = (url: string) => appendLive(t, emit, url)
    append('/api/live/one')
    expect(await within(await table()).findByText('/api/live/one')).toBeInTheDocument()
    expect((await rowTexts())[0]).toContain('/api/live/one')

    await user.click(screen.getByRole('switch', { name: /Live/ }))
    append('/api/live/two')
    expect(await screen.findByText('1 new entry waiting')).toBeInTheDocument()
    append('/api/live/three')
    expect(await screen.findByText('2 new entries waiting')).toBeInTheDocument()
    expect(within(await table()).queryByText('/api/live/two')).toBeNull()
    await user.click(screen.getByRole('switch', { name: /Live/ }))
    expect(await within(await table()).findByText('/api/live/two')).toBeInTheDocument()
  })

  it('opens pre-filtered to one account: its requests plus admin actions done to it', async () => {
    await renderApp('activity', {
      seed: seedLog,
      // Read after seeding, when navigation opens the page: as "View Activity Log" does.
      params: {
        get userId() {
          return botId
        },
      },
    })
    await waitFor(async () => expect(await rowTexts()).toHaveLength(4))
    const texts = (await rowTexts()).join('\n')
    expect(texts).toContain('Created the service account ingest bot (Annotator)')
    expect(texts).not.toContain('whoami')
    expect(screen.getByRole('combobox', { name: 'User' })).toHaveValue(
      'ingest bot (service account)',
    )
    expect(catsId).toBeGreaterThan(0)
  })

  it('verifies the log and names the first broken entry', async () => {
    const { user, t } = await renderApp('activity', { seed: seedLog })
    await user.click(await screen.findByRole('button', { name: 'Verify log' }))
    expect(await screen.findByText('Log intact')).toBeInTheDocument()
    t.db.prepare("UPDATE activity_entries SET url = '/api/forged' WHERE url = '/api/tasks/7'").run()
    const id = (
      t.db.prepare("SELECT id FROM activity_entries WHERE url = '/api/forged'").get() as {
        id: number
      }
    ).id
    await user.click(screen.getByRole('button', { name: 'Verify log' }))
    expect(await screen.findByText('Log tampered with')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: `Show entry ${id}` }))
    expect(await screen.findByRole('dialog', { name: `Activity entry ${id}` })).toBeInTheDocument()
  })
})

describe('Activity log names', () => {
  it('shows a service account by its name with a badge, and whom an admin action was done to', async () => {
    await renderApp('activity', { seed: seedLog })
    const rows = within(await table())
      .getAllByRole('row')
      .slice(1)
    const botRow = rows.find((r) => r.textContent?.includes(`/api/projects/${catsId}/import`))!
    expect(within(botRow).getByText('ingest bot')).toBeInTheDocument()
    expect(within(botRow).getByTitle('Service account')).toBeInTheDocument()
    // The synthetic service-account email is not what the admin reads.
    expect(botRow.textContent).not.toContain('@service-accounts.tessera.local')
    // Admin actions read as sentences, not codes.
    const created = rows.find((r) => r.textContent?.includes('Created the service account'))!
    expect(created.textContent).toContain('Created the service account ingest bot (Annotator)')
    expect(created.textContent).not.toContain('service_account.create')
  })
})
