/// <reference types="node" />
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { LeakCheckDialog } from '../../../src/renderer/src/features/security/LeakCheckDialog'
import { SecurityPanel } from '../../../src/renderer/src/features/security/SecurityPanel'
import { useSecurityStore } from '../../../src/renderer/src/features/security/security.store'
import { useServiceAccountsStore } from '../../../src/renderer/src/features/service-accounts/service-accounts.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { engineTransport, type EngineTransport } from '../support/engine-transport'

let env: EngineTransport
beforeEach(() => {
  env = engineTransport()
  setTransport(env.transport)
  useSecurityStore.getState().reset()
  useServiceAccountsStore.getState().reset()
})
afterEach(() => setTransport(null))

async function account() {
  const ws = await env.t.value('workspaces:create', { title: 'Docs' })
  return env.t.value('serviceAccounts:create', {
    name: 'scraper',
    role: 'AN',
    workspaceIds: [ws.id],
  })
}

describe('Check for leaked tokens', () => {
  it('finds a pasted live token, names its account, and offers Reset Token', async () => {
    const user = userEvent.setup()
    const { token, account: acc } = await account()
    render(
      <AppProviders>
        <LeakCheckDialog opened onClose={() => {}} />
      </AppProviders>,
    )
    await user.click(screen.getByLabelText('Text to check'))
    await user.paste(`deploy log\nTESSERA_TOKEN=${token}\n`)
    await user.click(screen.getByRole('button', { name: 'Scan' }))
    const table = await screen.findByRole('table', { name: 'Tokens found' })
    const row = within(table).getByText('scraper').closest('tr')!
    expect(within(row).getByText('Live — reset it now')).toBeInTheDocument()
    expect(within(row).getByText('2')).toBeInTheDocument() // the line it was on
    // The page shows the display form only, not the secret that was pasted.
    expect(within(table).queryByText(token)).toBeNull()
    expect(JSON.stringify(useSecurityStore.getState())).not.toContain(token)
    await user.click(within(row).getByRole('button', { name: 'Reset Token' }))
    expect(useServiceAccountsStore.getState().dialog).toEqual({
      kind: 'resetToken',
      userId: acc.userId,
    })
  })

  it('says so when nothing is found', async () => {
    const user = userEvent.setup()
    render(
      <AppProviders>
        <LeakCheckDialog opened onClose={() => {}} />
      </AppProviders>,
    )
    await user.type(screen.getByLabelText('Text to check'), 'just a normal log line')
    await user.click(screen.getByRole('button', { name: 'Scan' }))
    expect(await screen.findByText('No tokens found')).toBeInTheDocument()
  })
})

describe('Security & backups panel', () => {
  it('offers the backup as a download in a browser, with no path field', async () => {
    const user = userEvent.setup()
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this.getAttribute('href') ?? '')
    })
    render(
      <AppProviders>
        <SecurityPanel desktop={false} />
      </AppProviders>,
    )
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(screen.queryByLabelText(/Backup file|path/i)).toBeNull()
    expect(screen.queryByRole('button', { name: /Back up now/ })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Download backup' }))
    expect(clicked).toEqual(['/rpc/backup/download'])
    expect(await screen.findByText('Backup downloading')).toBeInTheDocument()
    expect(screen.getByText(/tessera restore --from FILE/)).toBeInTheDocument()
    click.mockRestore()
  })

  it('downloads the credential report as CSV', async () => {
    const user = userEvent.setup()
    await account()
    const blobs: Blob[] = []
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b)
      return 'blob:report'
    })
    URL.revokeObjectURL = vi.fn()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    render(
      <AppProviders>
        <SecurityPanel />
      </AppProviders>,
    )
    await user.click(screen.getByRole('button', { name: 'Download credential report' }))
    await vi.waitFor(() => expect(click).toHaveBeenCalled())
    const csv = await blobs[0]!.text()
    expect(csv.split('\n')[0]).toMatch(/^name,user_id,role,status/)
    expect(csv).toContain('scraper')
  })
})
