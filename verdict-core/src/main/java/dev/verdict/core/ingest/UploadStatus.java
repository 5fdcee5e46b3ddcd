package dev.verdict.core.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where an upload is in the queue: {@code queued}, {@code processed} or {@code failed}. {@code
 * failure} says why the last attempt failed: while {@code queued} it will be tried again.
 */
public record UploadStatus(
        UUID id,
        UUID runId,
        String state,
        int queued,
        int skipped,
        List<String> errors,
        String failure,
        int attempts,
        Instant createdAt,
        Instant processedAt) {}
