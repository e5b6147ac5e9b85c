import { act, configure, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEntry } from '../../../src/shared/contracts/activity.contract'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { ActivityFilterBar } from '../../../src/renderer/src/features/activity/ActivityFilterBar'
import { ActivityTable } from '../../../src/renderer/src/features/activity/ActivityTable'
import { RefusalSummaryPanel } from '../../../src/renderer/src/features/activity/RefusalSummaryPanel'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { summaryRange } from '../../../src/renderer/src/features/activity/refusal-summary'
import { initialAuthState, useAuthStore } from '../../../src/renderer/src/features/auth/auth.store'
import { watchActivityBudget } from '../../../src/renderer/src/features/organization/budget-notice'
import { ActivityLogSizeAlert } from '../../../src/renderer/src/features/organization/ActivityLogSizeAlert'
import { useOrganizationStore } from '../../../src/renderer/src/features/organization/organization.store'
import { ActivityBudgetSettings } from '../../../src/renderer/src/features/settings/ActivityBudgetSettings'
import { call, setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { engineTransport } from '../support/engine-transport'

configure({ asyncUtilTimeout: 5000 })
afterEach(() => {
  setTransport(null)
  useActivityStore.getState().reset()
  useOrganizationStore.getState().reset()
})

/** 1,294 requests with one unknown token from one address, this minute: 10 entries + 1 summary. */
function flood(t: TestEngine, n = 1294) {
  for (let i = 0; i < n; i++) {
    void t.engine.activity.refused({
      organizationId: t.owner.organizationId,
      ip: '127.0.0.1',
      fingerprint: '3f9a0c12ab45',
      status: 401,
      method: 'GET',
      route: '/api/projects',
      reason: 'unauthenticated',
      userAgent: i % 2 ? 'curl/8.5.0' : 'python-requests/2.32',
      actorId: null,
      actorEmail: null,
      tokenId: null,
      entry: (ts) => ({
        organization_id: t.owner.organizationId,
        ts,
        kind: 'api',
        actor_id: null,
        actor_email: null,
        token_id: null,
        ip: '127.0.0.1',
        user_agent: 'curl/8.5.0',
        method: 'GET',
        url: '/api/projects/',
        status: 401,
        duration_ms: 1,
        project_id: null,
        workspace_id: null,
        action: null,
        target_user_id: null,
        details: null,
      }),
    })
  }
  t.engine.activity.flushRefusals(true)
}

function setup() {
  const e = engineTransport()
  setTransport(e.transport)
  useAuthStore.setState({ ...initialAuthState, status: 'desktop' })
  return e
}

describe('refusal summaries in the Activity Log', () => {
  it('shows a summary as such, in the table and in the detail panel', async () => {
    const { t } = setup()
    flood(t)
    const page = await call('activity:list', { filter: { summary: true } })
    expect(page.entries).toHaveLength(1)
    const entry = page.entries[0]!
    const range = summaryRange({ first: entry.ts, last: entry.ts } as never)
    render(
      <AppProviders env="test">
        <ActivityTable
          entries={page.entries}
          hasMore={false}
          selectedId={null}
          onSelect={() => {}}
          onNeedMore={() => {}}
        />
        <RefusalSummaryPanel entry={entry} />
      </AppProviders>,
    )
    const table = screen.getByRole('table', { name: 'Activity log' })
    const text = `1,284 refused requests from 127.0.0.1 with an unknown token, ${range}`
    expect(within(table).getByText(text)).toBeInTheDocument()
    expect(within(table).getByText('summary')).toBeInTheDocument()
    const panel = screen.getByRole('alert')
    expect(within(panel).getByText(/10 of them were recorded one by one/)).toBeInTheDocument()
    expect(within(panel).getByText(/python-requests\/2\.32 · curl\/8\.5\.0/)).toBeInTheDocument()
  })

  it('filters to summaries from the Kind filter', async () => {
    const { t } = setup()
    flood(t, 30)
    const user = userEvent.setup({ delay: null })
    render(
      <AppProviders env="test">
        <ActivityFilterBar />
      </AppProviders>,
    )
    await user.click(screen.getByRole('combobox', { name: 'Kind' }))
    await user.click(await screen.findByRole('option', { name: 'Refused requests (summaries)' }))
    await waitFor(() => expect(useActivityStore.getState().filter).toMatchObject({ summary: true }))
    expect(useActivityStore.getState().filter.kind).toBeUndefined()
    const shown = useActivityStore.getState().entries as ActivityEntry[]
    await waitFor(() => expect(useActivityStore.getState().entries).toHaveLength(1))
    expect(shown.every((e) => e.action === 'refusal.summary')).toBe(true)
  })
})

describe('the activity log size budget in the renderer', () => {
  it('Settings shows the budget next to the current size, warns at 80 %, and saves', async () => {
    const { t } = setup()
    await t.value('org:updateSettings', { activityBudgetMb: 1 })
    t.engine.activity.budget.measure()
    let n = 0
    while ((await t.value('org:get')).activityLog.state === 'ok' && n++ < 5000) {
      t.engine.activity.api({
        organization_id: t.owner.organizationId,
        actor_id: t.owner.userId,
        actor_email: 'owner@acme.test',
        token_id: null,
        ip: '127.0.0.1',
        user_agent: 'test',
        method: 'GET',
        url: '/api/projects/',
        status: 200,
        duration_ms: 1,
        project_id: null,
        workspace_id: null,
        details: null,
      })
    }
    const overview = await call('org:get')
    expect(overview.activityLog.state).toBe('warn')
    const user = userEvent.setup({ delay: null })
    render(
      <AppProviders env="test">
        <ActivityBudgetSettings overview={overview} />
      </AppProviders>,
    )
    expect(screen.getByLabelText('Current activity log size')).toHaveTextContent(
      /of 1\.0 MB \(\d+ %\)/,
    )
    expect(screen.getByRole('alert')).toHaveTextContent('Activity log nearly full')
    const input = screen.getByRole('textbox', { name: 'Size budget (MB)' })
    await user.clear(input)
    await user.type(input, '50')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect((await t.value('org:get')).settings.activityBudgetMb).toBe(50))
    expect((await t.value('org:get')).activityLog.state).toBe('ok')
  })

  it('the Organization screen and a notification warn; full says why', async () => {
    setup()
    const off = watchActivityBudget()
    const overview = await call('org:get')
    const full = { ...overview.activityLog, state: 'full' as const, sizeBytes: 1024 * 1024 }
    render(
      <AppProviders env="test">
        <ActivityLogSizeAlert size={{ ...full, budgetBytes: 1024 * 1024 }} />
      </AppProviders>,
    )
    expect(screen.getByText(/API is refusing requests/)).toBeInTheDocument()
    act(() =>
      useOrganizationStore.setState({
        overview: { ...overview, activityLog: { ...overview.activityLog, state: 'warn' } },
      }),
    )
    expect(await screen.findByText('Activity log nearly full')).toBeInTheDocument()
    off()
  })
})
