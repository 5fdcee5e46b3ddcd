package dev.verdict.core.runs;

import dev.verdict.core.judgment.FailureKind;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A failed execution with what the failed-executions API shows of its test and run.
 * {@code failureExpanded} and {@code output} (JSON) are read only when asked for. {@code failureKind}
 * is what the judge found it to be (null for failures processed before judgment).
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
        String output,
        FailureKind failureKind) {}
