import type { Migration } from '../migrate'

/**
 * Member performance (DESIGN §7). API usage is read from hourly roll-ups of the activity log so a
 * 90-day dashboard over millions of requests answers in milliseconds; the performance service
 * keeps them up to date lazily (everything after `last_activity_id`), which keeps the request
 * hot path free of triggers. `actor_id` 0 holds the whole organization (including requests
 * with no authenticated actor).
 *
 * Annotations change after the fact (edited, deleted), so their organization-wide hourly counts
 * and lead-time histogram are kept exact by triggers instead; a member's own annotations are few
 * enough to read directly. Histogram buckets: 0 below 1, else 1 + floor(log2(x) * 8).
 * Predictions get the indexes the per-member counts need.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'performance',
  up: `
CREATE TABLE perf_api_hourly (
  organization_id INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  endpoint TEXT NOT NULL,
  method TEXT NOT NULL,
  requests INTEGER NOT NULL,
  s2xx INTEGER NOT NULL,
  s3xx INTEGER NOT NULL,
  s4xx INTEGER NOT NULL,
  s5xx INTEGER NOT NULL,
  imports INTEGER NOT NULL,
  PRIMARY KEY (organization_id, actor_id, hour, endpoint, method)
) STRICT, WITHOUT ROWID;

CREATE TABLE perf_api_latency_hourly (
  organization_id INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (organization_id, actor_id, hour, bucket)
) STRICT, WITHOUT ROWID;

CREATE TABLE perf_rollup_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_activity_id INTEGER NOT NULL
) STRICT;
INSERT INTO perf_rollup_state (id, last_activity_id) VALUES (1, 0);

CREATE TABLE perf_ann_hourly (
  organization_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  project_id INTEGER NOT NULL,
  submitted INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  lead_sum REAL NOT NULL,
  lead_n INTEGER NOT NULL,
  PRIMARY KEY (organization_id, hour, project_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE perf_ann_lead_hourly (
  organization_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (organization_id, hour, bucket)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER perf_ann_added AFTER INSERT ON annotations BEGIN
  INSERT INTO perf_ann_hourly (organization_id, hour, project_id, submitted, skipped, lead_sum, lead_n)
  VALUES (NEW.organization_id, NEW.created_at / 3600000, NEW.project_id, NEW.was_cancelled = 0,
    NEW.was_cancelled, coalesce(NEW.lead_time, 0), NEW.lead_time IS NOT NULL)
  ON CONFLICT DO UPDATE SET submitted = submitted + excluded.submitted,
    skipped = skipped + excluded.skipped, lead_sum = lead_sum + excluded.lead_sum,
    lead_n = lead_n + excluded.lead_n;
  INSERT INTO perf_ann_lead_hourly (organization_id, hour, bucket, n)
  SELECT NEW.organization_id, NEW.created_at / 3600000,
    CASE WHEN NEW.lead_time < 1 THEN 0 ELSE 1 + CAST(floor(log2(NEW.lead_time) * 8) AS INTEGER) END, 1
  WHERE NEW.lead_time IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER perf_ann_removed AFTER DELETE ON annotations BEGIN
  UPDATE perf_ann_hourly SET submitted = submitted - (OLD.was_cancelled = 0),
    skipped = skipped - OLD.was_cancelled, lead_sum = lead_sum - coalesce(OLD.lead_time, 0),
    lead_n = lead_n - (OLD.lead_time IS NOT NULL)
  WHERE organization_id = OLD.organization_id AND hour = OLD.created_at / 3600000
    AND project_id = OLD.project_id;
  UPDATE perf_ann_lead_hourly SET n = n - 1
  WHERE OLD.lead_time IS NOT NULL AND organization_id = OLD.organization_id
    AND hour = OLD.created_at / 3600000
    AND bucket = CASE WHEN OLD.lead_time < 1 THEN 0 ELSE 1 + CAST(floor(log2(OLD.lead_time) * 8) AS INTEGER) END;
END;

CREATE TRIGGER perf_ann_changed
AFTER UPDATE OF organization_id, project_id, was_cancelled, lead_time, created_at ON annotations BEGIN
  UPDATE perf_ann_hourly SET submitted = submitted - (OLD.was_cancelled = 0),
    skipped = skipped - OLD.was_cancelled, lead_sum = lead_sum - coalesce(OLD.lead_time, 0),
    lead_n = lead_n - (OLD.lead_time IS NOT NULL)
  WHERE organization_id = OLD.organization_id AND hour = OLD.created_at / 3600000
    AND project_id = OLD.project_id;
  UPDATE perf_ann_lead_hourly SET n = n - 1
  WHERE OLD.lead_time IS NOT NULL AND organization_id = OLD.organization_id
    AND hour = OLD.created_at / 3600000
    AND bucket = CASE WHEN OLD.lead_time < 1 THEN 0 ELSE 1 + CAST(floor(log2(OLD.lead_time) * 8) AS INTEGER) END;
  INSERT INTO perf_ann_hourly (organization_id, hour, project_id, submitted, skipped, lead_sum, lead_n)
  VALUES (NEW.organization_id, NEW.created_at / 3600000, NEW.project_id, NEW.was_cancelled = 0,
    NEW.was_cancelled, coalesce(NEW.lead_time, 0), NEW.lead_time IS NOT NULL)
  ON CONFLICT DO UPDATE SET submitted = submitted + excluded.submitted,
    skipped = skipped + excluded.skipped, lead_sum = lead_sum + excluded.lead_sum,
    lead_n = lead_n + excluded.lead_n;
  INSERT INTO perf_ann_lead_hourly (organization_id, hour, bucket, n)
  SELECT NEW.organization_id, NEW.created_at / 3600000,
    CASE WHEN NEW.lead_time < 1 THEN 0 ELSE 1 + CAST(floor(log2(NEW.lead_time) * 8) AS INTEGER) END, 1
  WHERE NEW.lead_time IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Work already in the database when this migration runs.
INSERT INTO perf_ann_hourly (organization_id, hour, project_id, submitted, skipped, lead_sum, lead_n)
SELECT organization_id, created_at / 3600000, project_id, sum(was_cancelled = 0), sum(was_cancelled),
  total(lead_time), count(lead_time)
FROM annotations GROUP BY 1, 2, 3;
INSERT INTO perf_ann_lead_hourly (organization_id, hour, bucket, n)
SELECT organization_id, created_at / 3600000,
  CASE WHEN lead_time < 1 THEN 0 ELSE 1 + CAST(floor(log2(lead_time) * 8) AS INTEGER) END, count(*)
FROM annotations WHERE lead_time IS NOT NULL GROUP BY 1, 2, 3;

CREATE INDEX IF NOT EXISTS activity_actor_ts ON activity_entries (actor_id, ts);
CREATE INDEX perf_predictions_member ON predictions (created_by, created_at);
CREATE INDEX perf_predictions_time ON predictions (created_at);
`,
}
