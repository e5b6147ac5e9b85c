// Owned by the activity-log work (issue 5).
export function ActivityLogPage(props: { userId?: number }) {
  return <p>Activity log{props.userId ? ` for member ${props.userId}` : ''} is coming.</p>
}
