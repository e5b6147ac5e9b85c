import { NumberInput, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { OrganizationOverview } from '../../../../shared/contracts/organization.contract'
import { Title as TitleSchema } from '../../../../shared/schemas'
import type { FieldErrors } from '../../lib/errors'
import { plural } from '../../lib/format'
import { SettingsSection } from './SettingsSection'

const SEAT_LIMIT_MAX = 100000

/** The organization's title and its seat limit (people only). */
export function OrganizationSettings(props: { overview: OrganizationOverview }) {
  const { overview } = props
  const [title, setTitle] = useState(overview.settings.title)
  const [seats, setSeats] = useState<number | string>(overview.settings.seatLimit)

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {}
    const parsed = TitleSchema.safeParse(title)
    if (!parsed.success) errors.title = parsed.error.issues[0]?.message ?? 'Enter a title'
    if (seats === '' || !Number.isInteger(Number(seats))) {
      errors.seatLimit = 'Enter a whole number of seats'
    } else if (Number(seats) < overview.seatsUsed) {
      const inUse = overview.seatsUsed === 1 ? '1 seat is' : `${overview.seatsUsed} seats are`
      errors.seatLimit = `${inUse} in use; deactivate people before lowering the limit below that`
    } else if (Number(seats) > SEAT_LIMIT_MAX) {
      errors.seatLimit = `At most ${SEAT_LIMIT_MAX.toLocaleString('en')} seats`
    }
    return errors
  }

  return (
    <SettingsSection
      title="Organization"
      fields={['title', 'seatLimit']}
      validate={validate}
      patch={() => ({ title: title.trim(), seatLimit: Number(seats) })}
    >
      {(errors) => (
        <Stack maw={520}>
          <TextInput
            label="Organization name"
            withAsterisk
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <NumberInput
            label="Seat limit"
            description={`People only; ${plural(overview.seatsUsed, 'seat')} in use now. Service accounts do not use seats.`}
            min={0}
            max={SEAT_LIMIT_MAX}
            allowDecimal={false}
            allowNegative={false}
            value={seats}
            onChange={setSeats}
            error={errors.seatLimit}
          />
        </Stack>
      )}
    </SettingsSection>
  )
}
