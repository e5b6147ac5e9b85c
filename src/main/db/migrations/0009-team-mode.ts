import type { Migration } from '../migrate'

/**
 * Several administrators on one shared host: one-time invitations with which a person sets
 * their password (only a SHA-256 of the link's secret is stored, so a copy of the database
 * cannot accept an invitation); an optional second factor (TOTP) per person, with recovery
 * codes kept only as SHA-256, and the Owner's setting that requires it for everyone who signs
 * in; and a version on each service account so that two administrators editing the same account
 * see a conflict instead of the last write winning.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'team-mode',
  up: `
CREATE TABLE admin_invitations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id INTEGER NOT NULL REFERENCES organizations (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  token_hash BLOB NOT NULL CHECK (length(token_hash) = 32),
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
  accepted_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE UNIQUE INDEX admin_invitations_hash ON admin_invitations (token_hash);
CREATE INDEX admin_invitations_user ON admin_invitations (user_id);

CREATE TABLE user_totp (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- Null while enrolment waits for the first code.
  enabled_at INTEGER,
  -- The time step of the last accepted code: each code works once.
  last_time_step INTEGER
) STRICT;
CREATE TABLE totp_recovery_codes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users (id),
  code_hash BLOB NOT NULL CHECK (length(code_hash) = 32),
  used_at INTEGER
) STRICT;
CREATE INDEX totp_recovery_codes_user ON totp_recovery_codes (user_id);
ALTER TABLE organizations ADD COLUMN require_totp INTEGER NOT NULL DEFAULT 0 CHECK (require_totp IN (0, 1));

ALTER TABLE service_accounts ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0);
-- Every path that changes an account's role, assignments or deletion (admin UI, REST API, CLI,
-- a second process on the same file) moves its version, so none can be missed by a service.
CREATE TRIGGER service_account_version_role AFTER UPDATE OF role, deleted_at ON memberships
  WHEN NEW.user_type = 'service'
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = NEW.user_id; END;
CREATE TRIGGER service_account_version_deleted AFTER UPDATE OF deleted_at ON service_accounts
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = NEW.user_id; END;
CREATE TRIGGER service_account_version_ws_add AFTER INSERT ON workspace_members
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = NEW.user_id; END;
CREATE TRIGGER service_account_version_ws_remove AFTER DELETE ON workspace_members
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = OLD.user_id; END;
CREATE TRIGGER service_account_version_project_add AFTER INSERT ON project_members
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = NEW.user_id; END;
CREATE TRIGGER service_account_version_project_remove AFTER DELETE ON project_members
  BEGIN UPDATE service_accounts SET version = version + 1 WHERE user_id = OLD.user_id; END;
`,
}
