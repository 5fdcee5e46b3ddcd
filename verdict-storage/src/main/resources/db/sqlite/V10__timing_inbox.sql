-- SQLite twin of db/postgresql/V10__timing_inbox.sql.
CREATE TABLE timing_inbox (
    id         integer PRIMARY KEY,
    suite_id   text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    branch     text    NOT NULL,
    run_id     text    NOT NULL,
    durations  text    NOT NULL,
    created_at integer NOT NULL
);
CREATE INDEX timing_inbox_by_suite ON timing_inbox (suite_id, id);
