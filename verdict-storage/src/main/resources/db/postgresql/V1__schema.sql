-- Verdict's schema for the whole product. Conventions, the same in both dialects:
--   * ids are UUIDv7 made by the application (time-ordered: inserts land at the right edge of the index);
--   * times are epoch milliseconds (bigint), bound from Java, so SQL never depends on a dialect's clock functions;
--   * every row is reachable only through its organization: suites carry organization_id, everything
--     below a suite carries suite_id, and every query starts from a suite found within the caller's organization;
--   * an index exists only where an API query needs it.

CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    slug        text   NOT NULL UNIQUE,
    name        text   NOT NULL,
    created_at  bigint NOT NULL
);

-- API access tokens. The secret is kept only as its SHA-256; the token text names the row by id.
CREATE TABLE access_tokens (
    id               uuid PRIMARY KEY,
    organization_id  uuid   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    secret_hash      bytea  NOT NULL,
    scopes           text   NOT NULL, -- comma-separated wire names: read_suites,write_suites
    description      text,
    created_at       bigint NOT NULL,
    revoked_at       bigint
);

CREATE TABLE suites (
    id                   uuid PRIMARY KEY,
    organization_id      uuid   NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    slug                 text   NOT NULL,
    name                 text   NOT NULL,
    default_branch       text   NOT NULL,
    application_name     text,
    color                text,
    emoji                text,
    oidc_policy          text, -- JSON: a YAML string or an array of statements
    upload_token_id      uuid   NOT NULL UNIQUE,
    upload_token_hash    bytea  NOT NULL,
    upload_token_sealed  text   NOT NULL, -- AES-GCM under the server's secret key, for show_api_token
    created_at           bigint NOT NULL,
    updated_at           bigint NOT NULL,
    CONSTRAINT suites_slug_unique UNIQUE (organization_id, slug)
);
CREATE INDEX suites_by_name ON suites (organization_id, name, id);

-- A run is (suite, run_env.key): every upload with the same key lands in the same run.
CREATE TABLE runs (
    id                uuid PRIMARY KEY,
    suite_id          uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    run_key           text   NOT NULL,
    ci                text,
    branch            text,
    commit_sha        text,
    number            text,
    job_id            text,
    message           text,
    url               text,
    build_id          uuid,
    state             text   NOT NULL, -- running | finished
    result            text   NOT NULL, -- pending | passed | failed | stale
    uploads_pending   integer NOT NULL DEFAULT 0,
    created_at        bigint NOT NULL,
    updated_at        bigint NOT NULL,
    CONSTRAINT runs_key_unique UNIQUE (suite_id, run_key)
);
CREATE INDEX runs_newest_first ON runs (suite_id, created_at DESC, id DESC);
CREATE INDEX runs_by_build ON runs (suite_id, build_id) WHERE build_id IS NOT NULL;

-- The durable ingest queue: an upload is committed here before the client hears 202. A worker
-- claims the oldest queued upload and, in the same transaction, writes its executions and marks it
-- processed, so a crash at any moment leaves it either queued or done: processed exactly once.
CREATE TABLE uploads (
    id            uuid PRIMARY KEY,
    suite_id      uuid    NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    run_id        uuid    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    state         text    NOT NULL, -- queued | processed | failed
    format        text    NOT NULL,
    payload       bytea,            -- the validated results (see verdict-core Payloads), dropped once processed
    queued        integer NOT NULL,
    skipped       integer NOT NULL,
    errors        text    NOT NULL, -- JSON array of strings, as answered to the client
    failure       text,             -- why processing failed (a poison upload)
    attempts      integer NOT NULL DEFAULT 0,
    created_at    bigint  NOT NULL,
    processed_at  bigint
);
CREATE INDEX uploads_queued ON uploads (created_at) WHERE state = 'queued';
CREATE INDEX uploads_by_run ON uploads (run_id);

-- A test's identity is (suite, scope, name); location and file_name are attributes of it.
CREATE TABLE tests (
    id                uuid PRIMARY KEY,
    suite_id          uuid   NOT NULL REFERENCES suites (id) ON DELETE CASCADE,
    scope             text   NOT NULL DEFAULT '',
    name              text   NOT NULL,
    location          text,
    file_name         text,
    state             text   NOT NULL DEFAULT 'enabled', -- enabled | muted | skipped (quarantine)
    state_changed_at  bigint,
    created_at        bigint NOT NULL,
    CONSTRAINT tests_identity UNIQUE (suite_id, scope, name)
);

CREATE TABLE test_labels (
    test_id     uuid   NOT NULL REFERENCES tests (id) ON DELETE CASCADE,
    label       text   NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (test_id, label)
);

-- One test's one result in one run. Immutable apart from its mutable (mut.) tags. The hot table:
-- no foreign keys (each costs a lookup per inserted row; the processor is the only writer and
-- always writes a run and test that exist, and deleting a suite deletes its executions first), and
-- only the indexes the API's queries use. The key is time-ordered, so inserts append.
CREATE TABLE executions (
    id                uuid PRIMARY KEY,
    run_id            uuid    NOT NULL,
    test_id           uuid    NOT NULL,
    upload_id         uuid    NOT NULL,
    result            text    NOT NULL, -- passed | failed | skipped | pending | unknown
    duration          double precision, -- seconds
    failure_reason    text,
    failure_expanded  text,             -- JSON array of {expanded, backtrace}
    location          text,
    file_name         text,
    history           text,             -- JSON: start_at, end_at, duration, children (spans)
    tags              text,             -- JSON flat map: upload tags merged under execution tags
    created_at        bigint  NOT NULL
);
-- A run's executions by result: failed executions, and counts per run.
CREATE INDEX executions_by_run ON executions (run_id, result);

-- Mutable execution tags (mut.*), replaced wholesale by PUT execution-tags.
CREATE TABLE execution_mutable_tags (
    execution_id  uuid NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    key           text NOT NULL,
    value         text NOT NULL,
    PRIMARY KEY (execution_id, key)
);
