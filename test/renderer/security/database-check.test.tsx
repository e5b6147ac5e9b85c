import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { DatabaseCheckPanel } from '../../../src/renderer/src/features/security/DatabaseCheckPanel'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { engineTransport, type EngineTransport } from '../support/engine-transport'

let env: EngineTransport
beforeEach(() => {
  env = engineTransport()
  setTransport(env.transport)
})
afterEach(() => setTransport(null))

const show = () =>
  render(
    <AppProviders>
      <DatabaseCheckPanel />
    </AppProviders>,
  )

describe('Check database', () => {
  it('shows integrity, schema and the activity chain all ok for a database Tessera made', async () => {
    const user = userEvent.setup()
    show()
    await user.click(screen.getByRole('button', { name: 'Check database' }))
    const region = await screen.findByRole('region', { name: 'Database check' })
    expect(within(region).getByText('Integrity: ok')).toBeInTheDocument()
    expect(within(region).getByText('Schema: as Tessera creates it')).toBeInTheDocument()
    expect(within(region).getByText('Activity log: intact')).toBeInTheDocument()
  })

  it('names each schema object changed outside Tessera, next to integrity and the chain', async () => {
    env.t.db.exec(`CREATE TRIGGER keep_tokens AFTER UPDATE OF revoked_at ON api_tokens
      BEGIN UPDATE api_tokens SET revoked_at = NULL WHERE id = NEW.id; END`)
    const user = userEvent.setup()
    show()
    await user.click(screen.getByRole('button', { name: 'Check database' }))
    const region = await screen.findByRole('region', { name: 'Database check' })
    const alert = within(region).getByRole('alert')
    expect(within(alert).getByText('Schema: changed outside Tessera')).toBeInTheDocument()
    expect(alert).toHaveTextContent('trigger keep_tokens — not made by Tessera')
    expect(within(region).getByText('Integrity: ok')).toBeInTheDocument()
    expect(within(region).getByText('Activity log: intact')).toBeInTheDocument()
  })
})
