import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { HTTP_METHODS, type ActivityFilter } from '../../../../shared/contracts/activity.contract'
import type { Member } from '../../../../shared/contracts/members.contract'
import type { Project, Workspace } from '../../../../shared/contracts/workspaces.contract'
import { DateTimeField } from '../../components/DateTimeField'
import { MemberPicker } from '../../components/MemberPicker'
import { call } from '../../lib/ipc'
import { filterProblem, useActivityStore } from './activity.store'

/** The URL search applies this long after the last keystroke (Enter applies it at once). */
export const SEARCH_DEBOUNCE_MS = 300

const STATUS = [
  { value: '2', label: '2xx success' },
  { value: '3', label: '3xx redirect' },
  { value: '4', label: '4xx client error' },
  { value: '5', label: '5xx server error' },
]

/** The pickers' choices: members (people and service accounts), projects, workspaces. */
function useChoices() {
  const [members, setMembers] = useState<Member[]>([])
  const [projects, setProjects] = useState<Project[]>([])
  const [workspaces, setWorkspaces] = useState<Workspace[]>([])
  useEffect(() => {
    // Choices are a convenience: the log still works when one of these lists fails.
    call('members:list').then(setMembers, () => {})
    call('projects:list', { includeArchived: true }).then(setProjects, () => {})
    call('workspaces:list', { includeArchived: true }).then(setWorkspaces, () => {})
  }, [])
  return { members, projects, workspaces }
}

/** Every filter of the viewer; each change reloads the list from the newest entry. */
export function ActivityFilterBar() {
  const { filter, patchFilter, setFilter } = useActivityStore(
    useShallow((s) => ({ filter: s.filter, patchFilter: s.patchFilter, setFilter: s.setFilter })),
  )
  const { members, projects, workspaces } = useChoices()
  // Admin actions are done by people (the Owner and Administrators who signed in).
  const people = members.filter((m) => m.kind === 'human')
  const [search, setSearch] = useState(filter.search ?? '')
  // The box follows the filter when it changes elsewhere (Clear filters): React's "adjust state
  // on prop change" pattern, not an effect.
  const [shownFor, setShownFor] = useState(filter.search)
  if (shownFor !== filter.search) {
    setShownFor(filter.search)
    setSearch(filter.search ?? '')
  }
  const patch = (p: Partial<ActivityFilter>) => void patchFilter(p)
  const num = (v: string | null) => (v === null ? undefined : Number(v))
  const commitSearch = (text = search) => {
    const next = text.trim() || undefined
    if (next !== useActivityStore.getState().filter.search) patch({ search: next })
  }
  // Applied as the admin types, like every other filter, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      const next = search.trim() || undefined
      if (next !== useActivityStore.getState().filter.search) {
        void useActivityStore.getState().patchFilter({ search: next })
      }
    }, SEARCH_DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [search])
  const rangeError = filterProblem(filter) ? 'Must be later than From' : undefined

  return (
    <SimpleGrid
      cols={{ base: 1, sm: 2, lg: 4 }}
      spacing="sm"
      role="search"
      aria-label="Activity filters"
    >
      <MemberPicker
        label="User"
        members={members}
        value={filter.userId ?? null}
        onChange={(userId) => patch({ userId: userId ?? undefined })}
      />
      <MemberPicker
        label="Done by"
        members={people}
        value={filter.actorId ?? null}
        onChange={(actorId) => patch({ actorId: actorId ?? undefined })}
      />
      <Select
        label="Project"
        placeholder="Any project"
        searchable
        clearable
        data={projects.map((p) => ({ value: String(p.id), label: p.title }))}
        value={filter.projectId === undefined ? null : String(filter.projectId)}
        onChange={(v) => patch({ projectId: num(v) })}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label="Workspace"
        placeholder="Any workspace"
        clearable
        data={workspaces.map((w) => ({ value: String(w.id), label: w.title }))}
        value={filter.workspaceId === undefined ? null : String(filter.workspaceId)}
        onChange={(v) => patch({ workspaceId: num(v) })}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label="Method"
        placeholder="Any method"
        clearable
        data={[...HTTP_METHODS]}
        value={filter.method ?? null}
        onChange={(v) => patch({ method: (v ?? undefined) as ActivityFilter['method'] })}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        data={STATUS}
        value={filter.statusClass === undefined ? null : String(filter.statusClass)}
        onChange={(v) => patch({ statusClass: num(v) as ActivityFilter['statusClass'] })}
        comboboxProps={{ withinPortal: false }}
      />
      <Select
        label="Kind"
        placeholder="API requests and admin actions"
        clearable
        data={[
          { value: 'api', label: 'API requests' },
          { value: 'admin', label: 'Admin actions' },
          { value: 'summary', label: 'Refused requests (summaries)' },
        ]}
        value={filter.summary ? 'summary' : (filter.kind ?? null)}
        onChange={(v) =>
          patch(
            v === 'summary'
              ? { kind: undefined, summary: true }
              : { kind: (v ?? undefined) as ActivityFilter['kind'], summary: undefined },
          )
        }
        comboboxProps={{ withinPortal: false }}
      />
      <DateTimeField
        label="From"
        withZone
        clearable
        value={filter.from}
        onChange={(from) => patch({ from })}
      />
      <DateTimeField
        label="To"
        withZone
        clearable
        value={filter.to}
        onChange={(to) => patch({ to })}
        error={rangeError}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault()
          commitSearch()
        }}
        style={{ gridColumn: 'span 2' }}
      >
        <TextInput
          label="Search URL"
          description="Words in the URL. AND binds tighter than OR: projects AND import OR whoami"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          onBlur={() => commitSearch()}
        />
      </form>
      <Group align="flex-end">
        {filter.tokenId !== undefined && (
          <Button variant="light" size="xs" onClick={() => patch({ tokenId: undefined })}>
            Token {filter.tokenId} ✕
          </Button>
        )}
        <Button variant="subtle" onClick={() => void setFilter({})}>
          Clear filters
        </Button>
      </Group>
    </SimpleGrid>
  )
}
