-- Test plans (verdict-core dev.verdict.core.plans): the answer given for each identifier, kept as
-- sent so that every node of a build, and a retried job, get the very same plan until it expires.
CREATE TABLE test_plans (
    suite_id    uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    identifier  text   NOT NULL,
    plan        text   NOT NULL, -- the answer, JSON
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    PRIMARY KEY (suite_id, identifier)
);
CREATE INDEX test_plans_by_expiry ON test_plans (expires_at);
