import { Button, Group, MultiSelect, SegmentedControl, Text } from '@mantine/core'
import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { MAX_COMPARE } from '../../../../shared/contracts/performance.contract'
import { DateTimeField } from '../../components/DateTimeField'
import { ServiceAccountBadge } from '../../components/MemberBadges'
import { notifySuccess } from '../../lib/errors'
import { isDesktopApp } from '../../lib/ipc'
import { downloadText } from './download'
import { selectQuery, usePerformanceStore } from './performance.store'
import { PRESETS, type Preset } from './range'

const ids = (values: string[]) => values.map(Number)
const strings = (values: number[]) => values.map(String)

/** Who, when and where: members (compare up to five), range presets or custom, scope; export. */
export function PerformanceFilters() {
  const s = usePerformanceStore(
    useShallow((st) => ({
      members: st.members,
      workspaces: st.workspaces,
      projects: st.projects,
      userIds: st.userIds,
      preset: st.preset,
      // Subscribed so the custom pickers re-render with the range they set.
      custom: st.custom,
      workspaceIds: st.workspaceIds,
      projectIds: st.projectIds,
      loading: st.loading,
    })),
  )
  const actions = usePerformanceStore.getState()
  const [refused, setRefused] = useState<string | null>(null)
  // The desktop app saves where its save dialog says; a browser downloads.
  const desktop = isDesktopApp()
  const range = selectQuery(usePerformanceStore.getState())
  const service = new Set(
    s.members.filter((m) => m.kind === 'service').map((m) => String(m.userId)),
  )
  const save = async (format: 'csv' | 'json') => {
    // The desktop app has already saved it where its save dialog said (or the user cancelled).
    const out = await actions.exportReport(format)
    if (out.cancelled) return
    if (out.path) notifySuccess(`Saved ${out.path}`)
    else downloadText(out.text, out.filename, format === 'csv' ? 'text/csv' : 'application/json')
  }
  const onCustom = (which: 'from' | 'to', at: number | undefined) => {
    if (at === undefined) return
    const from = which === 'from' ? at : range.from
    const to = which === 'to' ? at : range.to
    if (to > from) void actions.setCustom(from, to)
  }
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <MultiSelect
        label="Members"
        description={`Up to ${MAX_COMPARE} to compare; none for the whole organization`}
        placeholder={s.userIds.length ? undefined : 'Whole organization'}
        searchable
        clearable
        error={refused}
        miw={280}
        data={s.members
          .filter((m) => !m.deleted)
          .map((m) => ({
            value: String(m.userId),
            label: m.kind === 'service' ? `${m.displayName} (service account)` : m.displayName,
          }))}
        value={strings(s.userIds)}
        onChange={(v) => {
          // A sixth is refused with a reason rather than silently ignored.
          if (v.length > MAX_COMPARE) {
            setRefused(`Compare at most ${MAX_COMPARE} members: remove one to add another`)
            return
          }
          setRefused(null)
          void actions.setMembers(ids(v))
        }}
        renderOption={({ option }) => (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm">{option.label.replace(/ \(service account\)$/, '')}</Text>
            {service.has(option.value) && <ServiceAccountBadge />}
          </Group>
        )}
        comboboxProps={{ withinPortal: false }}
      />
      <div>
        <Text size="sm" fw={500} mb={4} id="perf-range-label">
          Range
        </Text>
        <SegmentedControl
          aria-labelledby="perf-range-label"
          data={PRESETS}
          value={s.preset}
          onChange={(v) => {
            const p = v as Preset
            if (p === 'custom') void actions.setCustom(range.from, range.to)
            else void actions.setPreset(p)
          }}
        />
      </div>
      {s.preset === 'custom' && (
        <>
          <DateTimeField
            label="From"
            withZone
            value={range.from}
            onChange={(v) => onCustom('from', v)}
          />
          <DateTimeField
            label="To (exclusive)"
            withZone
            value={range.to}
            onChange={(v) => onCustom('to', v)}
          />
        </>
      )}
      <MultiSelect
        label="Workspaces"
        placeholder={s.workspaceIds.length ? undefined : 'All'}
        data={s.workspaces.map((w) => ({ value: String(w.id), label: w.title }))}
        value={strings(s.workspaceIds)}
        onChange={(v) => void actions.setScope({ workspaceIds: ids(v) })}
        clearable
        comboboxProps={{ withinPortal: false }}
      />
      <MultiSelect
        label="Projects"
        placeholder={s.projectIds.length ? undefined : 'All'}
        data={s.projects.map((p) => ({ value: String(p.id), label: p.title }))}
        value={strings(s.projectIds)}
        onChange={(v) => void actions.setScope({ projectIds: ids(v) })}
        clearable
        comboboxProps={{ withinPortal: false }}
      />
      <Group gap="xs">
        <Button variant="default" onClick={() => void save('csv')} disabled={s.loading}>
          {desktop ? 'Save CSV…' : 'Download CSV'}
        </Button>
        <Button variant="default" onClick={() => void save('json')} disabled={s.loading}>
          {desktop ? 'Save JSON…' : 'Download JSON'}
        </Button>
      </Group>
    </Group>
  )
}
