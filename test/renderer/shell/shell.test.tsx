import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { AdminShell } from '../../../src/renderer/src/App'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { bindEngineEvents } from '../../../src/renderer/src/engine-events'
import { setTransport, type Transport } from '../../../src/renderer/src/lib/ipc'
import { renderApp, resetStores } from '../support/render-app'
import { raiseQuota } from '../support/seed'

afterEach(() => setTransport(null))

describe('App shell', { timeout: 60_000 }, () => {
  it('navigates between every screen with real links and marks the current one', async () => {
    const { user } = await renderApp('organization')
    const nav = screen.getByRole('navigation', { name: 'Main' })
    const labels = within(nav)
      .getAllByRole('link')
      .map((b) => b.textContent)
    expect(labels).toEqual([
      'Organization',
      'Members',
      'Service Accounts',
      'Workspaces & Projects',
      'Activity Log',
      'Performance',
      'Settings',
    ])
    expect(await screen.findByRole('heading', { name: 'Acme Labeling' })).toBeInTheDocument()
    await user.click(within(nav).getByRole('link', { name: 'Members' }))
    expect(await screen.findByRole('heading', { name: 'Members' })).toBeInTheDocument()
    expect(within(nav).getByRole('link', { name: 'Members' })).toHaveAttribute(
      'aria-current',
      'page',
    )
    await user.click(within(nav).getByRole('link', { name: 'Settings' }))
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument()
  })

  it('switches between light and dark', async () => {
    const { user } = await renderApp('organization')
    await user.click(screen.getByRole('button', { name: 'Switch to dark theme' }))
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark')
    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }))
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light')
  })

  it('shows an error view with Try again when the engine fails, and recovers', async () => {
    let failing = true
    const transport: Transport = {
      invoke: async () =>
        failing
          ? {
              ok: false,
              error: {
                code: 'INTERNAL',
                message: 'Something went wrong inside Tessera; see the log',
              },
            }
          : { ok: true, value: [] },
      on: () => () => {},
    }
    setTransport(transport)
    resetStores()
    const user = userEvent.setup()
    render(
      <AppProviders env="test">
        <AdminShell />
      </AppProviders>,
    )
    await user.click(screen.getByRole('link', { name: 'Members' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Tessera could not load this screen')
    expect(alert).toHaveTextContent('Something went wrong inside Tessera; see the log')
    failing = false
    await user.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('No members yet')).toBeInTheDocument()
  })

  it('re-reads the screens when the engine reports a change made elsewhere', async () => {
    const e = await renderApp('serviceAccounts', { seed: (t) => raiseQuota(t, 2) })
    const { t, emit } = e
    const unbind = bindEngineEvents()
    await screen.findByText('0 of 3 included service accounts used')
    await t.value('serviceAccounts:create', { name: 'from the cli', role: 'AD' })
    emit('data:changed', { domain: 'serviceAccounts' })
    expect(await screen.findByText('from the cli')).toBeInTheDocument()
    await waitFor(() =>
      expect(screen.getByText('1 of 3 included service accounts used')).toBeInTheDocument(),
    )
    const listCalls = e.calls.filter((c) => c === 'serviceAccounts:list').length
    // API traffic (activity entries) refreshes the list too, throttled.
    await t.value('serviceAccounts:create', { name: 'from the api', role: 'AD' })
    emit('activity:appended', { lastId: 1 })
    emit('activity:appended', { lastId: 2 })
    expect(await screen.findByText('from the api', {}, { timeout: 5000 })).toBeInTheDocument()
    expect(e.calls.filter((c) => c === 'serviceAccounts:list').length).toBeLessThanOrEqual(
      listCalls + 2,
    )
    unbind()
  })
})
