import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { setTransport } from '../../../src/renderer/src/lib/ipc'
import type { TestEngine } from '../../support/engine'
import { renderApp } from '../support/render-app'
import { rowAction } from '../support/service-account-flows'
import { seedTargets } from '../support/seed'

afterEach(() => setTransport(null))

async function seed(t: TestEngine) {
  const targets = await seedTargets(t)
  await t.value('serviceAccounts:create', {
    name: 'labeler',
    role: 'AN',
    workspaceIds: [targets.ws.id],
  })
}

describe('What can this token do?', { timeout: 60_000 }, () => {
  it('lists the projects it can read with each action, and what it cannot do', async () => {
    const { user, t } = await renderApp('serviceAccounts', { seed })
    await rowAction(user, 'labeler', 'What can this token do?')
    const dialog = await screen.findByRole('dialog', { name: 'What can labeler’s token do?' })
    const table = await within(dialog).findByRole('table', { name: 'Projects and actions' })
    const userId = (await t.value('serviceAccounts:list'))[0]!.userId
    const view = await t.value('serviceAccounts:explain', { userId })
    // One row per project it can read, with the engine's own answer in each column.
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(view.projects.length)
    const first = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent)
    expect(first.slice(1)).toEqual(['Yes', 'Yes', 'No', 'No', 'No', 'No', 'No'])
    expect(within(dialog).getByText('No organization administration.')).toBeVisible()
    expect(within(dialog).getByText('It cannot review in any project.')).toBeVisible()
  })
})
