package dev.verdict.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.verdict.core.Timestamps;
import dev.verdict.core.runs.FailedExecution;
import java.util.Map;

/**
 * An element of the failed-executions API, field for field. {@code failure_expanded} is present
 * only when asked for with {@code include_failure_expanded=true}, and so is {@code output}, which
 * Verdict adds: what the test printed, as JUnit's system-out and system-err carried it. Verdict
 * also adds {@code failure_kind}: what its judge found the failure to be.
 */
record FailedExecutionView(
        String executionId,
        String runId,
        String testId,
        String runName,
        String commitSha,
        String createdAt,
        String branch,
        String failureReason,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue
        String failureExpanded,

        Double duration,
        String location,
        String testName,
        String runUrl,
        String testUrl,
        String testExecutionUrl,
        Map<String, String> tags,

        /* What the test printed, {stdout, stderr}, with include_failure_expanded=true, when it printed anything. */
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue
        String output,

        /* What the judge found the failure to be: infrastructure, flaky, broken or new. */
        String failureKind) {

    static FailedExecutionView of(FailedExecution e, boolean withExpanded, String org, String suite, Urls urls) {
        return new FailedExecutionView(
                e.id().toString(),
                e.runId().toString(),
                e.testId().toString(),
                // Buildkite's example shows the run id here; its meaning is not documented further.
                e.runId().toString(),
                e.commitSha(),
                Timestamps.format(e.createdAt()),
                e.branch(),
                e.failureReason(),
                withExpanded ? (e.failureExpanded() == null ? "[]" : e.failureExpanded()) : null,
                e.duration(),
                e.location(),
                e.scope().isEmpty() ? e.name() : e.scope() + " " + e.name(),
                urls.runWeb(org, suite, e.runId()),
                urls.testWeb(org, suite, e.testId()),
                urls.executionWeb(org, suite, e.testId(), e.id()),
                userTags(e.tags()),
                withExpanded ? e.output() : null,
                e.failureKind() == null ? null : e.failureKind().wireName());
    }

    /** Tags that repeat other fields of the answer are left out, as Buildkite does. */
    private static Map<String, String> userTags(Map<String, String> tags) {
        Map<String, String> kept = new java.util.LinkedHashMap<>(tags);
        kept.keySet().removeAll(java.util.Set.of("result", "scm.branch", "scm.commit_sha"));
        return kept;
    }
}
