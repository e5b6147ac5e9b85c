import { Alert } from '@mantine/core'
import type { ActivityLogSize } from '../../../../shared/contracts/organization.contract'
import { budgetWarning } from './activity-log-size'

/** Shown on the Organization and Settings screens from 80 % of the log's size budget. */
export function ActivityLogSizeAlert(props: { size: ActivityLogSize | undefined }) {
  const warning = props.size ? budgetWarning(props.size) : null
  if (!warning) return null
  return (
    <Alert
      color={props.size!.state === 'full' ? 'red' : 'yellow'}
      title={warning.title}
      role="alert"
    >
      {warning.message}
    </Alert>
  )
}
