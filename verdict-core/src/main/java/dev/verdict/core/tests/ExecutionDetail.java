package dev.verdict.core.tests;

import dev.verdict.core.ingest.Result;
import java.util.Map;

/**
 * Everything kept of one execution.
 *
 * @param failureExpanded JSON text, or null
 * @param history JSON text of the history the collector sent (spans in {@code children}), or null
 * @param output JSON text {@code {"stdout", "stderr"}}, or null
 * @param tags its tags, mutable ones included
 */
public record ExecutionDetail(
        TestExecution execution,
        String location,
        String failureExpanded,
        String history,
        String output,
        Map<String, String> tags) {
    public Result result() {
        return execution.result();
    }
}
