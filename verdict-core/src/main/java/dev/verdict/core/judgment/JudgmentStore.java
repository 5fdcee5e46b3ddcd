package dev.verdict.core.judgment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the {@link Judge} reads and writes for one upload, inside its unit of work. Every read is
 * bounded and indexed: a commit's runs (the newest {@link #MAX_COMMIT_RUNS}), a run's failures
 * (few, but for an outage), passes of the tests that just failed, and the suite's tests with
 * something to say. Writes may be held to the end of the unit of work, and land before its commit:
 * the judge reads nothing it wrote.
 */
public interface JudgmentStore {
    int MAX_COMMIT_RUNS = 100;
    /** The suite's newest runs a new score counts executions over. */
    int HISTORY_RUNS = 100;

    /**
     * Judging one suite's uploads one at a time (a lock held to the commit on PostgreSQL; SQLite
     * has one writer already), so two workers never weigh the same test at once and the second
     * sees what the first wrote.
     */
    void lockSuite();

    RunContext run();

    /**
     * The runs whose results of other, processed uploads this one is compared with: the commit's
     * (the newest {@link #MAX_COMMIT_RUNS}), or this run alone when it has no commit. Empty for the
     * first upload of a build, which then reads no executions at all.
     */
    List<UUID> judgedRuns(String commitSha);

    /** A failed execution of another upload, as judged then. */
    record Failure(UUID runId, UUID executionId, FailureKind kind) {}

    /** Failures (infrastructure aside) in these runs, by test, from other uploads. */
    Map<UUID, List<Failure>> failuresIn(List<UUID> runs);

    /** A failed execution of this run from another upload, with its reason as sent. */
    record RunFailure(UUID executionId, UUID testId, String failureReason, FailureKind kind) {}

    /** This run's failures from other uploads (an outage's, once it shows, are relabelled). */
    List<RunFailure> runFailures();

    /** Which of {@code tests} already have a flaky event for this commit key. */
    Set<UUID> flippedBefore(Collection<UUID> tests, String commitKey);

    /** Which of {@code tests} passed in these runs, with the runs, from other uploads. */
    Map<UUID, Set<UUID>> passesIn(List<UUID> runs, Collection<UUID> tests);

    /** The suite's tests that are flaky, broken or being weighed. */
    Map<UUID, TestHealth> watched();

    /** Open streaks on a branch. */
    Map<UUID, Streak> streaks(String branch);

    /** Streaks on any branch whose last failure is older than {@code before}. */
    List<Streak> staleStreaks(Instant before);

    /** The branches each of {@code tests} has a broken streak on, as stored. */
    Map<UUID, Set<String>> brokenBranches(Collection<UUID> tests);

    /** Executions that passed or failed of each test over the suite's newest runs, this upload's aside. */
    Map<UUID, Long> recentExecutions(Collection<UUID> tests);

    void saveHealth(Collection<TestHealth> changed);

    void saveStreaks(Collection<Streak> open, Collection<Streak> closed);

    void addEvidence(List<Evidence> evidence);

    /** An event per test and commit for the legacy flaky-tests API. */
    void flakyEvents(Collection<UUID> tests, String commitKey, String branch, Instant at);

    void rememberOutage(String reason);

    /** Rewrites the kind of these failures, already written. */
    void correctFailureKinds(Map<UUID, FailureKind> byExecution);
}
