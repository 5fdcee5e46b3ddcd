package dev.verdict.bench.judgment;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CI build: one run ({@code runKey}) of one commit on one branch, with a job per platform.
 * A retry is a build of its own on the same commit; {@code retryOf} is the index of the build it
 * retries, or -1.
 */
public record Build(
        int index,
        int number,
        String branch,
        String commitSha,
        Instant startedAt,
        String runKey,
        int retryOf,
        List<Job> jobs) {
    public Build {
        jobs = List.copyOf(jobs);
    }

    public boolean retry() {
        return retryOf >= 0;
    }

    /** Whether any test's last execution in any job failed, as a CI status would show it. */
    public boolean red() {
        for (Job job : jobs) {
            Map<Integer, Boolean> last = new HashMap<>();
            for (Execution e : job.executions()) {
                last.put(e.test(), e.passed());
            }
            if (last.containsValue(false)) {
                return true;
            }
        }
        return false;
    }

    public boolean outage() {
        return jobs.stream().anyMatch(Job::outage);
    }

    public Instant finishedAt() {
        return jobs.stream().map(Job::finishedAt).max(Instant::compareTo).orElse(startedAt);
    }
}
