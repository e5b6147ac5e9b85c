// Owned by the performance work (issue 6).
export function PerformancePage(props: { userId?: number }) {
  return <p>Member performance{props.userId ? ` for member ${props.userId}` : ''} is coming.</p>
}
