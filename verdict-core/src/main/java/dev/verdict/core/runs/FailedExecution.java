package dev.verdict.core.runs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A failed execution with what the failed-executions API shows of its test and run.
 * {@code failureExpanded} and {@code output} (JSON) are read only when asked for.
 */
public record FailedExecution(
        UUID id,
        UUID runId,
        UUID testId,
        String scope,
        String name,
        String location,
        String failureReason,
        String failureExpanded,
        Double duration,
        Map<String, String> tags,
        String branch,
        String commitSha,
        Instant createdAt,
        String output) {}
