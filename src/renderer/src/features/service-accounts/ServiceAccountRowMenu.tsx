import { ActionIcon, Menu } from '@mantine/core'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { undeleteWindowOpen } from '../../lib/format'
import { useGo } from '../navigation/useGo'
import { useServiceAccountsStore } from './service-accounts.store'

/** Everything one can do to one service account. */
export function ServiceAccountRowMenu(props: { account: ServiceAccount }) {
  const { account } = props
  const openDialog = useServiceAccountsStore((s) => s.openDialog)
  const navigate = useGo()
  const userId = account.userId
  const deleted = account.status === 'deleted'
  const windowClosed = deleted && !undeleteWindowOpen(account.undeleteUntil)
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          aria-label={`Actions for ${account.name}`}
          data-account-menu={account.name}
        >
          <span aria-hidden>⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {!deleted && (
          <>
            <Menu.Item onClick={() => openDialog({ kind: 'changeRole', userId })}>
              Change role
            </Menu.Item>
            <Menu.Item
              disabled={account.role === 'AD'}
              title={
                account.role === 'AD' ? 'Administrators reach the whole organization' : undefined
              }
              onClick={() => openDialog({ kind: 'assignments', userId })}
            >
              Edit workspaces & projects
            </Menu.Item>
            <Menu.Item onClick={() => openDialog({ kind: 'networks', userId })}>
              Network allowlist
            </Menu.Item>
          </>
        )}
        <Menu.Item onClick={() => openDialog({ kind: 'explain', userId })}>
          What can this token do?
        </Menu.Item>
        <Menu.Item onClick={() => navigate('performance', { userId })}>
          View Member Performance
        </Menu.Item>
        <Menu.Item onClick={() => navigate('activity', { userId })}>View Activity Log</Menu.Item>
        <Menu.Divider />
        {deleted ? (
          <Menu.Item
            disabled={windowClosed}
            title={windowClosed ? 'The 30-day undelete window has closed' : undefined}
            onClick={() => openDialog({ kind: 'undelete', userId })}
          >
            Undelete
          </Menu.Item>
        ) : (
          <>
            <Menu.Item
              color="orange"
              c="orange"
              onClick={() => openDialog({ kind: 'resetToken', userId })}
            >
              Reset Token
            </Menu.Item>
            <Menu.Item color="red" c="red" onClick={() => openDialog({ kind: 'delete', userId })}>
              Delete
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
