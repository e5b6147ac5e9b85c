import { MultiSelect } from '@mantine/core'
import type { Project, Workspace } from '../../../shared/contracts/workspaces.contract'

export interface AssignmentValue {
  workspaceIds: number[]
  projectIds: number[]
}

export const NO_ASSIGNMENTS: AssignmentValue = { workspaceIds: [], projectIds: [] }

const toValues = (a: AssignmentValue) => [
  ...a.workspaceIds.map((id) => `w:${id}`),
  ...a.projectIds.map((id) => `p:${id}`),
]

function fromValues(values: string[]): AssignmentValue {
  const pick = (prefix: string) =>
    values.filter((v) => v.startsWith(prefix)).map((v) => Number(v.slice(prefix.length)))
  return { workspaceIds: pick('w:'), projectIds: pick('p:') }
}

/** One searchable multi-select over workspaces and projects (a workspace covers its projects). */
export function AssignmentPicker(props: {
  workspaces: Workspace[]
  projects: Project[]
  value: AssignmentValue
  onChange: (value: AssignmentValue) => void
  required?: boolean
  error?: string
}) {
  const workspaceTitle = new Map(props.workspaces.map((w) => [w.id, w.title]))
  const data = [
    {
      group: 'Workspaces',
      items: props.workspaces.map((w) => ({ value: `w:${w.id}`, label: w.title })),
    },
    {
      group: 'Projects',
      items: props.projects.map((p) => ({
        value: `p:${p.id}`,
        label: p.workspaceId
          ? `${p.title} (${workspaceTitle.get(p.workspaceId) ?? 'workspace'})`
          : p.title,
      })),
    },
  ].filter((g) => g.items.length > 0)
  return (
    <MultiSelect
      label="Workspaces and projects"
      description="Access is limited to these; a workspace includes all of its projects."
      placeholder={data.length ? 'Pick workspaces or projects' : 'No workspaces or projects yet'}
      data={data}
      value={toValues(props.value)}
      onChange={(values) => props.onChange(fromValues(values))}
      searchable
      clearable
      withAsterisk={props.required}
      error={props.error}
      nothingFoundMessage="Nothing matches"
    />
  )
}
