import type { Migration } from '../migrate'

/**
 * The core schema: every entity of DESIGN §3. Times are integer milliseconds since the epoch
 * (UTC); JSON columns hold text. Activity rows carry no foreign keys on purpose: the log must
 * outlive the rows it mentions and its inserts sit on every request's hot path.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'core',
  up: `
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  created_by INTEGER,
  seat_limit INTEGER NOT NULL DEFAULT 10 CHECK (seat_limit >= 0),
  service_account_quota INTEGER NOT NULL DEFAULT 1 CHECK (service_account_quota >= 0),
  api_keys_enabled INTEGER NOT NULL DEFAULT 1 CHECK (api_keys_enabled IN (0, 1)),
  pats_enabled INTEGER NOT NULL DEFAULT 0 CHECK (pats_enabled IN (0, 1)),
  token_max_lifetime_days INTEGER CHECK (token_max_lifetime_days IS NULL OR token_max_lifetime_days > 0),
  activity_retention_days INTEGER NOT NULL DEFAULT 180 CHECK (activity_retention_days > 0),
  api_enabled INTEGER NOT NULL DEFAULT 1 CHECK (api_enabled IN (0, 1)),
  api_host TEXT NOT NULL DEFAULT '127.0.0.1',
  api_port INTEGER NOT NULL DEFAULT 8080 CHECK (api_port BETWEEN 0 AND 65535),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('human', 'service')),
  password_hash TEXT CHECK (kind = 'human' OR password_hash IS NULL),
  created_at INTEGER NOT NULL,
  last_activity INTEGER
) STRICT;
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);
CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

CREATE TABLE memberships (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('OW', 'AD', 'MA', 'RE', 'AN', 'NO', 'DI')),
  user_type TEXT NOT NULL CHECK (user_type IN ('standard', 'service')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  UNIQUE (organization_id, user_id)
) STRICT;
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE service_accounts (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- The name case-folded by the engine (serviceAccountNameKey): NOCASE folds only ASCII, and
  -- names may be in any script.
  name_key TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  deleted_at INTEGER,
  deleted_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX service_accounts_name ON service_accounts (organization_id, name_key);
-- Last line of defence for the uniqueness rule; the reservation of deleted names is the engine's.
CREATE UNIQUE INDEX service_accounts_live_name ON service_accounts (organization_id, name_key)
  WHERE deleted_at IS NULL;

CREATE TABLE workspaces (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  color TEXT NOT NULL DEFAULT '#888888',
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived_at INTEGER
) STRICT;
CREATE INDEX workspaces_org ON workspaces (organization_id);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  workspace_id INTEGER REFERENCES workspaces (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  label_config TEXT NOT NULL DEFAULT '<View></View>',
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  archived_at INTEGER
) STRICT;
CREATE INDEX projects_org ON projects (organization_id);
CREATE INDEX projects_workspace ON projects (workspace_id);

CREATE TABLE workspace_members (
  workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX workspace_members_user ON workspace_members (user_id);

CREATE TABLE project_members (
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (project_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_members_user ON project_members (user_id);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}',
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tasks_project ON tasks (project_id, id);

CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  completed_by INTEGER NOT NULL REFERENCES users (id),
  result TEXT NOT NULL DEFAULT '[]',
  was_cancelled INTEGER NOT NULL DEFAULT 0 CHECK (was_cancelled IN (0, 1)),
  ground_truth INTEGER NOT NULL DEFAULT 0 CHECK (ground_truth IN (0, 1)),
  lead_time REAL CHECK (lead_time IS NULL OR lead_time >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX annotations_task ON annotations (task_id);
CREATE INDEX annotations_member_time ON annotations (completed_by, created_at);
CREATE INDEX annotations_org_time ON annotations (organization_id, created_at);

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  annotation_id INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  reviewer_id INTEGER NOT NULL REFERENCES users (id),
  action TEXT NOT NULL CHECK (action IN ('accepted', 'rejected', 'fixed_accepted')),
  agreement REAL CHECK (agreement IS NULL OR (agreement >= 0 AND agreement <= 1)),
  lead_time REAL CHECK (lead_time IS NULL OR lead_time >= 0),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX reviews_annotation ON reviews (annotation_id, created_at);
CREATE INDEX reviews_member_time ON reviews (reviewer_id, created_at);
CREATE INDEX reviews_org_time ON reviews (organization_id, created_at);

CREATE TABLE predictions (
  id INTEGER PRIMARY KEY,
  task_id INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  result TEXT NOT NULL DEFAULT '[]',
  score REAL,
  model_version TEXT NOT NULL DEFAULT '',
  created_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX predictions_task ON predictions (task_id);
CREATE INDEX predictions_project ON predictions (project_id, id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  kind TEXT NOT NULL CHECK (kind IN ('api_key', 'pat')),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  display TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  revoked_reason TEXT,
  last_used_at INTEGER,
  last_used_ip TEXT,
  last_used_user_agent TEXT
) STRICT;
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (hash);
CREATE INDEX api_tokens_user ON api_tokens (user_id, revoked_at);

CREATE TABLE quota_requests (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100),
  reason TEXT NOT NULL,
  requested_by INTEGER NOT NULL REFERENCES users (id),
  requested_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
  decided_by INTEGER REFERENCES users (id),
  decided_at INTEGER,
  decision_note TEXT
) STRICT;
CREATE INDEX quota_requests_org ON quota_requests (organization_id, status);

CREATE TABLE activity_entries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('api', 'admin')),
  actor_id INTEGER,
  actor_email TEXT,
  token_id INTEGER,
  ip TEXT,
  user_agent TEXT,
  method TEXT,
  url TEXT,
  status INTEGER,
  duration_ms REAL,
  project_id INTEGER,
  workspace_id INTEGER,
  action TEXT,
  target_user_id INTEGER,
  details TEXT,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL
) STRICT;
CREATE INDEX activity_ts ON activity_entries (ts);
`,
}
