-- Who moved a test to a quarantine state, when and why: a test's page shows its history, newest
-- first. Written only when the state really changes, so a repeated PUT adds no row.
CREATE TABLE test_state_changes (
    id          uuid PRIMARY KEY,
    test_id     uuid NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    state       text NOT NULL,
    reason      text,
    changed_by  text NOT NULL,
    changed_at  bigint NOT NULL
);
CREATE INDEX test_state_changes_by_test ON test_state_changes (test_id, changed_at);
