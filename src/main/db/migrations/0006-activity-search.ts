import type { Migration } from '../migrate'

/**
 * The activity log's URL search index: an FTS5 trigram index over `activity_entries.url`, keyed
 * by the entry id, so a keyword that is rare or absent is found without reading the whole log.
 *
 * - Contentless (`content=''`): the URL is already in the log; the index keeps trigrams only.
 *   `contentless_delete=1` lets retention delete an entry's trigrams by id alone.
 * - `detail=none`: no positions, only which ids hold a trigram. Queries AND the trigrams of a
 *   word and re-check the candidates with the exact LIKE, so positions would only cost space.
 * - `case_sensitive 0`: trigrams are case-folded; LIKE folds ASCII only, so the index finds a
 *   superset of what LIKE does and the re-check decides.
 *
 * It is filled in the background (engine/activity/search-index.ts), not by a trigger, so
 * recording a request costs no more than before. `indexed_to` is the high-water mark: every
 * entry with id ≤ it is in the index; queries read the entries above it with LIKE. Entries
 * purged by retention leave the index in the same background job, up to `forgotten_to` (queries
 * join the candidates to the log, so a purged entry is never found meanwhile): deleting from
 * FTS5 inside the purge's own short transactions would trigger index merges there.
 * `automerge` stays on (merges happen a little per chunk written); `deletemerge` is off, as it
 * rewrites a whole level at once when a tenth of it is deleted.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'activity-search',
  up: `
CREATE VIRTUAL TABLE activity_url_fts USING fts5(
  url, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram case_sensitive 0'
);
CREATE TABLE activity_search_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_to INTEGER NOT NULL,
  forgotten_to INTEGER NOT NULL
) STRICT;
INSERT INTO activity_search_state (id, indexed_to, forgotten_to) VALUES (1, 0, 0);
INSERT INTO activity_url_fts (activity_url_fts, rank) VALUES ('deletemerge', 0);
`,
}
