import type { Migration } from '../migrate'

/**
 * Log streams: up to three destinations per organization that receive the activity log. The
 * cursor (`cursor_id`, the last entry the receiver acknowledged) lives here so a restart or a
 * killed process resumes delivery exactly where it stopped. Secrets (a HEC token, header
 * values) are kept sealed in `secret`, never read back by any screen or command.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'log-streams',
  up: `
CREATE TABLE log_streams (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  kind TEXT NOT NULL CHECK (kind IN ('syslog', 'otlp', 'splunk', 'http')),
  url TEXT NOT NULL,
  ca_pem TEXT,
  secret BLOB,
  secret_scheme TEXT NOT NULL DEFAULT 'none' CHECK (secret_scheme IN ('none', 'plain', 'safeStorage')),
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  cursor_id INTEGER NOT NULL DEFAULT 0 CHECK (cursor_id >= 0),
  delivered_at INTEGER,
  failing_since INTEGER,
  last_error TEXT,
  last_error_at INTEGER,
  state_logged TEXT,
  state_logged_at INTEGER,
  gap_from INTEGER,
  gap_to INTEGER,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX log_streams_name ON log_streams (organization_id, name COLLATE NOCASE);
`,
}
