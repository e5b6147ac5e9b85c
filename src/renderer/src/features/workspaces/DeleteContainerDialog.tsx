import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { messageOf, notifySuccess } from '../../lib/errors'
import { useWorkspacesStore } from './workspaces.store'

export interface DeleteTarget {
  kind: 'workspace' | 'project'
  id: number
  title: string
}

/**
 * Confirms deleting a workspace or a project; shows the engine's refusal. A workspace that still
 * has projects is not offered for deletion: the dialog says why, before anything is confirmed.
 */
export function DeleteContainerDialog(props: { target: DeleteTarget; onClose: () => void }) {
  const { target } = props
  const projects = useWorkspacesStore((s) =>
    target.kind === 'workspace'
      ? (s.workspaces.find((w) => w.id === target.id)?.projectCount ?? 0)
      : 0,
  )
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      const s = useWorkspacesStore.getState()
      await (target.kind === 'workspace'
        ? s.deleteWorkspace(target.id)
        : s.deleteProject(target.id))
      notifySuccess(`${target.title} deleted`)
      props.onClose()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened onClose={props.onClose} title={`Delete ${target.kind} “${target.title}”?`}>
      {projects > 0 ? (
        <Stack>
          <Alert color="orange" title="This workspace cannot be deleted yet">
            “{target.title}” still has {projects === 1 ? '1 project' : `${projects} projects`}. Move
            {projects === 1 ? ' it' : ' them'} to another workspace or delete{' '}
            {projects === 1 ? 'it' : 'them'} first; only an empty workspace can be deleted.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" data-autofocus onClick={props.onClose}>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">
            {target.kind === 'workspace'
              ? 'Only an empty workspace can be deleted. Its member list goes with it.'
              : 'The project, its tasks and its member list are removed. Archive it instead to keep them.'}
          </Text>
          {error && (
            <Alert color="red" role="alert" title="Not deleted">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={run}>
              Delete {target.kind}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
