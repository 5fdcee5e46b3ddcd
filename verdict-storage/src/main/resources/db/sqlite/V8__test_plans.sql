-- SQLite twin of db/postgresql/V8__test_plans.sql.
CREATE TABLE test_plans (
    suite_id    text    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    identifier  text    NOT NULL,
    plan        text    NOT NULL,
    created_at  integer NOT NULL,
    expires_at  integer NOT NULL,
    PRIMARY KEY (suite_id, identifier)
);
CREATE INDEX test_plans_by_expiry ON test_plans (expires_at);
