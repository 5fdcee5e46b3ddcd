-- SQLite twin of db/postgresql/V6__judgment_version.sql. Raised by every upload that changes a
-- suite's judgment state (tests' health and scores, failure streaks), in the same transaction: a
-- server keeps that state in memory between uploads and reads it again only when this moved on
-- without it (another process, or a rolled-back upload).
ALTER TABLE suites ADD COLUMN judgment_version integer NOT NULL DEFAULT 0;

-- Streaks on a branch without runs for a week close: the judge asks for them on every upload.
CREATE INDEX test_streaks_by_age ON test_streaks (suite_id, last_at);
