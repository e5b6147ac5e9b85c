/// <reference types="node" />
import { render, screen, within } from '@testing-library/react'
import { RouterProvider, createMemoryRouter } from 'react-router'
import { afterEach, describe, expect, it } from 'vitest'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { useOrganizationStore } from '../../../src/renderer/src/features/organization/organization.store'
import { SettingsPage } from '../../../src/renderer/src/features/settings/SettingsPage'
import { setTransport, type Transport } from '../../../src/renderer/src/lib/ipc'
import { createDispatcher } from '../../../src/main/rpc/dispatcher'
import type { ApiStatus } from '../../../src/shared/contracts/organization.contract'
import { makeEngine } from '../../support/engine'

afterEach(() => {
  setTransport(null)
  useOrganizationStore.getState().reset()
})

/** The real dispatcher over an in-memory engine, with the desktop's API status in the context. */
function desktopTransport(status: ApiStatus): Transport {
  const t = makeEngine()
  const dispatch = createDispatcher({ log: () => {} })
  return {
    invoke: (channel, input) =>
      dispatch(channel, input, {
        engine: t.engine,
        actor: t.owner,
        apiUrl: () => status.url,
        apiStatus: () => status,
      }),
    on: () => () => undefined,
  }
}

function renderSettings(status: ApiStatus) {
  setTransport(desktopTransport(status))
  render(
    <AppProviders env="test">
      {/* Settings links to other screens (the quota panel) and asks before leaving with unsaved
          changes, so it renders inside a data router. */}
      <RouterProvider router={createMemoryRouter([{ path: '/', element: <SettingsPage /> }])} />
    </AppProviders>,
  )
}

describe('Settings: where the local API listens', { timeout: 30_000 }, () => {
  it('says the API moved to another port because the saved one is in use', async () => {
    renderSettings({ url: 'http://127.0.0.1:8081', requestedPort: 8080, movedFrom: 8080 })
    const api = await screen.findByRole('region', { name: 'Local API' })
    expect(within(api).getByLabelText('Local API base URL')).toHaveTextContent(
      'http://127.0.0.1:8081',
    )
    expect(within(api).getByRole('status')).toHaveTextContent(
      'The API moved to port 8081 because 8080 is in use.',
    )
  })

  it('says nothing about a move when the API is on its saved port', async () => {
    renderSettings({ url: 'http://127.0.0.1:8080', requestedPort: 8080 })
    const api = await screen.findByRole('region', { name: 'Local API' })
    expect(within(api).getByLabelText('Local API base URL')).toBeInTheDocument()
    expect(within(api).queryByText(/moved to port/)).not.toBeInTheDocument()
  })

  it('says why the API is not running when it could not start', async () => {
    renderSettings({
      url: null,
      requestedPort: 8080,
      error: 'could not listen on 127.0.0.1:8080: permission denied',
    })
    const api = await screen.findByRole('region', { name: 'Local API' })
    expect(within(api).getByRole('alert')).toHaveTextContent(
      'The local API is not running: it could not listen on 127.0.0.1:8080: permission denied.',
    )
  })
})
