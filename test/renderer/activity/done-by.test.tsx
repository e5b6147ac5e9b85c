import { configure, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useActivityStore } from '../../../src/renderer/src/features/activity/activity.store'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'

configure({ asyncUtilTimeout: 5000 })
beforeEach(() => useActivityStore.getState().reset())
afterEach(() => setTransport(null))

/** Two administrators, each making changes: the Owner and Ada. */
async function seed(t: TestEngine) {
  const ada = await t.value('members:addPerson', {
    email: 'ada@acme.test',
    firstName: 'Ada',
    role: 'AD',
  })
  const asAda = t.as({ userId: ada.userId, organizationId: t.owner.organizationId })
  await asAda.value('serviceAccounts:create', { name: 'ingest bot', role: 'AD' })
  await t.value('members:addPerson', { email: 'ann@acme.test', role: 'AN' })
}

const rows = async () =>
  within(await screen.findByRole('table', { name: 'Activity log' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent ?? '')

describe('Activity Log: Done by', { timeout: 60_000 }, () => {
  it('shows only what one person did, and keeps it in the address', async () => {
    const { user } = await renderApp('activity', { seed })
    await waitFor(async () =>
      expect((await rows()).join('\n')).toContain('Created the service account ingest bot'),
    )
    const filters = screen.getByRole('search', { name: 'Activity filters' })
    await user.click(within(filters).getByRole('combobox', { name: 'Done by' }))
    // Only people are offered: admin actions are done by people.
    expect(screen.queryByRole('option', { name: /ingest bot/ })).toBeNull()
    await user.click(await screen.findByRole('option', { name: /ada@acme\.test/ }))
    await waitFor(async () => {
      const texts = await rows()
      expect(texts.join('\n')).toContain('Created the service account ingest bot')
      expect(texts.join('\n')).not.toContain('ann@acme.test')
      for (const text of texts) expect(text).toContain('ada@acme.test')
    })
    expect(window.location.hash).toMatch(/actor=\d+/)
  })
})
