import { Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import type { Project, Workspace } from '../../../../shared/contracts/workspaces.contract'
import { notifySuccess, submitWithFieldErrors, type FieldErrors } from '../../lib/errors'
import { useWorkspacesStore } from './workspaces.store'

export type FormTarget =
  | { kind: 'workspace'; item?: Workspace }
  | { kind: 'project'; item?: Project }

/** Creates or edits a workspace or a project (title, description, and a project's workspace). */
export function WorkspaceFormDialog(props: { target: FormTarget; onClose: () => void }) {
  const { target } = props
  const store = useWorkspacesStore.getState()
  const workspaces = useWorkspacesStore((s) => s.workspaces)
  const [title, setTitle] = useState(target.item?.title ?? '')
  const [description, setDescription] = useState(target.item?.description ?? '')
  const [workspaceId, setWorkspaceId] = useState<number | null>(
    target.kind === 'project' ? (target.item?.workspaceId ?? null) : null,
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  const [busy, setBusy] = useState(false)
  const noun = target.kind === 'workspace' ? 'workspace' : 'project'

  const save = (): Promise<void> => {
    const fields = { title, description }
    if (target.kind === 'workspace') {
      return target.item
        ? store.updateWorkspace(target.item.id, fields)
        : store.createWorkspace(fields)
    }
    const p = { ...fields, workspaceId }
    return target.item ? store.updateProject(target.item.id, p) : store.createProject(p)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setErrors({})
    const done = await submitWithFieldErrors(
      () => save().then(() => true),
      ['title', 'description', 'workspaceId'],
      setErrors,
    )
    setBusy(false)
    if (done) {
      notifySuccess(`${title.trim()} saved`)
      props.onClose()
    }
  }

  return (
    <Modal opened onClose={props.onClose} title={target.item ? `Edit ${noun}` : `Create ${noun}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Title"
            withAsterisk
            data-autofocus
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
            autosize
            minRows={2}
          />
          {target.kind === 'project' && (
            <Select
              label="Workspace"
              placeholder="No workspace"
              clearable
              data={workspaces.map((w) => ({ value: String(w.id), label: w.title }))}
              value={workspaceId === null ? null : String(workspaceId)}
              onChange={(v) => setWorkspaceId(v === null ? null : Number(v))}
              error={errors.workspaceId}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {target.item ? 'Save' : `Create ${noun}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
