-- Workflows (verdict-core dev.verdict.core.workflows): a suite's monitors and their actions, what
-- each keeps per test, the alarms and recoveries they raised, and the outbox of webhooks and Slack
-- messages those owe. PostgreSQL twin: db/postgresql/V11__workflows.sql.

CREATE TABLE workflows (
    id             text   PRIMARY KEY,
    suite_id       text   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    definition     text   NOT NULL, -- WorkflowSpec.json(): monitor, filters, actions
    secret_sealed  text,            -- the webhook signing secret, sealed (SecretBox); made when first needed
    created_at     integer NOT NULL,
    updated_at     integer NOT NULL
);
CREATE INDEX workflows_by_suite ON workflows (suite_id, created_at);

-- What a workflow keeps of a test: only alarmed tests and windows worth keeping have a row, so a
-- suite of healthy tests has none.
CREATE TABLE workflow_tests (
    workflow_id    text    NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    test_id        text    NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    alarmed        integer NOT NULL,
    window_state   text,            -- transition results (P/F) or durations (ms, comma-separated)
    last_event_at  integer,          -- passed on retry: the newest flip
    quiet          integer  NOT NULL DEFAULT 0, -- passed on retry: executions since
    PRIMARY KEY (workflow_id, test_id)
);

-- Alarms and recoveries, newest last by id (uuid7).
CREATE TABLE workflow_events (
    id             text   PRIMARY KEY,
    workflow_id    text   NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    suite_id       text   NOT NULL,
    test_id        text   NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    kind           text   NOT NULL, -- alarm | recover
    test_name      text   NOT NULL,
    test_location  text,
    detail         text   NOT NULL, -- JSON: what the monitor saw
    actions        text   NOT NULL, -- JSON: what each action did
    created_at     integer NOT NULL
);
CREATE INDEX workflow_events_by_workflow ON workflow_events (workflow_id, id);
CREATE INDEX workflow_events_by_test ON workflow_events (test_id, id);
-- The rate limit counts a workflow's events of the last minute.
CREATE INDEX workflow_events_by_time ON workflow_events (workflow_id, created_at);

-- The outbox: written with the event, sent after the commit. A claim moves next_attempt_at past
-- the attempt, so a server that dies mid-attempt leaves the delivery due again, not lost.
CREATE TABLE workflow_deliveries (
    id               text    PRIMARY KEY,
    event_id         text    NOT NULL REFERENCES workflow_events (id) ON DELETE CASCADE,
    workflow_id      text    NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    kind             text    NOT NULL, -- webhook | slack
    url              text    NOT NULL,
    state            text    NOT NULL, -- pending | delivered | failed
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  integer  NOT NULL,
    last_error       text,
    created_at       integer  NOT NULL,
    delivered_at     integer
);
CREATE INDEX workflow_deliveries_due ON workflow_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX workflow_deliveries_by_workflow ON workflow_deliveries (workflow_id, state);

CREATE TABLE workflow_delivery_attempts (
    delivery_id  text    NOT NULL REFERENCES workflow_deliveries (id) ON DELETE CASCADE,
    attempt      integer NOT NULL,
    at           integer  NOT NULL,
    status       integer,           -- the receiver's HTTP status; null when it gave none
    error        text,
    millis       integer  NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Every suite gets the default workflow, which takes over the flaky label from the judge
-- (WorkflowSpec.defaultFlaky); the tests flaky now start alarmed in it, so they recover.
INSERT INTO workflows (id, suite_id, definition, created_at, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), id,
    '{"name":"Flaky label","monitor":{"type":"flaky"},"filters":[],"alarm_actions":[{"type":"add_label","label":"flaky"}],"recover_actions":[{"type":"remove_label","label":"flaky"}]}',
    created_at, created_at
FROM suites;
INSERT INTO workflow_tests (workflow_id, test_id, alarmed)
SELECT w.id, t.id, 1 FROM tests t JOIN workflows w ON w.suite_id = t.suite_id WHERE t.health = 'flaky';
