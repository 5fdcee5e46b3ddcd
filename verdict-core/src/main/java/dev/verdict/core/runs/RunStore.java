package dev.verdict.core.runs;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.util.Optional;
import java.util.UUID;

/**
 * Reading runs and their executions. Runs are written by the ingest path ({@code UploadStore}).
 * A run's executions are read for the run as found, whose times bound where they are stored.
 */
public interface RunStore {
    /** Runs of the suite, newest first. */
    Page<Run> list(UUID suiteId, RunFilter filter, PageRequest page);

    Optional<Run> find(UUID suiteId, UUID runId);

    /** How many of the run's executions had each result (results with none are left out). */
    java.util.Map<dev.verdict.core.ingest.Result, Long> resultCounts(Run run);

    /** What the run's failed tests were, each counted once (see {@link dev.verdict.core.judgment.RunVerdict}). */
    dev.verdict.core.judgment.RunVerdict verdict(Run run);

    /**
     * The tests that failed in the run, each with all its attempts there, its owners, quarantine
     * state and health, and its failure streak on the run's branch.
     */
    Page<RunTest> failedTests(Run run, PageRequest page);

    /**
     * The run's executions by result (failed first, then passed, pending, skipped, unknown) and
     * test; {@code search} keeps those whose name or scope contain it, ignoring case.
     */
    Page<RunExecution> executions(Run run, Optional<String> search, PageRequest page);

    /** Outlines of the suite's runs created in {@code [from, to)}, oldest first, for charts. */
    java.util.List<RunOutline> outlines(UUID suiteId, java.time.Instant from, java.time.Instant to);

    /**
     * Failed executions of the suite's runs created in {@code [from, to)} (on {@code branch} when
     * given) whose failure reason contains {@code text}, ignoring case: the newest {@code limit},
     * the newest run's first.
     */
    java.util.List<FailureMatch> failureMatches(
            UUID suiteId,
            String text,
            java.time.Instant from,
            java.time.Instant to,
            Optional<String> branch,
            int limit);

    /** The run's failed executions in the order they were written. */
    Page<FailedExecution> failedExecutions(Run run, PageRequest page, boolean withExpanded);
}
