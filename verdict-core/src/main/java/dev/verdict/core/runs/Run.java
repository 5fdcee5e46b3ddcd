package dev.verdict.core.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A run: every upload to one suite with one {@code run_env.key}. Optional fields are null when
 * unknown. {@code updatedAt} is when it last changed: queueing an upload changes it, and the
 * upload's executions are stamped with that moment, so they all lie between its two times.
 */
public record Run(
        UUID id,
        UUID suiteId,
        String key,
        String ci,
        String branch,
        String commitSha,
        String number,
        String jobId,
        String message,
        String url,
        UUID buildId,
        RunStatus status,
        Instant createdAt,
        Instant updatedAt) {}
