import { Button, Group, Paper, Stack, Title } from '@mantine/core'
import { useState, type FormEvent, type ReactNode } from 'react'
import type { SettingsPatch } from '../../../../shared/contracts/organization.contract'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useOrganizationStore } from '../organization/organization.store'
import { useReportUnsaved } from './unsaved-changes'

type Saved = Record<string, unknown>

/** One settings form: its fields, a Save button, and engine errors routed to the fields. */
export function SettingsSection(props: {
  title: string
  fields: readonly string[]
  patch: () => SettingsPatch
  /** Checks the form before anything is sent; messages are shown next to their fields. */
  validate?: () => FieldErrors
  /** Asked after validation, before anything is saved; false leaves everything as it was. */
  confirm?: (patch: SettingsPatch) => Promise<boolean>
  children: (errors: FieldErrors) => ReactNode
}) {
  const updateSettings = useOrganizationStore((s) => s.updateSettings)
  const saved = useOrganizationStore((s) => s.overview?.settings) as Saved | undefined
  // Engine refusals, shown until the value they were about changes.
  const [errors, setErrors] = useState<FieldErrors>({})
  const [sent, setSent] = useState<Saved>({})
  // Set when Save found problems: from then on the form's own checks follow the typing, so a
  // message goes as soon as its value is fixed.
  const [checking, setChecking] = useState(false)
  const [busy, setBusy] = useState(false)
  const current = props.patch() as Saved
  useReportUnsaved(
    props.title,
    saved !== undefined && Object.entries(current).some(([k, v]) => saved[k] !== v),
  )
  const shown: FieldErrors = {}
  if (checking) {
    for (const [k, v] of Object.entries(props.validate?.() ?? {})) if (v) shown[k] = v
  }
  for (const [k, v] of Object.entries(errors)) {
    if (v && !shown[k] && (!(k in current) || current[k] === sent[k])) shown[k] = v
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const problems = props.validate?.() ?? {}
    if (Object.values(problems).some(Boolean)) {
      setErrors({})
      return setChecking(true)
    }
    setChecking(false)
    setBusy(true)
    setErrors({})
    const patch = props.patch()
    setSent(patch as Saved)
    const go = props.confirm
      ? await submitWithFieldErrors(() => props.confirm!(patch), props.fields, setErrors)
      : true
    if (!go) return setBusy(false)
    const done = await submitWithFieldErrors(
      () => updateSettings(patch).then(() => true),
      props.fields,
      setErrors,
    )
    setBusy(false)
    if (done) notifySuccess(`${props.title} saved`)
  }
  return (
    <Paper withBorder p="md" component="section" aria-label={props.title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {props.title}
          </Title>
          {props.children(shown)}
          <Group>
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
