import type { Migration } from '../migrate'

/**
 * Serve-mode sign-in: admin sessions (only a SHA-256 of the session id is stored, so a copy of
 * the database does not let anyone take over a browser session) and sign-in throttling, kept in
 * the database so restarting the server does not reset an attacker's counter.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'admin-sessions',
  up: `
CREATE TABLE admin_sessions (
  id INTEGER PRIMARY KEY,
  id_hash BLOB NOT NULL CHECK (length(id_hash) = 32),
  user_id INTEGER NOT NULL REFERENCES users (id),
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  idle_expires_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip TEXT,
  user_agent TEXT,
  ended_at INTEGER
) STRICT;
CREATE UNIQUE INDEX admin_sessions_hash ON admin_sessions (id_hash);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at INTEGER NOT NULL,
  locked_until INTEGER
) STRICT, WITHOUT ROWID;
`,
}
