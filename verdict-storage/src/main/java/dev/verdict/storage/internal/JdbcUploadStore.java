package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.Json;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Payloads;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadStatus;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.runs.RunEnv;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunStatus;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbcUploadStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public Queued enqueue(UUID suiteId, ParsedUpload upload, byte[] payload, Instant now) {
        RunEnv env = upload.runEnv();
        String key = env.key().orElseThrow(() -> new IllegalArgumentException("an upload needs run_env[key]"));
        long millis = now.toEpochMilli();
        return jdbi.inTransaction(h -> {
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
                            + " created_at) VALUES (:id, :suite, :run, 'queued', :format, :payload, :queued, :skipped,"
                            + " :errors, :now)")
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
    }

    @Override
    public Processing processNext(Instant now, int maxAttempts) {
        AtomicReference<Claimed> claimed = new AtomicReference<>();
        try {
            return jdbi.inTransaction(h -> {
                Optional<Claimed> next = h.createQuery("SELECT id, suite_id, run_id, payload, created_at FROM uploads"
                                + " WHERE state = 'queued' ORDER BY created_at, id LIMIT 1"
                                + dialect.forUpdateSkipLocked())
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
                process(h, next.get(), now.toEpochMilli());
                return Processing.PROCESSED;
            });
        } catch (RuntimeException e) {
            Claimed upload = claimed.get();
            if (upload == null) {
                throw e;
            }
            recordFailure(upload, e, maxAttempts, now.toEpochMilli());
            return Processing.FAILED;
        }
    }

    private void process(Handle h, Claimed upload, long now) {
        List<TestResult> results = Payloads.read(upload.payload());
        Map<TestKey, UUID> tests = upsertTests(h, upload.suiteId(), results, upload.createdAt());
        PreparedBatch executions = h.prepareBatch("INSERT INTO executions (id, run_id, test_id, upload_id, result,"
                + " duration, failure_reason, failure_expanded, location, file_name, history, tags, created_at)"
                + " VALUES (:id, :run, :test, :upload, :result, :duration, :failure_reason, :failure_expanded,"
                + " :location, :file_name, :history, :tags, :created)");
        for (TestResult r : results) {
            executions
                    .bind("id", Ids.uuid7(upload.createdAt()).toString())
                    .bind("run", upload.runId().toString())
                    .bind("test", tests.get(new TestKey(r.scope(), r.name())).toString())
                    .bind("upload", upload.id().toString())
                    .bind("result", r.result().wireName())
                    .bind("duration", r.duration())
                    .bind("failure_reason", r.failureReason())
                    .bind("failure_expanded", r.failureExpanded())
                    .bind("location", r.location())
                    .bind("file_name", r.fileName())
                    .bind("history", r.history())
                    .bind("tags", r.tags().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.tags()))
                    .bind("created", upload.createdAt())
                    .add();
        }
        if (!results.isEmpty()) {
            executions.execute();
        }
        RunStatus run = lockRun(h, upload.runId());
        RunRows.update(h, upload.runId(), RunLifecycle.uploadProcessed(run, UploadStore.outcome(results)), now);
        h.createUpdate("UPDATE uploads SET state = 'processed', payload = NULL, processed_at = :now WHERE id = :id")
                .bind("now", now)
                .bind("id", upload.id().toString())
                .execute();
    }

    /**
     * Creates the tests this upload names for the first time, and keeps the location of the others
     * current; returns every identity's id. Identities are de-duplicated first: a batch that names
     * one key twice is refused by PostgreSQL's rewritten multi-row insert.
     */
    private static Map<TestKey, UUID> upsertTests(Handle h, UUID suiteId, List<TestResult> results, long now) {
        Map<TestKey, TestResult> latest = new LinkedHashMap<>();
        for (TestResult r : results) {
            latest.put(new TestKey(r.scope(), r.name()), r);
        }
        if (latest.isEmpty()) {
            return Map.of();
        }
        PreparedBatch upsert = h.prepareBatch("INSERT INTO tests (id, suite_id, scope, name, location, file_name,"
                + " created_at) VALUES (:id, :suite, :scope, :name, :location, :file_name, :now)"
                + " ON CONFLICT (suite_id, scope, name) DO UPDATE SET location = excluded.location,"
                + " file_name = excluded.file_name WHERE tests.location IS DISTINCT FROM excluded.location"
                + " OR tests.file_name IS DISTINCT FROM excluded.file_name");
        for (Map.Entry<TestKey, TestResult> test : latest.entrySet()) {
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
        Map<TestKey, UUID> ids = new HashMap<>();
        List<TestKey> keys = new ArrayList<>(latest.keySet());
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
                    .forEach(e -> ids.put(e.getKey(), e.getValue()));
        }
        return ids;
    }

    private RunStatus lockRun(Handle h, UUID runId) {
        return h.createQuery("SELECT state, result, uploads_pending FROM runs WHERE id = :id" + dialect.forUpdate())
                .bind("id", runId.toString())
                .map((rs, ctx) -> RunRows.status(rs))
                .one();
    }

    /**
     * A failed attempt: counted, and after the last one the upload is failed for good with the
     * reason, so one poison upload never blocks the queue and no longer holds its run open.
     */
    private void recordFailure(Claimed upload, RuntimeException error, int maxAttempts, long now) {
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        jdbi.useTransaction(h -> {
            int attempts = h.createQuery("SELECT attempts FROM uploads WHERE id = :id" + dialect.forUpdate())
                            .bind("id", upload.id().toString())
                            .mapTo(Integer.class)
                            .one()
                    + 1;
            if (attempts < maxAttempts) {
                LOG.warn(
                        "upload {} failed (attempt {} of {}), will retry: {}",
                        upload.id(),
                        attempts,
                        maxAttempts,
                        reason);
                h.createUpdate("UPDATE uploads SET attempts = :attempts WHERE id = :id")
                        .bind("attempts", attempts)
                        .bind("id", upload.id().toString())
                        .execute();
                return;
            }
            LOG.error("upload {} failed for good after {} attempts: {}", upload.id(), attempts, reason, error);
            h.createUpdate("UPDATE uploads SET state = 'failed', attempts = :attempts, failure = :reason,"
                            + " processed_at = :now WHERE id = :id")
                    .bind("attempts", attempts)
                    .bind("reason", reason)
                    .bind("now", now)
                    .bind("id", upload.id().toString())
                    .execute();
            RunRows.update(h, upload.runId(), RunLifecycle.uploadFailed(lockRun(h, upload.runId())), now);
        });
    }

    @Override
    public Optional<UploadStatus> find(UUID suiteId, UUID uploadId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, run_id, state, queued, skipped, errors, failure, created_at,"
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
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "processed_at")))
                .findOne());
    }
}
