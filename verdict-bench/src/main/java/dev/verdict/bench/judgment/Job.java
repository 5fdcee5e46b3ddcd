package dev.verdict.bench.judgment;

import java.time.Instant;
import java.util.List;

/**
 * One job of a build, sent as one upload: it runs the whole suite on one platform. {@code outage}
 * says an infrastructure outage hit it (most of its tests failed with a shared reason).
 */
public record Job(String platform, String jobId, Instant finishedAt, boolean outage, List<Execution> executions) {
    public Job {
        executions = List.copyOf(executions);
    }
}
