import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { CopyValueButton } from '../../components/CopyValueButton'
import { isDesktopApp } from '../../lib/ipc'
import { formatDateTime } from '../../lib/format'
import { invitationLink, selectIssuedInvitation, useTeamStore, type TeamState } from './team.store'

/**
 * Shows a freshly issued invitation link exactly once. Like a new API token, it cannot be
 * dismissed until the Owner confirms they copied it; closing forgets it.
 */
export function InvitationLinkDialog(props: { onClosed?: () => void }) {
  const issued = useTeamStore(selectIssuedInvitation)
  const clearIssued = useTeamStore((s) => s.clearIssued)
  const clear = () => {
    clearIssued()
    props.onClosed?.()
  }
  return (
    <Modal
      opened={issued !== null}
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={issued?.reset ? 'Sign-in reset: new invitation' : 'Invitation link'}
      size="lg"
    >
      {issued && <LinkPanel key={issued.token} issued={issued} onClose={clear} />}
    </Modal>
  )
}

function LinkPanel(props: { issued: NonNullable<TeamState['issued']>; onClose: () => void }) {
  const [confirmed, setConfirmed] = useState(false)
  const desktop = isDesktopApp()
  const link = invitationLink(props.issued.token, desktop ? null : window.location.origin)
  const who = props.issued.member
  return (
    <Stack>
      <Text size="sm">
        Send this link to <strong>{who.displayName}</strong> ({who.email}). With it they choose
        their password and can then sign in as an Administrator.
      </Text>
      <Code block aria-label="Invitation link" style={{ wordBreak: 'break-all' }}>
        {link}
      </Code>
      <Group>
        <CopyValueButton value={link} label="Copy link" />
      </Group>
      {desktop && (
        <Text size="sm" c="dimmed">
          Put the shared Tessera host’s address (the one `serve` answers on) in front of it.
        </Text>
      )}
      <Alert color="yellow" title="This link will not be shown again">
        It works once, until {formatDateTime(props.issued.expiresAt)} (48 hours). Send it over a
        channel you trust; anyone holding it can set this person’s password. Tessera keeps only a
        hash; if it is lost, issue a new invitation.
      </Alert>
      <Checkbox
        label="I have copied the link"
        checked={confirmed}
        onChange={(e) => setConfirmed(e.currentTarget.checked)}
      />
      <Group justify="flex-end">
        <Button disabled={!confirmed} onClick={props.onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  )
}
