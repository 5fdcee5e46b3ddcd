package dev.verdict.core.ingest;

import java.util.Map;

/**
 * One result of one test, validated and normalised from whatever format it arrived in. This is
 * what an upload's payload holds and what processing turns into an execution.
 *
 * @param scope never null: {@code ""} when the collector sent none (test identity is scope + name)
 * @param failureExpanded JSON text: an array of {@code {expanded: [...], backtrace: [...]}}, or null
 * @param duration seconds, or null when the collector did not measure one
 * @param history JSON text of the history object as sent (spans included), or null
 * @param tags upload-level tags merged under the execution's own
 * @param output JSON text {@code {"stdout", "stderr"}} of what the test printed (JUnit's
 *     {@code <system-out>} and {@code <system-err>}), truncated to the server's limit, or null
 */
public record TestResult(
        String scope,
        String name,
        String location,
        String fileName,
        Result result,
        String failureReason,
        String failureExpanded,
        Double duration,
        String history,
        Map<String, String> tags,
        String output) {

    public TestResult {
        tags = Map.copyOf(tags);
    }

    /** A result with no captured output: what every format but JUnit gives. */
    public TestResult(
            String scope,
            String name,
            String location,
            String fileName,
            Result result,
            String failureReason,
            String failureExpanded,
            Double duration,
            String history,
            Map<String, String> tags) {
        this(scope, name, location, fileName, result, failureReason, failureExpanded, duration, history, tags, null);
    }
}
