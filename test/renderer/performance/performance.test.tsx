import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SUMMARY_COLUMNS } from '../../../src/shared/contracts/performance.contract'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { spacedTicks } from '../../../src/renderer/src/features/performance/chart-data'
import { PerformancePage } from '../../../src/renderer/src/features/performance/PerformancePage'
import { usePerformanceStore } from '../../../src/renderer/src/features/performance/performance.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { engineTransport } from '../support/engine-transport'

const DAY = 86_400_000

/** An annotator and a bot with work 20 days ago and 2 days ago (real clock: presets use it). */
async function seeded() {
  const e = engineTransport()
  const t = e.t
  const db = t.db
  const ann = (
    await t.value('members:addPerson', {
      email: 'ann@acme.test',
      firstName: 'Ann',
      lastName: 'Lee',
      role: 'AN',
    })
  ).userId
  const project = (await t.value('projects:create', { title: 'Cells' })).id
  const bot = (
    await t.value('serviceAccounts:create', {
      name: 'ingest-bot',
      role: 'AN',
      projectIds: [project],
    })
  ).account.userId
  const task = Number(
    db
      .prepare(
        `INSERT INTO tasks (project_id, data, created_at, updated_at) VALUES (?, '{}', 0, 0)`,
      )
      .run(project).lastInsertRowid,
  )
  const annotate = (by: number, at: number, lead: number) =>
    Number(
      db
        .prepare(
          `INSERT INTO annotations (task_id, project_id, organization_id, completed_by, lead_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(task, project, t.owner.organizationId, by, lead, at, at).lastInsertRowid,
    )
  const review = (of: number, action: string, at: number) =>
    db
      .prepare(
        `INSERT INTO reviews (annotation_id, project_id, organization_id, reviewer_id, action, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(of, project, t.owner.organizationId, ann, action, at)
  const now = Date.now()
  const a1 = annotate(bot, now - 20 * DAY, 30)
  const a2 = annotate(bot, now - 20 * DAY, 60)
  annotate(bot, now - 2 * DAY, 90)
  review(a1, 'accepted', now - 19 * DAY)
  review(a2, 'rejected', now - 19 * DAY)
  for (const [i, status] of [200, 200, 404, 500].entries()) {
    t.engine.activity.api({
      organization_id: t.owner.organizationId,
      actor_id: bot,
      actor_email: null,
      token_id: null,
      ip: null,
      user_agent: null,
      method: 'GET',
      url: `/api/projects/${project}/`,
      status,
      duration_ms: 10 * (i + 1),
      project_id: project,
      workspace_id: null,
      details: null,
      ts: now - 2 * DAY,
    })
  }
  return { e, ann, bot }
}

function cell(table: HTMLElement, row: string, col = 1) {
  const tr = within(table).getByRole('rowheader', { name: row }).closest('tr')!
  return tr.querySelectorAll('td')[col - 1]!.textContent
}

describe('performance dashboard', () => {
  beforeEach(() => usePerformanceStore.getState().reset())
  afterEach(() => setTransport(null))

  it('shows cards, charts and tables, follows the range, and exports what it shows', async () => {
    const { e, bot } = await seeded()
    setTransport(e.transport)
    const user = userEvent.setup()
    render(
      <AppProviders env="test">
        <MemoryRouter initialEntries={[`/performance?members=${bot}`]}>
          <PerformancePage />
        </MemoryRouter>
      </AppProviders>,
    )
    const summary = await screen.findByRole('region', { name: 'Summary for ingest-bot' })
    expect(within(summary).getByText('Service account')).toBeInTheDocument()
    const card = (label: string) => summary.querySelector(`[data-card="${label}"]`)!.textContent
    expect(card('Annotations submitted')).toBe('3')
    expect(card('Performance score')).toBe('50 %')

    for (const title of [
      'Annotation states over time',
      'Time spent per day',
      'Requests and errors over time',
      'Status breakdown (API responses)',
      'Top endpoints',
    ]) {
      expect(screen.getByRole('figure', { name: title })).toBeInTheDocument()
      expect(screen.getByRole('table', { name: title })).toBeInTheDocument()
    }
    expect(document.querySelectorAll('svg.recharts-surface').length).toBeGreaterThanOrEqual(5)
    const status = screen.getByRole('table', { name: 'Status breakdown (API responses)' })
    expect(cell(status, '4xx')).toBe('1')
    expect(cell(status, '5xx')).toBe('1')

    const table = screen.getByRole('table', { name: 'Figures per member' })
    expect(cell(table, 'Time reviewing')).toBe('--')
    expect(cell(table, 'Reviews')).toBe('0')
    expect(cell(table, 'Latency p50')).toBe('20 ms')

    // Show a chart as a visible table instead.
    const states = screen.getByRole('figure', { name: 'Annotation states over time' })
    await user.click(within(states).getByRole('switch', { name: 'Show as table' }))
    expect(within(states).queryByTestId('chart')).toBeNull()
    expect(within(states).getByRole('table')).toBeVisible()

    // Export: every figure of the table, as the CSV has it.
    await user.click(screen.getByRole('button', { name: 'Download CSV' }))
    await waitFor(() => expect(usePerformanceStore.getState().lastExport).not.toBeNull())
    const lines = usePerformanceStore.getState().lastExport!.text.split('\n')
    const header = lines.find((l) => l.startsWith('Member,'))!.split(',')
    const row = lines.find((l) => l.startsWith('ingest-bot,'))!.split(',')
    for (const c of SUMMARY_COLUMNS) {
      const saved = row[header.indexOf(c.label)]
      // A time also names its offset from UTC in the file (see the local-time test).
      if (c.format === 'time') expect(saved, c.label).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC/)
      else expect(saved, c.label).toBe(cell(table, c.label))
    }

    // Seven days leave out the work of 20 days ago.
    await user.click(screen.getByRole('radio', { name: '7 days' }))
    await waitFor(() => expect(card('Annotations submitted')).toBe('1'))
    expect(
      cell(screen.getByRole('table', { name: 'Figures per member' }), 'Performance score'),
    ).toBe('--')
    expect(
      screen
        .getByRole('table', { name: 'Annotation states over time' })
        .querySelectorAll('tbody tr'),
    ).toHaveLength(7)
  }, 60_000)

  it('shows when a member was last active in local time, and the CSV names its offset', async () => {
    const zone = process.env.TZ
    process.env.TZ = 'Asia/Kolkata' // UTC+05:30 all year, so the test means the same any day
    try {
      const { e, bot } = await seeded()
      setTransport(e.transport)
      render(
        <AppProviders env="test">
          <MemoryRouter initialEntries={[`/performance?members=${bot}`]}>
            <PerformancePage />
          </MemoryRouter>
        </AppProviders>,
      )
      const summary = await screen.findByRole('region', { name: 'Summary for ingest-bot' })
      const at = usePerformanceStore.getState().report!.members[0]!.api.lastActive!
      const wall = new Date(at + 330 * 60_000).toISOString().slice(0, 16).replace('T', ' ')
      // On screen in the user's locale and zone; in the file as ISO-like text with its offset.
      const shown = new Intl.DateTimeFormat(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Asia/Kolkata',
      }).format(at)
      expect(summary.querySelector('[data-card="Last active"]')!.textContent).toBe(shown)
      const table = screen.getByRole('table', { name: 'Figures per member' })
      expect(cell(table, 'Last active')).toBe(shown)

      const { text } = await usePerformanceStore.getState().exportReport('csv')
      const lines = text.split('\n')
      const header = lines.find((l) => l.startsWith('Member,'))!.split(',')
      const row = lines.find((l) => l.startsWith('ingest-bot,'))!.split(',')
      expect(row[header.indexOf('Last active')]).toBe(`${wall} UTC+05:30`)
    } finally {
      process.env.TZ = zone
    }
  }, 60_000)

  it('compares members side by side and sums the organization when none is picked', async () => {
    const { e, ann, bot } = await seeded()
    setTransport(e.transport)
    render(
      <AppProviders env="test">
        <MemoryRouter initialEntries={['/performance']}>
          <PerformancePage />
        </MemoryRouter>
      </AppProviders>,
    )
    expect(
      await screen.findByRole('region', { name: 'Summary for Acme Labeling' }),
    ).toBeInTheDocument()
    await usePerformanceStore.getState().setMembers([bot, ann])
    const table = await screen.findByRole('table', { name: 'Figures per member' })
    await waitFor(() => expect(within(table).getAllByRole('columnheader')).toHaveLength(3))
    expect(cell(table, 'Reviews', 2)).toBe('2')
    expect(cell(table, 'Reviews', 1)).toBe('0')
  }, 60_000)

  it("opening for another member never shows the previous member's figures", async () => {
    const { e, ann, bot } = await seeded()
    setTransport(e.transport)
    const store = usePerformanceStore
    await store.getState().open({ userIds: [bot] })
    expect(store.getState().report?.members.map((m) => m.subject.userId)).toEqual([bot])
    const opening = store.getState().open({ userIds: [ann] })
    expect(store.getState().report).toBeNull()
    await opening
    expect(store.getState().report?.members.map((m) => m.subject.userId)).toEqual([ann])
    await store.getState().open({ userIds: [ann] })
    expect(store.getState().report?.members.map((m) => m.subject.userId)).toEqual([ann])
  })

  it('takes a custom date-time range', async () => {
    const { e, bot } = await seeded()
    setTransport(e.transport)
    const user = userEvent.setup()
    render(
      <AppProviders env="test">
        <MemoryRouter initialEntries={[`/performance?members=${bot}`]}>
          <PerformancePage />
        </MemoryRouter>
      </AppProviders>,
    )
    const summary = await screen.findByRole('region', { name: 'Summary for ingest-bot' })
    await user.click(screen.getByRole('radio', { name: 'Custom' }))
    expect(await screen.findByText('From')).toBeInTheDocument()
    expect(screen.getByText('To (exclusive)')).toBeInTheDocument()
    // Only the day of the two older annotations.
    const now = Date.now()
    await usePerformanceStore.getState().setCustom(now - 21 * DAY, now - 19 * DAY)
    await waitFor(() =>
      expect(summary.querySelector('[data-card="Annotations submitted"]')!.textContent).toBe('2'),
    )
    expect(summary.querySelector('[data-card="API requests"]')!.textContent).toBe('0')
  }, 60_000)
})

describe('date axis labels', () => {
  const days = Array.from({ length: 90 }, (_, i) => `d${i + 1}`)

  it('label the newest day and as many evenly spaced days before it as fit', () => {
    const labels = spacedTicks(days, 6)
    expect(labels).toHaveLength(6)
    expect(labels.at(-1)).toBe('d90')
    expect(labels).toEqual(['d15', 'd30', 'd45', 'd60', 'd75', 'd90'])
  })

  it('label every day when they all fit', () => {
    expect(spacedTicks(days.slice(0, 5), 6)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5'])
    expect(spacedTicks(['d1'], 0)).toEqual(['d1'])
  })
})
