import type { Migration } from '../migrate'

/**
 * Indexes for every filter of the activity viewer. Each starts with its filter column, then
 * (ts, id) — the viewer's order, so a first page is one index range read newest first that
 * stops after a page, never a sort — then the other filterable columns. Those trailing
 * columns let SQLite test the remaining filters on the index entry before it fetches the row:
 * a rare combination (one account's POSTs to one project) skips non-matching entries at
 * index speed instead of a table lookup each. Nullable columns get partial indexes (`= ?`
 * implies NOT NULL); the status class index is on the same expression the queries use. The
 * checkpoint is where the hash chain resumes after retention purges.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'activity-indexes',
  up: `
-- Supersedes the performance migration's narrow (actor_id, ts) index: same leading columns,
-- so its queries keep their plan, but SQLite would otherwise prefer the narrow one for the
-- viewer and fetch a row for every entry of a busy account.
DROP INDEX IF EXISTS activity_actor_ts;
CREATE INDEX activity_actor_cover ON activity_entries (actor_id, ts, id, organization_id, token_id, project_id, workspace_id, method, status, kind) WHERE actor_id IS NOT NULL;
CREATE INDEX activity_target ON activity_entries (target_user_id, ts) WHERE target_user_id IS NOT NULL;
CREATE INDEX activity_token ON activity_entries (token_id, ts, id, organization_id, actor_id, project_id, workspace_id, method, status, kind) WHERE token_id IS NOT NULL;
CREATE INDEX activity_project ON activity_entries (project_id, ts, id, organization_id, actor_id, token_id, workspace_id, method, status, kind) WHERE project_id IS NOT NULL;
CREATE INDEX activity_workspace ON activity_entries (workspace_id, ts, id, organization_id, actor_id, token_id, project_id, method, status, kind) WHERE workspace_id IS NOT NULL;
CREATE INDEX activity_method ON activity_entries (method, ts, id, organization_id, actor_id, token_id, project_id, workspace_id, status, kind) WHERE method IS NOT NULL;
CREATE INDEX activity_status_class ON activity_entries (status / 100, ts, id, organization_id, actor_id, token_id, project_id, workspace_id, method, status, kind);
CREATE INDEX activity_kind ON activity_entries (kind, ts, id, organization_id, actor_id, token_id, project_id, workspace_id, method, status);

CREATE TABLE activity_checkpoints (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_id INTEGER NOT NULL,
  last_hash BLOB NOT NULL CHECK (length(last_hash) = 32),
  purged_total INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;
`,
}
