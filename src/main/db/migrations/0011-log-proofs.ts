import type { Migration } from '../migrate'

/**
 * What lets the activity log prove itself.
 *
 * - `activity_chain_segments`: the parts of the chain, each from its first entry id: a part
 *   chained with plain SHA-256 (`key_id` NULL, every entry written before this version) or
 *   with HMAC-SHA-256 under the installation key named by `key_id` (the key itself is never
 *   stored here). `prev_hash` is the hash the part continues from: the checkpoint where it
 *   begins. This migration records the SHA-256 part; the keyed part's row is written with
 *   its first entry.
 * - `activity_tree_*`: an append-only RFC 9162 Merkle tree over every entry after `tree_base`
 *   (the newest id when this migration ran): leaf index = id − tree_base − 1. Subtrees of 256
 *   leaves and more are stored, so a proof never rebuilds the tree; smaller ones are hashed
 *   from the entries. Leaf hashes of purged entries that a stored subtree does not cover are
 *   kept at level 0, so proofs of the entries that survive a purge still work.
 * - `activity_signed_checkpoints`: signed tree heads (C2SP signed notes) with their fields.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'log-proofs',
  up: `
CREATE TABLE activity_chain_segments (
  first_id INTEGER PRIMARY KEY,
  key_id TEXT,
  prev_hash BLOB NOT NULL,
  started_at INTEGER NOT NULL
) STRICT;
INSERT INTO activity_chain_segments (first_id, key_id, prev_hash, started_at)
  VALUES (1, NULL, zeroblob(32), CAST(unixepoch('subsec') * 1000 AS INTEGER));
CREATE TABLE activity_tree_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tree_base INTEGER NOT NULL,
  anchor_path TEXT
) STRICT;
INSERT INTO activity_tree_state (id, tree_base) VALUES (1, max(
  coalesce((SELECT max(id) FROM activity_entries), 0),
  coalesce((SELECT last_id FROM activity_checkpoints WHERE id = 1), 0)));
CREATE TABLE activity_tree_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;
CREATE TABLE activity_signed_checkpoints (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  tree_size INTEGER NOT NULL,
  last_id INTEGER NOT NULL,
  root BLOB NOT NULL,
  chain_hash BLOB NOT NULL,
  ts INTEGER NOT NULL,
  note TEXT NOT NULL
) STRICT;
CREATE INDEX activity_signed_checkpoints_size ON activity_signed_checkpoints (tree_size);
`,
}
