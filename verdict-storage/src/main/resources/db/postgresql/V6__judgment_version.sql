-- Raised by every upload that changes a suite's judgment state (tests' health and scores, failure
-- streaks), in the same transaction: a server keeps that state in memory between uploads and reads
-- it again only when this moved on without it (another server, or a rolled-back upload).
ALTER TABLE suites ADD COLUMN judgment_version bigint NOT NULL DEFAULT 0;
