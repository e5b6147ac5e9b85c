import { Select, Stack } from '@mantine/core'
import { useState } from 'react'
import { DateTimeField } from '../../components/DateTimeField'
import { formatDateTime } from '../../lib/format'
import { selectOverview, useOrganizationStore } from '../organization/organization.store'

const DAY_MS = 24 * 60 * 60 * 1000
const PRESETS = [7, 30, 90, 365]

/**
 * When a new token expires: the organization's default (its maximum lifetime, or never), a
 * number of days from now, or a chosen date. `undefined` is the default; the engine checks
 * the bounds and names them in its error.
 */
export function TokenExpiryField(props: {
  value: number | undefined
  onChange: (expiresAt: number | undefined) => void
  error?: string
}) {
  const max = useOrganizationStore(selectOverview)?.settings.tokenMaxLifetimeDays ?? null
  const [choice, setChoice] = useState('default')
  // The bound the description names is counted from when the form opened.
  const [openedAt] = useState(() => Date.now())
  const options = [
    {
      value: 'default',
      label: max ? `In ${max} days (the organization’s maximum)` : 'Never',
    },
    ...PRESETS.filter((d) => max === null || d < max).map((d) => ({
      value: String(d),
      label: d === 365 ? 'In 1 year' : `In ${d} days`,
    })),
    { value: 'date', label: 'On a date…' },
  ]
  const pick = (v: string | null) => {
    const next = v ?? 'default'
    setChoice(next)
    if (next === 'default') props.onChange(undefined)
    else if (next !== 'date') props.onChange(Date.now() + Number(next) * DAY_MS)
  }
  return (
    <Stack gap="xs">
      <Select
        label="Token expires"
        data={options}
        value={choice}
        onChange={pick}
        allowDeselect={false}
        error={choice === 'date' ? undefined : props.error}
        description={
          max
            ? `Tokens of this organization live at most ${max} days, until ${formatDateTime(openedAt + max * DAY_MS)}.`
            : undefined
        }
        comboboxProps={{ withinPortal: false }}
      />
      {choice === 'date' && (
        <DateTimeField
          label="Expiry date"
          value={props.value}
          onChange={props.onChange}
          withZone
          error={props.error}
        />
      )}
    </Stack>
  )
}
