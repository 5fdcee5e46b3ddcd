-- SQLite twin of db/postgresql/V9__test_plan_history.sql.
CREATE TABLE file_timings (
    suite_id     text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch       text    NOT NULL,
    file         text    NOT NULL,
    samples      text    NOT NULL,
    median_ms    integer NOT NULL,
    sample_count integer NOT NULL,
    last_run_id  text    NOT NULL,
    updated_at   integer NOT NULL,
    PRIMARY KEY (suite_id, branch, file)
);

CREATE TABLE plan_history (
    suite_id     text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    identifier   text    NOT NULL,
    created_at   integer NOT NULL,
    branch       text    NOT NULL,
    PRIMARY KEY (suite_id, identifier, created_at)
);
CREATE INDEX plan_history_newest_first ON plan_history (suite_id, created_at DESC, identifier);

CREATE TABLE plan_nodes (
    suite_id      text    NOT NULL,
    identifier    text    NOT NULL,
    created_at    integer NOT NULL,
    node          integer NOT NULL,
    predicted_ms  integer NOT NULL,
    actual_ms     integer,
    reported_at   integer,
    PRIMARY KEY (suite_id, identifier, created_at, node),
    FOREIGN KEY (suite_id, identifier, created_at)
        REFERENCES plan_history (suite_id, identifier, created_at) ON DELETE CASCADE
);
