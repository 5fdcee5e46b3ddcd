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
        String format,
        int queued,
        int skipped,
        List<String> errors,
        String failure,
        int attempts,
        Instant createdAt,
        Instant processedAt) {
    /** The states an upload can be in, as filters name them. */
    public static final List<String> STATES = List.of("queued", "processed", "failed");

    /** A state filter as sent; a {@link dev.verdict.core.BadRequest} naming it when it is none of them. */
    public static String state(String value) {
        String state = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!STATES.contains(state)) {
            throw new dev.verdict.core.BadRequest(
                    "state must be " + String.join(", ", STATES) + ", not '" + value + "'");
        }
        return state;
    }
}
