import type { Migration } from '../migrate'

/**
 * The activity log's size budget (MB, default 10 GB) on the organization, and an index for the
 * viewer's "refusal summaries" filter: summaries are few, so a partial index over them alone
 * keeps that filter a short ordered range however large the log.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'activity-budget',
  up: `
ALTER TABLE organizations ADD COLUMN activity_budget_mb INTEGER NOT NULL DEFAULT 10240 CHECK (activity_budget_mb > 0);
CREATE INDEX activity_summaries ON activity_entries (ts, id) WHERE action = 'refusal.summary';
`,
}
