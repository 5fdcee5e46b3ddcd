-- SQLite twin of db/postgresql/V5__judgment.sql. Judgment (verdict-core dev.verdict.core.judgment): each test's health, the evidence behind it,
-- failure streaks per branch, and what kind each failure was. Written as uploads are processed;
-- rows exist only for tests with something to say, so a passing upload of healthy tests writes
-- none of it.

-- What a failed execution was judged to be: infrastructure | flaky | broken | new. Null for the
-- other results, and for failures processed before judgment existed.
ALTER TABLE executions ADD COLUMN failure_kind text;

-- The normalized reason of an outage seen in this run (the infrastructure guard): later uploads of
-- the run that fail for the same reason are infrastructure too.
ALTER TABLE runs ADD COLUMN infrastructure_reason text;

-- A test's health: flaky or broken; null is healthy (new when first seen in the last 7 days).
ALTER TABLE tests ADD COLUMN health text;
ALTER TABLE tests ADD COLUMN health_since integer;
-- The flakiness score's inputs: failures on good code (weighted) and executions counted; the score
-- itself is worked out from them when read (verdict-core Flakiness), so counting an upload's
-- executions is one statement for many tests. No failures: no flaky evidence to weigh.
ALTER TABLE tests ADD COLUMN score_failures real NOT NULL DEFAULT 0;
ALTER TABLE tests ADD COLUMN score_executions integer NOT NULL DEFAULT 0;
-- Tests the judge keeps an eye on: every upload counts their executions toward recovery.
DROP INDEX tests_flaky;
CREATE INDEX tests_watched ON tests (suite_id) WHERE score_failures > 0 OR health IS NOT NULL;

-- Tests flagged by the classic rule before: flaky, with one failure on good code.
UPDATE tests SET health = 'flaky', health_since = flaky_at, score_failures = 1,
    score_executions = flaky_executions WHERE flaky_at IS NOT NULL;

-- A test failing on a branch since its last pass there: one row per test and branch while it lasts.
CREATE TABLE test_streaks (
    test_id         text    NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    suite_id        text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch          text    NOT NULL, -- '' for runs without one
    started_run_id  text    NOT NULL,
    started_commit  text,
    started_at      integer  NOT NULL,
    last_run_id     text    NOT NULL,
    last_at         integer  NOT NULL,
    runs            integer NOT NULL, -- runs it failed in
    attempts        integer NOT NULL, -- failed executions
    reason          text,             -- the first failure's reason, first line, as sent
    varied          integer NOT NULL DEFAULT 0, -- whether a later failure gave another
    broken_at       integer,           -- when the streak made the test broken
    PRIMARY KEY (test_id, branch)
);
CREATE INDEX test_streaks_by_branch ON test_streaks (suite_id, branch);

-- Why a test's health is what it is: one row per signal, newest first.
CREATE TABLE test_evidence (
    id            text   PRIMARY KEY,
    test_id       text   NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    suite_id      text   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    signal        text   NOT NULL,
    health        text   NOT NULL, -- the test's health once this was weighed
    branch        text,
    commit_sha    text,
    run_id        text,
    execution_id  text,
    detail        text   NOT NULL,
    created_at    integer NOT NULL
);
CREATE INDEX test_evidence_by_test ON test_evidence (test_id, id);
