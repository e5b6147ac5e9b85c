import { Button, Group, PasswordInput, Select, Stack, TextInput, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { StreamDestination } from '../../../../shared/contracts/streams.contract'
import { fieldErrorOf, notifyError, notifySuccess, type FieldErrors } from '../../lib/errors'
import { useStreamsStore } from './streams.store'

type Kind = StreamDestination['kind']

const KINDS: { value: Kind; label: string }[] = [
  { value: 'syslog', label: 'Syslog (RFC 5424) over TCP or TLS' },
  { value: 'otlp', label: 'OpenTelemetry (OTLP/HTTP)' },
  { value: 'splunk', label: 'Splunk HTTP Event Collector' },
  { value: 'http', label: 'HTTPS JSON lines (Datadog, Elastic, Vector, Fluent Bit)' },
]

const PLACEHOLDER: Record<Kind, string> = {
  syslog: 'tls://logs.example.com:6514',
  otlp: 'https://collector.example.com:4318',
  splunk: 'https://splunk.example.com:8088',
  http: 'https://http-intake.logs.datadoghq.eu/api/v2/logs',
}

/** "Name: value" lines, as a header file holds them. */
function headersOf(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue
    const colon = line.indexOf(':')
    out[colon > 0 ? line.slice(0, colon).trim() : line] =
      colon > 0 ? line.slice(colon + 1).trim() : ''
  }
  return Object.keys(out).length ? out : undefined
}

/** The Owner's form to add a stream; secrets typed here are never shown again. */
export function AddStreamForm(props: { onDone: () => void }) {
  const add = useStreamsStore((s) => s.add)
  const [name, setName] = useState('')
  const [kind, setKind] = useState<Kind>('syslog')
  const [url, setUrl] = useState('')
  const [ca, setCa] = useState('')
  const [token, setToken] = useState('')
  const [headers, setHeaders] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)

  function destination(): StreamDestination {
    switch (kind) {
      case 'syslog':
        return { kind, url, ...(ca.trim() ? { caPem: ca } : {}) }
      case 'splunk':
        return { kind, url, token }
      case 'otlp':
      case 'http': {
        const h = headersOf(headers)
        return { kind, url, ...(h ? { headers: h } : {}) }
      }
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    try {
      const s = await add({ name, target: destination() })
      notifySuccess(`Log stream “${s.name}” added`)
      props.onDone()
    } catch (err) {
      const field = fieldErrorOf(err, ['name', 'url', 'caPem', 'token', 'headers'])
      if (field) setErrors(field)
      else notifyError(err, 'The stream was not added')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Add a log stream">
      <Stack>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          maw={320}
        />
        <Select
          label="Destination"
          data={KINDS}
          value={kind}
          allowDeselect={false}
          onChange={(v) => v && setKind(v as Kind)}
          maw={480}
        />
        <TextInput
          label="Address"
          required
          placeholder={PLACEHOLDER[kind]}
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={errors.url}
          maw={480}
        />
        {kind === 'syslog' && (
          <Textarea
            label="CA certificate to trust (PEM, for tls://)"
            description="Leave empty to trust the system's certificate authorities."
            autosize
            minRows={2}
            maxRows={6}
            value={ca}
            onChange={(e) => setCa(e.currentTarget.value)}
            error={errors.caPem}
          />
        )}
        {kind === 'splunk' && (
          <PasswordInput
            label="HEC token"
            description="Stored encrypted where the system allows it; never shown again."
            required
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            error={errors.token}
            maw={480}
          />
        )}
        {(kind === 'http' || kind === 'otlp') && (
          <Textarea
            label="Headers (one “Name: value” a line)"
            description="For an API key header. Values are never shown again."
            autosize
            minRows={2}
            value={headers}
            onChange={(e) => setHeaders(e.currentTarget.value)}
            error={errors.headers}
          />
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Add stream
          </Button>
          <Button variant="default" onClick={props.onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
