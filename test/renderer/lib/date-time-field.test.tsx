import { render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppProviders } from '../../../src/renderer/src/components/AppProviders'
import { DateTimeField } from '../../../src/renderer/src/components/DateTimeField'

const AT = Date.UTC(2026, 11, 7, 14, 5) // 09:05 in New York

describe('date-time fields', () => {
  let zone: string | undefined
  beforeEach(() => {
    zone = process.env.TZ
    process.env.TZ = 'America/New_York'
  })
  afterEach(() => {
    process.env.TZ = zone
  })

  it("show the time in the user's zone, in the locale's words, and name the zone", () => {
    render(
      <AppProviders env="test">
        <DateTimeField label="From" withZone value={AT} onChange={() => {}} />
      </AppProviders>,
    )
    const field = screen.getByRole('button', { name: 'From' })
    // Never the browser's mm/dd/yyyy or a fixed DD/MM/YYYY: the same words as every table.
    expect(field.textContent).not.toMatch(/\d\d\/\d\d\/\d{4}/)
    expect(field.textContent).toMatch(/2026/)
    expect(field.textContent).toMatch(/\b9:05\b|\b09:05\b/)
    expect(screen.getByText('America/New_York (GMT-5)')).toBeInTheDocument()
  })

  it('are empty when there is no time', () => {
    render(
      <AppProviders env="test">
        <DateTimeField label="To" value={undefined} onChange={() => {}} />
      </AppProviders>,
    )
    expect(screen.getByRole('button', { name: 'To' }).textContent).not.toMatch(/\d/)
  })
})
