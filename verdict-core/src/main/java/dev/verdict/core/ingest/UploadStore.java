package dev.verdict.core.ingest;

import dev.verdict.core.pipeline.UploadPipeline;
import dev.verdict.core.runs.RunLifecycle;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The durable ingest queue, in the store itself. {@link #enqueue} commits an upload (and creates
 * or reopens its run) before the client hears 202; {@link #processNext} claims the upload due
 * first and runs the {@link UploadPipeline} over it in a single transaction, so it happens exactly
 * once even if the process dies at any moment. On PostgreSQL several processes share the queue (row locks with
 * SKIP LOCKED); on SQLite one process owns it.
 */
public interface UploadStore {
    record Queued(UUID uploadId, UUID runId) {}

    /** What one call of {@link #processNext} did. */
    enum Processing {
        /** Nothing was waiting. */
        IDLE,
        PROCESSED,
        /**
         * Processing the upload's data failed: the attempt is recorded, the upload is due again
         * after a delay (behind what was queued meanwhile) and fails for good after its last one.
         */
        FAILED
    }

    /** An upload processed and committed: when it was accepted, when it became queryable, its executions. */
    record Processed(Instant accepted, Instant processed, int executions) {}

    /** The queue as a whole (every suite's): uploads waiting, and when the oldest of them was accepted. */
    record Backlog(long queued, Optional<Instant> oldest) {}

    Queued enqueue(UUID suiteId, ParsedUpload upload, byte[] payload, Instant now);

    /** Told of each upload this process processed, after its commit: for metrics. */
    void whenProcessed(java.util.function.Consumer<Processed> listener);

    Backlog backlog();

    /**
     * Claims the next due upload and runs the pipeline over it in one unit of work. A failure of
     * the store itself is thrown as {@link dev.verdict.core.storage.StorageUnavailable} and counts
     * as no attempt; any other failure is the upload's, and counts as one.
     */
    Processing processNext(Instant now, Retries retries, UploadPipeline pipeline);

    Optional<UploadStatus> find(UUID suiteId, UUID uploadId);

    /**
     * The suite's uploads, newest first, in {@code state} when given (queued, processed, failed):
     * upload health, which says why results are missing.
     */
    dev.verdict.core.paging.Page<UploadStatus> list(
            UUID suiteId, Optional<String> state, dev.verdict.core.paging.PageRequest page);

    /** How the store applies the run lifecycle: the one rule set in {@link RunLifecycle}. */
    static RunLifecycle.Outcome outcome(java.util.List<TestResult> results) {
        return new RunLifecycle.Outcome(results.size(), results.stream().anyMatch(r -> r.result() == Result.FAILED));
    }
}
