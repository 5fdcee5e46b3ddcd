package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.Json;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Payloads;
import dev.verdict.core.ingest.Retries;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadStatus;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.runs.RunEnv;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunStatus;
import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.storage.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

public final class JdbcUploadStore implements UploadStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcUploadStore.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /** Test identities looked up per query: well under both engines' limits on bound parameters. */
    private static final int LOOKUP_CHUNK = 500;

    private record Claimed(UUID id, UUID suiteId, UUID runId, byte[] payload, long createdAt) {}

    private record TestKey(String scope, String name) {}

    /** A test as last written: its id, and the location the upsert would otherwise rewrite. */
    private record KnownTest(UUID id, String location, String fileName) {}

    /**
     * Test ids by suite and identity. A suite's tests are the same from run to run, so once known
     * an upload of them writes and looks up no tests at all. Entries go in only after their
     * transaction commits (never an id that was rolled back); an id never changes while its suite
     * exists, and a deleted suite's entries are unreachable (a new suite has a new id). Bounded:
     * cleared when full, and refilled from the database as uploads come.
     */
    private final Map<UUID, Map<TestKey, KnownTest>> knownTests = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicInteger knownCount =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_KNOWN_TESTS = 200_000;

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final Failures failures;

    public JdbcUploadStore(Jdbi jdbi, Writer writer, Dialect dialect, Failures failures) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.failures = failures;
    }

    @Override
    public Queued enqueue(UUID suiteId, ParsedUpload upload, byte[] payload, Instant now) {
        RunEnv env = upload.runEnv();
        String key = env.key().orElseThrow(() -> new IllegalArgumentException("an upload needs run_env[key]"));
        long millis = now.toEpochMilli();
        Queued queued = writer.inTransaction(h -> {
            // Concurrent uploads of one run: the unique (suite_id, run_key) makes them agree on one
            // row, and the row lock below applies their lifecycle changes one after another.
            h.createUpdate("INSERT INTO runs (id, suite_id, run_key, ci, branch, commit_sha, number, job_id, message,"
                            + " url, build_id, state, result, uploads_pending, created_at, updated_at) VALUES (:id,"
                            + " :suite, :key, :ci, :branch, :commit_sha, :number, :job_id, :message, :url, :build_id,"
                            + " :state, :result, 0, :now, :now) ON CONFLICT (suite_id, run_key) DO NOTHING")
                    .bind("id", Ids.uuid7(millis).toString())
                    .bind("suite", suiteId.toString())
                    .bind("key", key)
                    .bind("ci", env.ci().orElse(null))
                    .bind("branch", env.get("branch").orElse(null))
                    .bind("commit_sha", env.get("commit_sha").orElse(null))
                    .bind("number", env.get("number").orElse(null))
                    .bind("job_id", env.get("job_id").orElse(null))
                    .bind("message", env.get("message").orElse(null))
                    .bind("url", env.get("url").orElse(null))
                    .bind("build_id", env.buildId().map(UUID::toString).orElse(null))
                    .bind("state", RunLifecycle.NEW.state().wireName())
                    .bind("result", RunLifecycle.NEW.result().wireName())
                    .bind("now", millis)
                    .execute();
            var run = h.createQuery("SELECT id, state, result, uploads_pending FROM runs WHERE suite_id = :suite"
                            + " AND run_key = :key" + dialect.forUpdate())
                    .bind("suite", suiteId.toString())
                    .bind("key", key)
                    .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "id"), RunRows.status(rs)))
                    .one();
            UUID runId = run.getKey();
            RunRows.update(h, runId, RunLifecycle.uploadQueued(run.getValue()), millis);
            UUID uploadId = Ids.uuid7(millis);
            h.createUpdate("INSERT INTO uploads (id, suite_id, run_id, state, format, payload, queued, skipped, errors,"
                            + " created_at, due_at) VALUES (:id, :suite, :run, 'queued', :format, :payload, :queued,"
                            + " :skipped, :errors, :now, :now)")
                    .bind("id", uploadId.toString())
                    .bind("suite", suiteId.toString())
                    .bind("run", runId.toString())
                    .bind("format", upload.format())
                    .bind("payload", payload)
                    .bind("queued", upload.results().size())
                    .bind("skipped", upload.skipped())
                    .bind("errors", Json.MAPPER.writeValueAsString(upload.errors()))
                    .bind("now", millis)
                    .execute();
            return new Queued(uploadId, runId);
        });
        failures.uploadStored();
        return queued;
    }

    @Override
    public Processing processNext(Instant now, Retries retries) {
        AtomicReference<Claimed> claimed = new AtomicReference<>();
        Map<TestKey, KnownTest> learned = new HashMap<>();
        try {
            Processing done = writer.inTransaction(h -> {
                Optional<Claimed> next = h.createQuery("SELECT id, suite_id, run_id, payload, created_at FROM uploads"
                                + " WHERE state = 'queued' AND due_at <= :now ORDER BY due_at, id LIMIT 1"
                                + dialect.forUpdateSkipLocked())
                        .bind("now", now.toEpochMilli())
                        .map((rs, ctx) -> new Claimed(
                                Rows.uuid(rs, "id"),
                                Rows.uuid(rs, "suite_id"),
                                Rows.uuid(rs, "run_id"),
                                rs.getBytes("payload"),
                                rs.getLong("created_at")))
                        .findOne();
                if (next.isEmpty()) {
                    return Processing.IDLE;
                }
                claimed.set(next.get());
                process(h, next.get(), now.toEpochMilli(), learned);
                return Processing.PROCESSED;
            });
            if (!learned.isEmpty()) {
                remember(claimed.get().suiteId(), learned);
                assignOwners(claimed.get().suiteId(), learned);
            }
            return done;
        } catch (RuntimeException e) {
            RuntimeException failure = failures.translate(e);
            Claimed upload = claimed.get();
            if (upload == null || failure instanceof StorageUnavailable) {
                throw failure;
            }
            recordFailure(upload, e, retries, now.toEpochMilli());
            return Processing.FAILED;
        }
    }

    private void process(Handle h, Claimed upload, long now, Map<TestKey, KnownTest> learned) {
        List<TestResult> results = Payloads.read(upload.payload());
        Map<TestKey, UUID> tests = upsertTests(h, upload.suiteId(), results, upload.createdAt(), learned);
        insertExecutions(h, upload, results, tests);
        Map<UUID, FlakyDetection.Seen> seen = new HashMap<>();
        for (TestResult r : results) {
            seen.computeIfAbsent(tests.get(new TestKey(r.scope(), r.name())), id -> new FlakyDetection.Seen())
                    .add(r.result());
        }
        FlakyDetection.apply(h, dialect, upload.suiteId(), upload.runId(), seen, now);
        RunStatus run = lockRun(h, upload.runId());
        RunRows.update(h, upload.runId(), RunLifecycle.uploadProcessed(run, UploadStore.outcome(results)), now);
        // processed_at says when the executions became queryable, so it is read after the writes,
        // not when processing began (the commit follows at once).
        h.createUpdate("UPDATE uploads SET state = 'processed', payload = NULL, processed_at = :now WHERE id = :id")
                .bind("now", Math.max(now, System.currentTimeMillis()))
                .bind("id", upload.id().toString())
                .execute();
    }

    private static final int COPY_CHUNK = 64 << 10;
    private static final String EXECUTION_COLUMNS = "id, run_id, test_id, upload_id, result, duration, failure_reason,"
            + " failure_expanded, location, file_name, history, tags, created_at, output";

    /**
     * The hot insert. PostgreSQL takes the rows through {@code COPY}, SQLite as a plain JDBC batch
     * with positional parameters: per row, binding by name cost more CPU than the write itself.
     */
    private void insertExecutions(Handle h, Claimed upload, List<TestResult> results, Map<TestKey, UUID> tests) {
        if (results.isEmpty()) {
            return;
        }
        try {
            if (dialect == Dialect.POSTGRESQL) {
                copyExecutions(h, upload, results, tests);
            } else {
                batchExecutions(h, upload, results, tests);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing executions failed: " + e.getMessage(), e);
        }
    }

    private static void batchExecutions(Handle h, Claimed upload, List<TestResult> results, Map<TestKey, UUID> tests)
            throws SQLException {
        String run = upload.runId().toString();
        String uploadId = upload.id().toString();
        TagsJson tagsJson = new TagsJson();
        try (PreparedStatement insert = h.getConnection()
                .prepareStatement("INSERT INTO executions (" + EXECUTION_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TestResult r : results) {
                insert.setString(1, Ids.uuid7(upload.createdAt()).toString());
                insert.setString(2, run);
                insert.setString(3, tests.get(new TestKey(r.scope(), r.name())).toString());
                insert.setString(4, uploadId);
                insert.setString(5, r.result().wireName());
                if (r.duration() == null) {
                    insert.setNull(6, Types.DOUBLE);
                } else {
                    insert.setDouble(6, r.duration());
                }
                insert.setString(7, r.failureReason());
                insert.setString(8, r.failureExpanded());
                insert.setString(9, r.location());
                insert.setString(10, r.fileName());
                insert.setString(11, r.history());
                insert.setString(12, tagsJson.of(r.tags()));
                insert.setLong(13, upload.createdAt());
                insert.setString(14, r.output());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * CSV for COPY (text quoted with inner quotes doubled; an empty unquoted field is NULL), sent in
     * chunks as it is made, so an upload's rows are never held as one large string.
     */
    private static void copyExecutions(Handle h, Claimed upload, List<TestResult> results, Map<TestKey, UUID> tests)
            throws SQLException {
        org.postgresql.copy.CopyIn copy = h.getConnection()
                .unwrap(org.postgresql.PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY executions (" + EXECUTION_COLUMNS + ") FROM STDIN WITH (FORMAT csv)");
        try {
            StringBuilder csv = new StringBuilder(COPY_CHUNK + 8192);
            TagsJson tagsJson = new TagsJson();
            String fixed = "," + upload.runId() + ",";
            String uploadPart = "," + upload.id() + ",";
            for (TestResult r : results) {
                csv.append(Ids.uuid7(upload.createdAt()))
                        .append(fixed)
                        .append(tests.get(new TestKey(r.scope(), r.name())))
                        .append(uploadPart)
                        .append(r.result().wireName())
                        .append(',');
                if (r.duration() != null) {
                    csv.append(r.duration().doubleValue());
                }
                csv.append(',');
                quoted(csv, r.failureReason()).append(',');
                quoted(csv, r.failureExpanded()).append(',');
                quoted(csv, r.location()).append(',');
                quoted(csv, r.fileName()).append(',');
                quoted(csv, r.history()).append(',');
                quoted(csv, tagsJson.of(r.tags()))
                        .append(',')
                        .append(upload.createdAt())
                        .append(',');
                quoted(csv, r.output()).append('\n');
                if (csv.length() >= COPY_CHUNK) {
                    send(copy, csv);
                }
            }
            send(copy, csv);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(org.postgresql.copy.CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        return csv.append('"');
    }

    /**
     * Tags as stored, JSON or null. The results of one upload usually all carry the same tags (the
     * upload's), so the last one's JSON is kept and reused while they repeat.
     */
    private static final class TagsJson {
        private Map<String, String> last;
        private String json;

        String of(Map<String, String> tags) {
            if (!tags.equals(last)) {
                last = tags;
                json = tags.isEmpty() ? null : Json.MAPPER.writeValueAsString(tags);
            }
            return json;
        }
    }

    /**
     * Creates the tests this upload names for the first time, and keeps the location of the others
     * current; returns every identity's id. Tests already known with the same location are not
     * touched. Identities are de-duplicated first: a batch that names one key twice is refused by
     * PostgreSQL's rewritten multi-row insert.
     */
    private Map<TestKey, UUID> upsertTests(
            Handle h, UUID suiteId, List<TestResult> results, long now, Map<TestKey, KnownTest> learned) {
        Map<TestKey, KnownTest> known = knownTests.getOrDefault(suiteId, Map.of());
        Map<TestKey, UUID> ids = new HashMap<>();
        Map<TestKey, TestResult> changed = new LinkedHashMap<>();
        for (TestResult r : results) {
            TestKey key = new TestKey(r.scope(), r.name());
            KnownTest test = known.get(key);
            if (test != null
                    && java.util.Objects.equals(test.location(), r.location())
                    && java.util.Objects.equals(test.fileName(), r.fileName())) {
                ids.put(key, test.id());
            } else {
                changed.put(key, r);
            }
        }
        if (changed.isEmpty()) {
            return ids;
        }
        PreparedBatch upsert = h.prepareBatch("INSERT INTO tests (id, suite_id, scope, name, location, file_name,"
                + " created_at) VALUES (:id, :suite, :scope, :name, :location, :file_name, :now)"
                + " ON CONFLICT (suite_id, scope, name) DO UPDATE SET location = excluded.location,"
                + " file_name = excluded.file_name WHERE tests.location IS DISTINCT FROM excluded.location"
                + " OR tests.file_name IS DISTINCT FROM excluded.file_name");
        for (Map.Entry<TestKey, TestResult> test : changed.entrySet()) {
            upsert.bind("id", Ids.uuid7(now).toString())
                    .bind("suite", suiteId.toString())
                    .bind("scope", test.getKey().scope())
                    .bind("name", test.getKey().name())
                    .bind("location", test.getValue().location())
                    .bind("file_name", test.getValue().fileName())
                    .bind("now", now)
                    .add();
        }
        upsert.execute();
        List<TestKey> keys = new ArrayList<>(changed.keySet());
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<TestKey> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder(
                    "SELECT id, scope, name FROM tests WHERE suite_id = ?" + " AND (scope, name) IN (VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
            Query query = h.createQuery(sql.append(')').toString()).bind(0, suiteId.toString());
            for (int i = 0; i < chunk.size(); i++) {
                query.bind(1 + 2 * i, chunk.get(i).scope())
                        .bind(2 + 2 * i, chunk.get(i).name());
            }
            query.map((rs, ctx) ->
                            Map.entry(new TestKey(rs.getString("scope"), rs.getString("name")), Rows.uuid(rs, "id")))
                    .forEach(e -> {
                        ids.put(e.getKey(), e.getValue());
                        TestResult r = changed.get(e.getKey());
                        learned.put(e.getKey(), new KnownTest(e.getValue(), r.location(), r.fileName()));
                    });
        }
        return ids;
    }

    /** The most matching of new tests against their suite's TESTOWNERS file one upload may cost. */
    static final java.time.Duration OWNERS_BUDGET = java.time.Duration.ofSeconds(2);

    /**
     * New and moved tests (the others kept theirs) get their owners once their upload has
     * committed: matched with no lock held (a file of many patterns against thousands of new tests
     * took seconds, which under SQLite's one writer held up every organization's uploads), then
     * written in a short transaction, unless a new file was stored meanwhile, which matched them
     * itself. Past {@link #OWNERS_BUDGET} they get none until the suite's next file; a process that
     * dies in between leaves them the same way.
     */
    private void assignOwners(UUID suiteId, Map<TestKey, KnownTest> changed) {
        try {
            Optional<Ownership.Stored> file = jdbi.withHandle(h -> Ownership.of(h, "", suiteId));
            if (file.isEmpty()) {
                return;
            }
            Map<UUID, String> paths = new HashMap<>();
            changed.values()
                    .forEach(t -> paths.put(
                            t.id(),
                            Objects.requireNonNullElse(t.fileName() != null ? t.fileName() : t.location(), "")));
            Map<UUID, List<String>> teams = Ownership.match(file.get().owners().matching(OWNERS_BUDGET)::owners, paths);
            writer.useTransaction(h -> {
                if (Ownership.of(h, dialect.forShare(), suiteId)
                        .filter(now -> now.uploadedAt() == file.get().uploadedAt())
                        .isPresent()) {
                    Ownership.set(h, paths.keySet(), teams);
                }
            });
        } catch (dev.verdict.core.Validation tooSlow) {
            LOG.warn("suite {}: {} new tests get no owner for now: {}", suiteId, changed.size(), tooSlow.getMessage());
        } catch (RuntimeException e) {
            // The upload is processed and stays so; its tests are owned again at the next file.
            LOG.warn("suite {}: owners of {} new tests not written: {}", suiteId, changed.size(), e.getMessage());
        }
    }

    private void remember(UUID suiteId, Map<TestKey, KnownTest> learned) {
        if (knownCount.addAndGet(learned.size()) > MAX_KNOWN_TESTS) {
            knownTests.clear();
            knownCount.set(learned.size());
        }
        knownTests
                .computeIfAbsent(suiteId, id -> new java.util.concurrent.ConcurrentHashMap<>())
                .putAll(learned);
    }

    private RunStatus lockRun(Handle h, UUID runId) {
        return h.createQuery("SELECT state, result, uploads_pending FROM runs WHERE id = :id" + dialect.forUpdate())
                .bind("id", runId.toString())
                .map((rs, ctx) -> RunRows.status(rs))
                .one();
    }

    /**
     * A failed attempt: counted, and the upload is due again after the retry delay, behind what was
     * queued meanwhile; after the last attempt it is failed for good with the reason, so one poison
     * upload never blocks the queue and no longer holds its run open. The reason is cleaned and
     * bounded, so recording it cannot fail on the very data that made processing fail.
     */
    private void recordFailure(Claimed upload, RuntimeException error, Retries retries, long now) {
        String reason = Failures.reason(error);
        int attempts = writer.inTransaction(h -> {
            int attempt = h.createQuery("SELECT attempts FROM uploads WHERE id = :id" + dialect.forUpdate())
                            .bind("id", upload.id().toString())
                            .mapTo(Integer.class)
                            .one()
                    + 1;
            if (attempt < retries.maxAttempts()) {
                h.createUpdate(
                                "UPDATE uploads SET attempts = :attempts, failure = :reason, due_at = :due WHERE id = :id")
                        .bind("attempts", attempt)
                        .bind("reason", reason)
                        .bind("due", now + retries.delayAfter(attempt).toMillis())
                        .bind("id", upload.id().toString())
                        .execute();
                return attempt;
            }
            // The payload stays: the upload was acknowledged, and an operator may queue it again.
            h.createUpdate("UPDATE uploads SET state = 'failed', attempts = :attempts, failure = :reason,"
                            + " processed_at = :now WHERE id = :id")
                    .bind("attempts", attempt)
                    .bind("reason", reason)
                    .bind("now", now)
                    .bind("id", upload.id().toString())
                    .execute();
            RunRows.update(h, upload.runId(), RunLifecycle.uploadFailed(lockRun(h, upload.runId())), now);
            return attempt;
        });
        if (attempts < retries.maxAttempts()) {
            LOG.warn(
                    "upload {} failed (attempt {} of {}), will retry in {}: {}",
                    upload.id(),
                    attempts,
                    retries.maxAttempts(),
                    retries.delayAfter(attempts),
                    reason);
        } else {
            LOG.error("upload {} failed for good after {} attempts: {}", upload.id(), attempts, reason);
        }
        // The whole error may quote the upload's data (a parser's excerpt): kept out of the usual log.
        LOG.debug("upload {} failed", upload.id(), error);
    }

    @Override
    public Optional<UploadStatus> find(UUID suiteId, UUID uploadId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, run_id, state, queued, skipped, errors, failure, attempts, created_at,"
                                + " processed_at FROM uploads WHERE id = :id AND suite_id = :suite")
                .bind("id", uploadId.toString())
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> new UploadStatus(
                        Rows.uuid(rs, "id"),
                        Rows.uuid(rs, "run_id"),
                        rs.getString("state"),
                        rs.getInt("queued"),
                        rs.getInt("skipped"),
                        Json.MAPPER.readValue(rs.getString("errors"), STRINGS),
                        rs.getString("failure"),
                        rs.getInt("attempts"),
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "processed_at")))
                .findOne());
    }
}
