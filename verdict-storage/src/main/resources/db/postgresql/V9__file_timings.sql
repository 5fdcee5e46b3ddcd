-- Test plans' timings (verdict-core dev.verdict.core.plans FileTiming): each test file's duration
-- in its recent runs, per branch, recorded as uploads are processed. A plan reads one suite and
-- branch's rows, not their executions.
CREATE TABLE file_timings (
    suite_id     uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch       text   NOT NULL, -- '' for runs without one
    file         text   NOT NULL, -- the selector, or the file name as the repository names it
    samples      text   NOT NULL, -- milliseconds a run, newest first, comma-separated
    last_run_id  uuid   NOT NULL, -- the newest sample's run
    updated_at   bigint NOT NULL,
    PRIMARY KEY (suite_id, branch, file)
);
