package dev.verdict.core.runs;

import java.time.Instant;
import java.util.UUID;

/**
 * A failed execution whose failure reason matched a search: what {@link FailureSearch} groups.
 *
 * @param branch null for runs without one
 * @param commitSha null for runs without one
 */
public record FailureMatch(
        UUID executionId, UUID testId, UUID runId, String branch, String commitSha, String failureReason, Instant at) {}
