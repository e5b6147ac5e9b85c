import { NumberInput, Text } from '@mantine/core'
import { useState } from 'react'
import {
  BUDGET_MB,
  type OrganizationOverview,
} from '../../../../shared/contracts/organization.contract'
import { selectIsOwner, useAuthStore } from '../auth/auth.store'
import { ActivityLogSizeAlert } from '../organization/ActivityLogSizeAlert'
import { sizeText } from '../organization/activity-log-size'
import { SettingsSection } from './SettingsSection'

function budgetProblem(mb: number | string): string | undefined {
  const n = typeof mb === 'number' ? mb : Number(mb)
  if (mb === '' || !Number.isInteger(n) || n < BUDGET_MB.min || n > BUDGET_MB.max) {
    return `Enter ${BUDGET_MB.min} to ${BUDGET_MB.max.toLocaleString('en-US')} MB`
  }
  return undefined
}

/** The activity log's size budget, next to retention, with the size the log has now. */
export function ActivityBudgetSettings(props: { overview: OrganizationOverview }) {
  const saved = props.overview.settings.activityBudgetMb
  const [mb, setMb] = useState<number | string>(saved)
  const isOwner = useAuthStore(selectIsOwner)
  // Absent from an older host's answer: show the budget without a size.
  const size = props.overview.activityLog as OrganizationOverview['activityLog'] | undefined
  return (
    <SettingsSection
      title="Activity log size"
      fields={['activityBudgetMb']}
      validate={() => ({ activityBudgetMb: budgetProblem(mb) })}
      patch={() => ({ activityBudgetMb: Number(mb) })}
    >
      {(errors) => (
        <>
          <Text size="sm" aria-label="Current activity log size">
            Now: {size ? sizeText(size) : 'unknown'}
          </Text>
          <ActivityLogSizeAlert size={size} />
          <NumberInput
            maw={320}
            label="Size budget (MB)"
            description={
              'At 80 % a warning appears; at 100 % the local API fails closed (503) until the ' +
              'budget is raised. Nothing is deleted to make room.' +
              (isOwner ? '' : ' Only the Owner can lower it.')
            }
            allowDecimal={false}
            clampBehavior="none"
            value={mb}
            onChange={setMb}
            error={errors.activityBudgetMb}
          />
        </>
      )}
    </SettingsSection>
  )
}
