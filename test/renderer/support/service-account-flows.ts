import { screen, waitFor, within } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { expect } from 'vitest'

export interface CreateForm {
  name: string
  role: 'Administrator' | 'Manager' | 'Reviewer' | 'Annotator'
  targets?: string[]
}

/** Opens the create dialog and fills it in (without submitting); returns the dialog. */
export async function fillCreateDialog(user: UserEvent, form: CreateForm): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Create service account' }))
  const dialog = await screen.findByRole('dialog', { name: 'Create service account' })
  await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), form.name)
  await user.click(within(dialog).getByRole('radio', { name: new RegExp(form.role) }))
  for (const target of form.targets ?? []) {
    await user.click(within(dialog).getByRole('combobox', { name: /Workspaces and projects/ }))
    await user.click(await within(dialog).findByRole('option', { name: target }))
  }
  return dialog
}

/** Reads the one-time token from its dialog, ticks the confirmation and closes it. */
export async function takeTokenAndClose(user: UserEvent, title: RegExp | string): Promise<string> {
  const dialog = await screen.findByRole('dialog', { name: title })
  const token = within(dialog).getByLabelText('API token').textContent ?? ''
  expect(token).toMatch(/^tsa_[A-Za-z0-9]{36}$/)
  const close = within(dialog).getByRole('button', { name: 'Close' })
  expect(close).toBeDisabled()
  await user.click(within(dialog).getByRole('checkbox', { name: 'I have copied the token' }))
  expect(close).toBeEnabled()
  await user.click(close)
  await waitFor(() => expect(screen.queryByRole('dialog', { name: title })).not.toBeInTheDocument())
  return token
}

/** Creates a service account through the dialog and returns its one-time token. */
export async function createViaDialog(user: UserEvent, form: CreateForm): Promise<string> {
  const dialog = await fillCreateDialog(user, form)
  await user.click(within(dialog).getByRole('button', { name: 'Create' }))
  return takeTokenAndClose(user, 'Service account created')
}

/** Opens the row menu of a service account and picks an item. */
export async function rowAction(user: UserEvent, accountName: string, item: string): Promise<void> {
  await user.click(await screen.findByRole('button', { name: `Actions for ${accountName}` }))
  await user.click(await screen.findByRole('menuitem', { name: item }))
}

/** The table row that shows `text`. */
export async function rowOf(text: string): Promise<HTMLElement> {
  const table = await screen.findByRole('table', { name: 'Service accounts' })
  const cell = await within(table).findByText(text)
  return cell.closest('tr') as HTMLElement
}
