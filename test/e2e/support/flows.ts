import { expect } from 'vitest'
import type { Page } from 'playwright-core'

export const OWNER = {
  email: 'olga@acme.test',
  name: 'Olga Owner',
  password: 'correct horse battery',
}

/** First-run setup through the UI; ends on the sign-in page. */
export async function firstRunSetup(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('heading', { name: 'Set up Tessera' }).waitFor()
  await page.getByLabel('Email', { exact: false }).first().fill(OWNER.email)
  await page.getByLabel('Name').fill(OWNER.name)
  await page.getByRole('textbox', { name: /^Password/ }).fill(OWNER.password)
  await page.getByRole('textbox', { name: /^Confirm password/ }).fill(OWNER.password)
  await page.getByRole('button', { name: 'Create Owner account' }).click()
  await page.getByRole('heading', { name: 'Sign in' }).waitFor()
}

export async function signIn(
  page: Page,
  email = OWNER.email,
  password = OWNER.password,
): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor()
  await page.getByRole('textbox', { name: /^Email/ }).fill(email)
  await page.getByRole('textbox', { name: /^Password/ }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** The admin shell is showing (its main navigation), not the sign-in page. */
export async function expectSignedIn(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 15_000 })
  expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0)
}

/** The session cookie and CSRF token of a signed-in page, for raw HTTP checks. */
export async function sessionOf(page: Page): Promise<{ cookie: string; csrf: string }> {
  const cookies = await page.context().cookies()
  const c = cookies.find((x) => x.name.endsWith('tessera_session'))
  if (!c) throw new Error('no session cookie in the browser')
  const cookie = `${c.name}=${c.value}`
  const state = (await (
    await fetch(new URL('/auth/session', page.url()), { headers: { cookie } })
  ).json()) as {
    csrfToken: string
  }
  return { cookie, csrf: state.csrfToken }
}
