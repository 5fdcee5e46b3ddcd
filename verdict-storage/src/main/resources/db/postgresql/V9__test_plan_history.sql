-- Test plans' timings (verdict-core dev.verdict.core.plans FileTiming): each test file's duration
-- in its recent runs, per branch, recorded as uploads are processed. A plan reads one suite and
-- branch's rows, not their executions.
CREATE TABLE file_timings (
    suite_id     uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch       text   NOT NULL, -- '' for runs without one
    file         text   NOT NULL, -- the selector, or the file name as the repository names it
    samples      text   NOT NULL, -- milliseconds a run, newest first, comma-separated
    median_ms    bigint NOT NULL, -- of the samples, kept beside them: what a plan reads
    sample_count integer NOT NULL,
    last_run_id  uuid   NOT NULL, -- the newest sample's run
    updated_at   bigint NOT NULL,
    PRIMARY KEY (suite_id, branch, file)
);

-- Every plan made, kept after its answer expires (test_plans is the one-day cache of answers):
-- each node's predicted duration beside what bktec reported it took (test_plan_metadata), so a
-- suite's plans show how accurate they were. An identifier planned again after its plan expired
-- is another row.
CREATE TABLE plan_history (
    suite_id     uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    identifier   text   NOT NULL,
    created_at   bigint NOT NULL,
    branch       text   NOT NULL, -- as the request named it; '' for none
    PRIMARY KEY (suite_id, identifier, created_at)
);
CREATE INDEX plan_history_newest_first ON plan_history (suite_id, created_at DESC, identifier);

CREATE TABLE plan_nodes (
    suite_id      uuid    NOT NULL,
    identifier    text    NOT NULL,
    created_at    bigint  NOT NULL,
    node          integer NOT NULL,
    predicted_ms  bigint  NOT NULL,
    actual_ms     bigint,           -- null until the node reports
    reported_at   bigint,
    PRIMARY KEY (suite_id, identifier, created_at, node),
    FOREIGN KEY (suite_id, identifier, created_at)
        REFERENCES plan_history (suite_id, identifier, created_at) ON DELETE CASCADE
);
