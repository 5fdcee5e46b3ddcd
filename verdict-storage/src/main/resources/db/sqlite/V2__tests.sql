-- Tests, flaky detection, quarantine and execution tags (the Tests API). SQLite twin of
-- db/postgresql/V2__tests.sql.

-- Mutable (mut.*) tags live on the execution as one JSON map, replaced wholesale by PUT
-- execution-tags: reading them back (failed executions, tag filters) needs no join, and ingest
-- writes nothing for them.
DROP TABLE execution_mutable_tags;
ALTER TABLE executions ADD COLUMN mutable_tags text;
-- What the test printed (JUnit's system-out and system-err), JSON {stdout, stderr}, cut to the
-- server's limit.
ALTER TABLE executions ADD COLUMN output text;

-- A run's executions by result, now with the test: failed executions of a run, and the flaky rule's
-- "did this test pass (or fail) in these runs" answered from the index alone.
DROP INDEX executions_by_run;
CREATE INDEX executions_by_run ON executions (run_id, result, test_id);
-- No index by test: one keyed by test takes each upload's rows to thousands of index pages
-- (measured: ingest 52k -> 21k executions/s). A test's executions are reached through the runs of
-- the window instead: every execution of a run is created between the run's created_at and its
-- updated_at, so runs_by_update finds the runs a window can hold.
CREATE INDEX runs_by_update ON runs (suite_id, updated_at);
-- The rollup finds the runs an hour can hold across suites.
CREATE INDEX runs_by_time ON runs (updated_at);

-- The flaky rule looks for other runs of the same commit.
CREATE INDEX runs_by_commit ON runs (suite_id, commit_sha) WHERE commit_sha IS NOT NULL;

-- The flaky rule's state per test (see verdict-core FlakyRule): when it last saw the test pass and
-- fail on one commit (null when not flaky), executions since then, and when the label last went.
ALTER TABLE tests ADD COLUMN flaky_at integer;
ALTER TABLE tests ADD COLUMN flaky_executions integer NOT NULL DEFAULT 0;
ALTER TABLE tests ADD COLUMN flaky_resolved_at integer;
CREATE INDEX tests_flaky ON tests (suite_id) WHERE flaky_at IS NOT NULL;
CREATE INDEX tests_quarantined ON tests (suite_id, state, scope, name) WHERE state <> 'enabled';

CREATE INDEX test_labels_by_label ON test_labels (label, test_id);

-- One row per test and commit on which the test both passed and failed (per run when the run has no
-- commit): the instances of the legacy flaky-tests API.
CREATE TABLE flaky_events (
    test_id        text    NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    suite_id       text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    commit_key     text    NOT NULL, -- the commit sha, or run:<id> for a run without one
    branch         text,
    first_seen_at  integer NOT NULL,
    last_seen_at   integer NOT NULL,
    PRIMARY KEY (test_id, commit_key)
);
CREATE INDEX flaky_events_by_suite ON flaky_events (suite_id, last_seen_at);

-- A suite's TESTOWNERS file as last uploaded (POST /v1/test-ownerships).
CREATE TABLE suite_test_owners (
    suite_id     text PRIMARY KEY REFERENCES suites (id) ON DELETE CASCADE,
    content      text NOT NULL,
    uploaded_at  integer NOT NULL
);

-- Owners of a test (team slugs), from the suite's TESTOWNERS file: worked out when the file is
-- uploaded, and for each new or moved test as its upload is processed.
CREATE TABLE test_owners (
    test_id  text NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    team     text NOT NULL,
    PRIMARY KEY (test_id, team)
);

-- Each test's executions per hour (and per day) and branch, rolled up once an hour can no longer
-- change (see verdict-core Rollup), so a week of metrics reads a few rows per test instead of every
-- execution. Executions of the hours not rolled up yet, and the partial hours at a window's edges,
-- are read from executions.
CREATE TABLE test_rollups (
    suite_id      text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    span          integer  NOT NULL, -- the bucket's length in milliseconds: an hour or a day
    start         integer  NOT NULL, -- the bucket's start, epoch milliseconds
    branch        text    NOT NULL, -- the run's branch; '' for a run without one
    test_id       text    NOT NULL,
    passed        integer NOT NULL,
    failed        integer NOT NULL,
    skipped       integer NOT NULL,
    pending       integer NOT NULL,
    unknown       integer NOT NULL,
    timed         integer NOT NULL, -- executions with a duration
    duration_sum  real,
    duration_min  real,
    duration_max  real,
    PRIMARY KEY (suite_id, span, start, branch, test_id)
);
-- One test's metrics (GET tests/{id}).
CREATE INDEX test_rollups_by_test ON test_rollups (test_id, span, start);

-- Every hour before rolled_to is in test_rollups, and every whole day before it. One row.
CREATE TABLE rollup_state (
    id         integer PRIMARY KEY,
    rolled_to  integer NOT NULL
);
