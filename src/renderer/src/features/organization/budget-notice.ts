import { notifications } from '@mantine/notifications'
import { budgetWarning } from './activity-log-size'
import { useOrganizationStore } from './organization.store'

const NOTICE_ID = 'activity-log-budget'

/**
 * A notification whenever the activity log's size moves into warning (80 %) or full (100 %),
 * wherever the operator is; it goes away when the budget is raised. Returns the unbind function.
 */
export function watchActivityBudget(): () => void {
  let shown: string | null = null
  return useOrganizationStore.subscribe((s) => {
    const size = s.overview?.activityLog
    if (!size) return
    const warning = budgetWarning(size)
    if (!warning) {
      if (shown) notifications.hide(NOTICE_ID)
      shown = null
      return
    }
    if (shown === size.state) return
    shown = size.state
    notifications.show({
      id: NOTICE_ID,
      color: size.state === 'full' ? 'red' : 'yellow',
      title: warning.title,
      message: warning.message,
      autoClose: false,
    })
  })
}
