import { Group, TextInput } from '@mantine/core'
import type { ChangeEvent } from 'react'
import type { FieldErrors } from '../lib/errors'

export interface PersonName {
  email: string
  firstName: string
  lastName: string
}

export const NO_PERSON: PersonName = { email: '', firstName: '', lastName: '' }

/** The email (required, focused first) and the name of a person being added or invited. */
export function PersonFields(props: {
  value: PersonName
  onChange: (value: PersonName) => void
  errors: FieldErrors
}) {
  const { value, onChange, errors } = props
  const field = (name: keyof PersonName) => ({
    value: value[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) =>
      onChange({ ...value, [name]: e.currentTarget.value }),
    error: errors[name],
  })
  return (
    <>
      <TextInput label="Email" type="email" withAsterisk data-autofocus {...field('email')} />
      <Group grow>
        <TextInput label="First name" {...field('firstName')} />
        <TextInput label="Last name" {...field('lastName')} />
      </Group>
    </>
  )
}
