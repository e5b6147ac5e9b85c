import type { Migration } from '../migrate'

// Recomputes one annotation's outcome row from its reviews: the latest review's action (ties
// broken by id, as the per-member query does) and the mean score of all its reviews (accept 1,
// reject 0, fix+accept = agreement; unknown agreement unscored). No row without a review.
const REFRESH = (id: string) => `
  DELETE FROM perf_ann_outcome WHERE annotation_id = ${id};
  INSERT INTO perf_ann_outcome (annotation_id, organization_id, created_at, project_id, was_cancelled, action, score)
  SELECT a.id, a.organization_id, a.created_at, a.project_id, a.was_cancelled,
    (SELECT r.action FROM reviews r WHERE r.annotation_id = a.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1),
    (SELECT avg(CASE r.action WHEN 'accepted' THEN 1.0 WHEN 'rejected' THEN 0.0 ELSE r.agreement END)
     FROM reviews r WHERE r.annotation_id = a.id)
  FROM annotations a WHERE a.id = ${id} AND EXISTS (SELECT 1 FROM reviews r WHERE r.annotation_id = a.id);`

/**
 * Member performance, second step.
 *
 * The API roll-up catches up in the background in small chunks, newest traffic first: the
 * backlog found at start-up (a large log after an upgrade) becomes the gap (gap_from, gap_to]
 * of activity ids, filled from its top while new entries keep being rolled up after
 * `last_activity_id`. An empty gap is 0, 0.
 *
 * The organization's outcomes (each reviewed annotation's latest review and mean score) are
 * kept per annotation by triggers, like the hourly annotation counts, so the dashboard reads
 * one covering index range instead of sorting the range's reviews by annotation and looking
 * each annotation up. Reviews change rarely and one at a time; each change recomputes its
 * annotation's row from that annotation's few reviews.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'performance-catchup',
  up: `
ALTER TABLE perf_rollup_state ADD COLUMN gap_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE perf_rollup_state ADD COLUMN gap_to INTEGER NOT NULL DEFAULT 0;
CREATE TABLE perf_ann_outcome (
  annotation_id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  was_cancelled INTEGER NOT NULL,
  action TEXT NOT NULL,
  score REAL
) STRICT;
CREATE INDEX perf_ann_outcome_time ON perf_ann_outcome (organization_id, created_at, was_cancelled, project_id, action, score);
CREATE TRIGGER perf_outcome_review_added AFTER INSERT ON reviews BEGIN${REFRESH('NEW.annotation_id')}
END;
CREATE TRIGGER perf_outcome_review_removed AFTER DELETE ON reviews BEGIN${REFRESH('OLD.annotation_id')}
END;
CREATE TRIGGER perf_outcome_review_changed
AFTER UPDATE OF annotation_id, action, agreement, created_at ON reviews BEGIN${REFRESH('OLD.annotation_id')}${REFRESH('NEW.annotation_id')}
END;
CREATE TRIGGER perf_outcome_annotation_changed
AFTER UPDATE OF organization_id, created_at, project_id, was_cancelled ON annotations BEGIN${REFRESH('NEW.id')}
END;
CREATE TRIGGER perf_outcome_annotation_removed AFTER DELETE ON annotations BEGIN
  DELETE FROM perf_ann_outcome WHERE annotation_id = OLD.id;
END;
-- Reviews already in the database when this migration runs.
INSERT INTO perf_ann_outcome (annotation_id, organization_id, created_at, project_id, was_cancelled, action, score)
SELECT a.id, a.organization_id, a.created_at, a.project_id, a.was_cancelled,
  (SELECT r.action FROM reviews r WHERE r.annotation_id = a.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1),
  s.score
FROM (SELECT annotation_id,
        avg(CASE action WHEN 'accepted' THEN 1.0 WHEN 'rejected' THEN 0.0 ELSE agreement END) AS score
      FROM reviews GROUP BY annotation_id) s
JOIN annotations a ON a.id = s.annotation_id;
`,
}
