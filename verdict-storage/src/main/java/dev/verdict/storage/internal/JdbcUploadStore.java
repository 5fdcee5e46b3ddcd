package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.Json;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.Retries;
import dev.verdict.core.ingest.UploadStatus;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.pipeline.ClaimedUpload;
import dev.verdict.core.pipeline.UploadPipeline;
import dev.verdict.core.runs.RunEnv;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunStatus;
import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

public final class JdbcUploadStore implements UploadStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcUploadStore.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    /** Test identities looked up per query: well under both engines' limits on bound parameters. */
    private static final int LOOKUP_CHUNK = 500;

    private final KnownTests knownTests = new KnownTests();
    private final JudgmentCache judgmentCache = new JudgmentCache();
    private final WorkflowCache workflowCache = new WorkflowCache();
    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final Failures failures;

    /** @param deliveriesQueued runs after a commit that queued workflow deliveries (their sender's nudge) */
    private final AtomicReference<Runnable> deliveriesQueued;

    private final AtomicReference<java.util.function.Consumer<Processed>> processed = new AtomicReference<>(p -> {});

    public JdbcUploadStore(
            Jdbi jdbi, Writer writer, Dialect dialect, Failures failures, AtomicReference<Runnable> deliveriesQueued) {
        this.deliveriesQueued = deliveriesQueued;
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.failures = failures;
    }

    @Override
    public void whenProcessed(java.util.function.Consumer<Processed> listener) {
        processed.set(listener);
    }

    @Override
    public Backlog backlog() {
        // Read through uploads_queued, the partial index of what waits.
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT count(*) AS queued, min(created_at) AS oldest FROM uploads WHERE state = 'queued'")
                .map((rs, ctx) -> {
                    long queued = rs.getLong("queued");
                    long oldest = rs.getLong("oldest");
                    return new Backlog(
                            queued, rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest)));
                })
                .one());
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
    public Processing processNext(Instant now, Retries retries, UploadPipeline pipeline) {
        AtomicReference<ClaimedUpload> claimed = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger claimedAttempts = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<JdbcUnitOfWork> unit = new AtomicReference<>();
        try {
            Processing done = writer.inTransaction(h -> {
                Optional<ClaimedUpload> next = h.createQuery(
                                "SELECT id, suite_id, run_id, payload, created_at, attempts"
                                        + " FROM uploads WHERE state = 'queued' AND due_at <= :now ORDER BY due_at, id LIMIT 1"
                                        + dialect.forUpdateSkipLocked())
                        .bind("now", now.toEpochMilli())
                        .map((rs, ctx) -> {
                            claimedAttempts.set(rs.getInt("attempts"));
                            return new ClaimedUpload(
                                    Rows.uuid(rs, "id"),
                                    Rows.uuid(rs, "suite_id"),
                                    Rows.uuid(rs, "run_id"),
                                    Instant.ofEpochMilli(rs.getLong("created_at")),
                                    rs.getBytes("payload"));
                        })
                        .findOne();
                if (next.isEmpty()) {
                    return Processing.IDLE;
                }
                claimed.set(next.get());
                JdbcUnitOfWork work = new JdbcUnitOfWork(
                        h,
                        dialect,
                        next.get(),
                        now,
                        knownTests,
                        judgmentCache,
                        workflowCache,
                        this::assignOwners,
                        () -> deliveriesQueued.get().run());
                unit.set(work);
                pipeline.process(work);
                work.finish();
                if (!work.wroteTests()) {
                    dialect.unflushedCommit().ifPresent(h::execute);
                }
                return Processing.PROCESSED;
            });
            if (unit.get() != null) {
                for (Runnable action : unit.get().committed()) {
                    runAfterCommit(claimed.get(), action);
                }
                JdbcUnitOfWork work = unit.get();
                runAfterCommit(
                        claimed.get(),
                        () -> processed
                                .get()
                                .accept(new Processed(
                                        claimed.get().createdAt(),
                                        Instant.ofEpochMilli(work.processedAt()),
                                        work.written())));
            }
            return done;
        } catch (RuntimeException e) {
            RuntimeException failure = failures.translate(e);
            ClaimedUpload upload = claimed.get();
            if (upload == null || failure instanceof StorageUnavailable) {
                throw failure;
            }
            recordFailure(upload, claimedAttempts.get(), e, retries, now.toEpochMilli());
            return Processing.FAILED;
        }
    }

    private static void runAfterCommit(ClaimedUpload upload, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // The upload is processed and stays so: what follows its commit is best effort.
            LOG.warn("upload {}: after processing: {}", upload.id(), e.getMessage());
        }
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
    private void assignOwners(UUID suiteId, Map<UUID, String> paths) {
        try {
            Optional<Ownership.Stored> file = jdbi.withHandle(h -> Ownership.of(h, "", suiteId));
            if (file.isEmpty()) {
                return;
            }
            Map<UUID, List<String>> teams = Ownership.match(file.get().owners().matching(OWNERS_BUDGET)::owners, paths);
            writer.useTransaction(h -> {
                if (Ownership.of(h, dialect.forShare(), suiteId)
                        .filter(now -> now.uploadedAt() == file.get().uploadedAt())
                        .isPresent()) {
                    Ownership.set(h, paths.keySet(), teams);
                }
            });
        } catch (dev.verdict.core.Validation tooSlow) {
            LOG.warn("suite {}: {} new tests get no owner for now: {}", suiteId, paths.size(), tooSlow.getMessage());
        } catch (RuntimeException e) {
            // The upload is processed and stays so; its tests are owned again at the next file.
            LOG.warn("suite {}: owners of {} new tests not written: {}", suiteId, paths.size(), e.getMessage());
        }
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
    private void recordFailure(
            ClaimedUpload upload, int claimedAttempts, RuntimeException error, Retries retries, long now) {
        String reason = Failures.reason(error);
        int attempts = writer.inTransaction(h -> {
            // The failed processing rolled back and let the row go, so another worker may have
            // claimed it meanwhile and counted this same attempt: count it only if nobody has.
            int seen = h.createQuery(
                            "SELECT attempts FROM uploads WHERE id = :id AND state = 'queued'" + dialect.forUpdate())
                    .bind("id", upload.id().toString())
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(-1);
            if (seen != claimedAttempts) {
                return -1;
            }
            int attempt = seen + 1;
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
        if (attempts < 0) {
            LOG.info("upload {} failed in two workers at once; the failure is counted once: {}", upload.id(), reason);
            return;
        }
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
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + STATUS_COLUMNS + " FROM uploads WHERE id = :id AND suite_id = :suite")
                        .bind("id", uploadId.toString())
                        .bind("suite", suiteId.toString())
                        .map((rs, ctx) -> status(rs))
                        .findOne());
    }

    @Override
    public Page<UploadStatus> list(UUID suiteId, Optional<String> state, PageRequest page) {
        String where = state.isPresent() ? " AND state = :state" : "";
        return Page.fromFetched(
                page,
                jdbi.withHandle(h -> h.createQuery("SELECT " + STATUS_COLUMNS + " FROM uploads WHERE suite_id = :suite"
                                + where + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                        .bind("suite", suiteId.toString())
                        .bind("state", state.orElse(null))
                        .bind("limit", page.fetchLimit())
                        .bind("offset", page.offset())
                        .map((rs, ctx) -> status(rs))
                        .list()),
                java.util.OptionalLong.empty());
    }

    private static final String STATUS_COLUMNS =
            "id, run_id, state, format, queued, skipped, errors, failure, attempts, created_at, processed_at";

    private static UploadStatus status(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new UploadStatus(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "run_id"),
                rs.getString("state"),
                rs.getString("format"),
                rs.getInt("queued"),
                rs.getInt("skipped"),
                Json.MAPPER.readValue(rs.getString("errors"), STRINGS),
                rs.getString("failure"),
                rs.getInt("attempts"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "processed_at"));
    }
}
