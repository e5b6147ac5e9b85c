import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'

configure({ asyncUtilTimeout: 5000 })
beforeEach(() => useActivityStore.getState().reset())
afterEach(() => setTransport(null))

const ENTRIES = 1_100
const ROW_HEIGHT = 36
/** Everything in the log: the requests below and what setting up the organization recorded. */
let total = 0

/** `ENTRIES` requests, `/api/e/0` the oldest of them. */
async function seedMany(t: TestEngine) {
  for (let i = 0; i < ENTRIES; i++) {
    t.clock.advance(1_000)
    t.engine.activity.api({
      organization_id: t.owner.organizationId,
      actor_id: t.owner.userId,
      actor_email: 'owner@acme.test',
      token_id: null,
      ip: null,
      user_agent: null,
      method: 'GET',
      url: `/api/e/${i}`,
      status: 200,
      duration_ms: 1,
      project_id: null,
      workspace_id: null,
      details: null,
    })
  }
  total = (t.db.prepare('SELECT count(*) AS n FROM activity_entries').get() as { n: number }).n
}

const table = () => screen.findByRole('table', { name: 'Activity log' })

/** jsdom has no layout: tell the virtualizer the list box was scrolled to `row`. */
async function scrollToRow(row: number) {
  const rowgroup = within(await table()).getByRole('rowgroup')
  const scroller = rowgroup.parentElement!
  Object.defineProperty(scroller, 'scrollTop', { value: row * ROW_HEIGHT, configurable: true })
  fireEvent.scroll(scroller)
}

describe('Activity log paging', () => {
  it('loads older entries ahead of the scroll, in few requests, and shows a spinner only at the end', async () => {
    const { calls, transport } = await renderApp('activity', { seed: seedMany })
    // Pages can be held back, to see what the end of the list looks like meanwhile.
    let holding = false
    let waiting = 0
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const invoke = transport.invoke
    transport.invoke = async (channel, input) => {
      if (channel === 'activity:list' && holding) {
        waiting++
        await held
      }
      return invoke(channel, input)
    }
    const listCalls = () => calls.filter((c) => c === 'activity:list').length

    expect(await within(await table()).findByText(`/api/e/${ENTRIES - 1}`)).toBeInTheDocument()
    // The next page is fetched before anyone scrolls; there is no spinner while rows remain.
    await waitFor(async () =>
      expect(await table()).toHaveAttribute('aria-rowcount', String(200 + 500)),
    )
    expect(screen.queryByLabelText('Loading more entries')).toBeNull()

    // Near the end of what is loaded: the third page is asked for, the spinner shows at the end.
    holding = true
    await scrollToRow(690)
    expect(await within(await table()).findByText(`/api/e/${ENTRIES - 700}`)).toBeInTheDocument()
    expect(await screen.findByLabelText('Loading more entries')).toBeInTheDocument()
    await waitFor(() => expect(waiting).toBe(1))
    // Scrolling on while it is on its way asks for nothing more.
    await scrollToRow(695)
    await scrollToRow(699)
    await new Promise((r) => setTimeout(r, 50))
    expect(waiting).toBe(1)

    release()
    await waitFor(async () => expect(await table()).toHaveAttribute('aria-rowcount', String(total)))
    await scrollToRow(total - 10)
    expect(await within(await table()).findByText('/api/e/0')).toBeInTheDocument()
    expect(screen.queryByLabelText('Loading more entries')).toBeNull()
    // 200 + 500 + 500 rows: three requests for the whole log, none repeated.
    expect(listCalls()).toBe(3)
  })

  it('pages the new list when the filter changes while a page of the old one is on its way', async () => {
    const { user, transport } = await renderApp('activity', { seed: seedMany })
    // The first page asked for with a cursor (the prefetch of the unfiltered log) is held back.
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const invoke = transport.invoke
    let stale: ReturnType<typeof invoke> | null = null
    transport.invoke = (channel, input) => {
      if (channel === 'activity:list' && (input as { cursor?: unknown }).cursor && !stale) {
        stale = held.then(() => invoke(channel, input))
        return stale
      }
      return invoke(channel, input)
    }
    expect(await within(await table()).findByText(`/api/e/${ENTRIES - 1}`)).toBeInTheDocument()
    await waitFor(() => expect(stale).not.toBeNull())

    // API requests only: every seeded entry, without what setting up the organization recorded.
    await user.click(screen.getByRole('combobox', { name: 'Kind' }))
    await user.click(await screen.findByRole('option', { name: 'API requests' }))
    // The new list fetches its own next page without waiting for the old one…
    await waitFor(async () => expect(await table()).toHaveAttribute('aria-rowcount', '700'))
    // …and the old one, when it lands, is dropped.
    release()
    await act(async () => void (await stale))
    expect(await table()).toHaveAttribute('aria-rowcount', '700')
    await scrollToRow(ENTRIES - 10)
    expect(await within(await table()).findByText('/api/e/0')).toBeInTheDocument()
  })
})
