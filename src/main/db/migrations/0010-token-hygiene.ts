import type { Migration } from '../migrate'

/**
 * Token hygiene. A token replaced by a reset may stay valid until `grace_until` (the reset is
 * still its `revoked_at`: everything that lists live tokens sees only the new one, and the
 * grace is decided by the clock at each verification, so no job has to end it). A service
 * account may name the networks its tokens are accepted from (`allowed_networks`, a JSON array
 * of addresses and CIDR ranges; NULL accepts any source). The Owner's rule "deactivate service
 * accounts unused for N days" is `stale_account_days` (NULL: off, the default), applied in the
 * name of the Owner who set it (`stale_rule_by`).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'token-hygiene',
  up: `
ALTER TABLE api_tokens ADD COLUMN grace_until INTEGER;
ALTER TABLE organizations ADD COLUMN stale_account_days INTEGER CHECK (stale_account_days IS NULL OR stale_account_days > 0);
ALTER TABLE organizations ADD COLUMN stale_rule_by INTEGER REFERENCES users (id);
ALTER TABLE service_accounts ADD COLUMN allowed_networks TEXT CHECK (allowed_networks IS NULL OR json_valid(allowed_networks));
`,
}
