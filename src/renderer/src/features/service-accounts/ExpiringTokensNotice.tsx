import { Alert, List } from '@mantine/core'
import type { ServiceAccount } from '../../../../shared/contracts/service-accounts.contract'
import { EXPIRY_WARNING_DAYS, expiresSoon } from '../../../../shared/rotation'
import { formatDateTime } from '../../lib/format'

/** The accounts whose token stops working within the warning window, soonest first. */
export const expiringAccounts = (accounts: readonly ServiceAccount[], now = Date.now()) =>
  accounts
    .filter((a) => a.status !== 'deleted' && a.token && expiresSoon(a.token.expiresAt, now))
    .sort((a, b) => a.token!.expiresAt! - b.token!.expiresAt!)

/** Names the service accounts whose token expires within 7 days, so they are reset in time. */
export function ExpiringTokensNotice(props: { accounts: readonly ServiceAccount[] }) {
  const expiring = expiringAccounts(props.accounts)
  if (expiring.length === 0) return null
  const n = expiring.length
  return (
    <Alert
      color="orange"
      title={`${n} service account ${n === 1 ? 'token expires' : 'tokens expire'} within ${EXPIRY_WARNING_DAYS} days`}
    >
      <List size="sm">
        {expiring.map((a) => (
          <List.Item key={a.userId}>
            {a.name}: {formatDateTime(a.token!.expiresAt)}
          </List.Item>
        ))}
      </List>
      Reset their tokens (with a grace period, if a pipeline uses them) before then.
    </Alert>
  )
}
