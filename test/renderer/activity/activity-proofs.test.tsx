import { configure, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { generateLogKeys, publicKeyFingerprint } from '../../../src/main/engine/activity/log-keys'
import { checkProof } from '../../../src/main/engine/activity/proof-format'
import { verifierKey } from '../../../src/main/engine/activity/signed-note'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import { seededRandom, type TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'

configure({ asyncUtilTimeout: 5000 })
const keys = generateLogKeys(seededRandom('renderer key'))
let saved: Blob[] = []
beforeEach(() => {
  useActivityStore.getState().reset()
  saved = []
  // jsdom has no object URLs: keep the Blob the page hands to the download link.
  URL.createObjectURL = vi.fn((b: Blob) => {
    saved.push(b)
    return 'blob:proof'
  })
  URL.revokeObjectURL = vi.fn()
})
afterEach(() => setTransport(null))

async function seed(t: TestEngine) {
  t.engine.activity.api({
    organization_id: t.owner.organizationId,
    actor_id: t.owner.userId,
    actor_email: 'owner@acme.test',
    token_id: null,
    ip: '127.0.0.1',
    user_agent: 'curl/8',
    method: 'GET',
    url: '/api/projects/42/tasks/',
    status: 200,
    duration_ms: 3,
    project_id: null,
    workspace_id: null,
    details: null,
  })
}

describe('activity log proofs in the UI', () => {
  it('downloads a proof of an entry from its detail panel that checks with the public key', async () => {
    const { user } = await renderApp('activity', { seed, logKeys: keys })
    const table = await screen.findByRole('table', { name: 'Activity log' })
    await user.click(await within(table).findByText('/api/projects/42/tasks/'))
    const drawer = await screen.findByRole('dialog', { name: /Activity entry/ })
    await user.click(within(drawer).getByRole('button', { name: 'Download proof' }))
    await waitFor(() => expect(saved).toHaveLength(1))
    const proof = JSON.parse(await saved[0]!.text()) as { entry: { url: string } }
    expect(proof.entry.url).toBe('/api/projects/42/tasks/')
    expect(checkProof(proof, verifierKey(keys.origin, keys.publicKey))).toMatchObject({ ok: true })
  })

  it('shows the signing key’s fingerprint and the newest checkpoints in Settings', async () => {
    await renderApp('settings', { seed, logKeys: keys })
    const section = await screen.findByRole('region', { name: 'Activity log proofs' })
    expect(
      await within(section).findByText(publicKeyFingerprint(keys.publicKey)),
    ).toBeInTheDocument()
    expect(within(section).getByText(/tessera activity anchor --set FILE/)).toBeInTheDocument()
    expect(within(section).getByRole('table', { name: 'Newest checkpoints' })).toBeInTheDocument()
  })

  it('says plainly when there is no log key', async () => {
    await renderApp('settings', { seed })
    expect(await screen.findByText(/holds no activity log key/)).toBeInTheDocument()
  })
})
