import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { Member } from '../../../../shared/contracts/members.contract'
import { ROLE_LABELS } from '../../../../shared/roles'
import { messageOf } from '../../lib/errors'
import { InvitationLinkDialog } from '../team/InvitationLinkDialog'
import { useTeamStore } from '../team/team.store'
import { useMembersStore } from './members.store'

/**
 * The Owner makes a person an Administrator (if they are not one yet) and creates their
 * invitation link; for someone who already signs in, this resets their sign-in.
 */
export function InviteToSignInDialog(props: { member: Member; onClose: () => void }) {
  const { member } = props
  const issueInvitation = useTeamStore((s) => s.issueInvitation)
  const issued = useTeamStore((s) => s.issued)
  const reload = useMembersStore((s) => s.load)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const promote = member.role !== 'AD'
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      await issueInvitation(member.userId, false)
      await reload()
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  if (issued) return <InvitationLinkDialog onClosed={props.onClose} />
  return (
    <Modal opened onClose={props.onClose} title={`Invite ${member.displayName} to sign in?`}>
      <Stack>
        <Text size="sm">
          {promote
            ? `${member.displayName} becomes an Administrator (now ${ROLE_LABELS[member.role]}) and `
            : `${member.displayName} `}
          gets a one-time link, valid for 48 hours, to choose a password for the shared Tessera. Any
          earlier password, invitation and session of theirs stops working.
        </Text>
        {error && (
          <Alert color="red" role="alert" title="No invitation created">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button loading={busy} onClick={run}>
            {promote ? 'Make Administrator and invite' : 'Create invitation'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
