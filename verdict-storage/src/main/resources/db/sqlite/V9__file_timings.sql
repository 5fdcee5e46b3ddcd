-- SQLite twin of db/postgresql/V9__file_timings.sql.
CREATE TABLE file_timings (
    suite_id     text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch       text    NOT NULL,
    file         text    NOT NULL,
    samples      text    NOT NULL,
    last_run_id  text    NOT NULL,
    updated_at   integer NOT NULL,
    PRIMARY KEY (suite_id, branch, file)
);
