import { act, configure, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import {
  activityFilterFromSearch,
  activityFilterToSearch,
  performanceViewFromSearch,
  performanceViewToSearch,
} from '../../../src/renderer/src/features/navigation/url-state'
import { usePerformanceStore } from '../../../src/renderer/src/features/performance/performance.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { renderApp } from '../support/render-app'

configure({ asyncUtilTimeout: 5000 })
beforeEach(() => {
  useActivityStore.getState().reset()
  usePerformanceStore.getState().reset()
})
afterEach(() => setTransport(null))

const nav = () => screen.getByRole('navigation', { name: 'Main' })
const back = () => act(() => window.history.back())

describe('every screen has an address', { timeout: 60_000 }, () => {
  it('each navigation link names its address; the title follows the screen; Back returns', async () => {
    const { user } = await renderApp('organization')
    await screen.findByRole('heading', { level: 1, name: 'Acme Labeling' })
    expect(document.title).toBe('Organization — Tessera')
    const hrefs = within(nav())
      .getAllByRole('link')
      .map((a) => a.getAttribute('href'))
    expect(hrefs).toEqual([
      '#/',
      '#/members',
      '#/service-accounts',
      '#/workspaces',
      '#/activity',
      '#/performance',
      '#/settings',
    ])
    await user.click(within(nav()).getByRole('link', { name: 'Members' }))
    await screen.findByRole('heading', { level: 1, name: 'Members' })
    expect(window.location.hash).toBe('#/members')
    expect(document.title).toBe('Members — Tessera')
    await user.click(within(nav()).getByRole('link', { name: 'Settings' }))
    await screen.findByRole('heading', { level: 1, name: 'Settings' })
    back()
    await screen.findByRole('heading', { level: 1, name: 'Members' })
    expect(document.title).toBe('Members — Tessera')
    back()
    await screen.findByRole('heading', { level: 1, name: 'Acme Labeling' })
    act(() => window.history.forward())
    await screen.findByRole('heading', { level: 1, name: 'Members' })
  })

  it('a deep link opens the Activity Log with its filters; changing one rewrites the address', async () => {
    const { user } = await renderApp('organization')
    act(() => window.history.pushState(null, '', '#/activity?method=POST&kind=api&q=import'))
    act(() => window.dispatchEvent(new PopStateEvent('popstate')))
    await screen.findByRole('heading', { level: 1, name: 'Activity log' })
    await waitFor(() =>
      expect(useActivityStore.getState().filter).toEqual({
        method: 'POST',
        kind: 'api',
        search: 'import',
      }),
    )
    expect(screen.getByRole('textbox', { name: /Search URL/ })).toHaveValue('import')
    // The filter bar's button (an empty result offers the same one).
    const bar = screen.getByRole('search', { name: 'Activity filters' })
    await user.click(within(bar).getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(window.location.hash).toBe('#/activity'))
  })

  it('an unknown address says so and links back to the start', async () => {
    const { user } = await renderApp('organization')
    act(() => window.history.pushState(null, '', '#/nowhere'))
    act(() => window.dispatchEvent(new PopStateEvent('popstate')))
    await screen.findByRole('heading', { level: 1, name: 'Page not found' })
    expect(document.title).toBe('Page not found — Tessera')
    await user.click(screen.getByRole('link', { name: 'Go to Organization' }))
    await screen.findByRole('heading', { level: 1, name: 'Acme Labeling' })
  })
})

describe('what the address carries', () => {
  it('round-trips every Activity Log filter, times in ISO 8601', () => {
    const filter = {
      userId: 12,
      actorId: 3,
      tokenId: 4,
      projectId: 5,
      workspaceId: 6,
      method: 'DELETE' as const,
      statusClass: 4 as const,
      kind: 'api' as const,
      from: Date.UTC(2026, 0, 15, 9, 30),
      to: Date.UTC(2026, 0, 16),
      search: 'tasks AND import',
    }
    const search = activityFilterToSearch(filter)
    expect(search).toContain('from=2026-01-15T09%3A30%3A00.000Z')
    expect(activityFilterFromSearch(new URLSearchParams(search))).toEqual(filter)
  })

  it('leaves out what it cannot read instead of failing', () => {
    expect(
      activityFilterFromSearch(new URLSearchParams('user=abc&method=BREW&status=9&from=never')),
    ).toEqual({})
    expect(performanceViewFromSearch(new URLSearchParams('members=1,x,1,2&range=year'))).toEqual({
      userIds: [1, 2],
      preset: '30d',
      custom: null,
      workspaceIds: [],
      projectIds: [],
    })
  })

  it('round-trips the Performance members, custom range and scope', () => {
    const view = {
      userIds: [3, 7],
      preset: 'custom' as const,
      custom: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) },
      workspaceIds: [1],
      projectIds: [2, 9],
    }
    const search = performanceViewToSearch(view)
    expect(search).toMatch(/^members=3,7&range=custom&from=2026-01-01/)
    expect(performanceViewFromSearch(new URLSearchParams(search))).toEqual(view)
  })
})
