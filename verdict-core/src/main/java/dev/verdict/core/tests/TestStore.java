package dev.verdict.core.tests;

import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tests, their metrics, labels, quarantine state and flaky history; execution tags. */
public interface TestStore {
    /** The suite's tests in (scope, name) order, optionally only those with a label. */
    Page<Test> list(UUID suiteId, Optional<String> label, PageRequest page);

    Optional<Test> find(UUID suiteId, UUID testId);

    Optional<Test> find(UUID suiteId, String scope, String name);

    /** Tests of the suite with executions matching the query, measured over them, sorted and paged. */
    Page<MeasuredTest> measure(UUID suiteId, TestQuery query, PageRequest page);

    /**
     * The same over the runs of a build in every suite of the organization; the window starts at
     * the build's first run.
     */
    Page<MeasuredTest> measureBuild(UUID organizationId, UUID buildId, TestQuery query, PageRequest page);

    /** When the build's first run was created, if it has any in the organization. */
    Optional<Instant> buildStart(UUID organizationId, UUID buildId);

    /** One test's metrics over a window: {@link TestMetrics#NONE} when it has no executions in it. */
    TestMetrics metrics(UUID testId, TestQuery.Window window);

    /** The same over each of several windows (a chart's buckets), read together. */
    List<TestMetrics> metrics(UUID testId, List<TestQuery.Window> windows);

    /**
     * The test's executions created in the window, newest first, at most {@code limit}: read
     * through the runs of the window, newest first, since executions have no index by test.
     */
    List<TestExecution> executions(UUID testId, TestQuery.Window window, int limit);

    /** One execution of the test, with everything kept of it. */
    Optional<ExecutionDetail> execution(UUID testId, UUID executionId);

    /** The teams that own the test by the suite's TESTOWNERS file, in name order. */
    List<String> owners(UUID testId);

    /** The evidence behind the test's health, newest first. */
    Page<Evidence> evidence(UUID testId, PageRequest page);

    /** The commits the test flipped on, the most recent first. */
    List<FlakyEvent> flakyEvents(UUID testId, int limit);

    /**
     * Rolls the closed hours of executions up (see {@link Rollup}); returns how many hours it
     * rolled. Metrics are the same before and after: it only makes them faster to read.
     */
    int rollUp(Instant now);

    /**
     * Makes {@code content} the suite's TESTOWNERS file and works out every test's owners from it
     * ({@code owners} is the same file, parsed, matching within its budget); returns how many tests
     * have an owner. Past the budget it throws the budget's 422 and the previous file stays. The
     * matching happens outside any write lock: only its result is written in a short transaction.
     */
    int replaceOwners(UUID suiteId, String content, dev.verdict.core.ownership.TestOwners.Matching owners, Instant now);

    void changeLabels(UUID testId, Collection<String> add, Collection<String> remove, Instant now);

    /** Moves the test to {@code change.state()}, recording the change; one already in it is left as it was. */
    void setState(UUID testId, StateChange change);

    /** The test's open failure streaks, by branch: the run each began in and how many runs it spans. */
    Map<String, dev.verdict.core.runs.RunTest.FailingSince> failingSince(UUID testId);

    /** The same for many tests on one branch ({@code ""}: runs without one); a test not failing there is left out. */
    Map<UUID, dev.verdict.core.runs.RunTest.FailingSince> failingSince(Collection<UUID> tests, String branch);

    /**
     * A failure streak still open: the test, the branch, the run it began in, and the test's owners.
     */
    record OpenStreak(
            Test test, String branch, dev.verdict.core.runs.RunTest.FailingSince since, List<String> owners) {}

    /** The suite's open failure streaks that began at or after {@code since}, newest first: its new failures. */
    List<OpenStreak> newFailures(UUID suiteId, Instant since, int limit);

    /**
     * A team of the suite's TESTOWNERS file with what it owns: its tests, how many are flaky,
     * broken, and muted or skipped. {@code team} is null for the tests no team owns.
     */
    record Team(String team, long tests, long flaky, long broken, long quarantined) {}

    /** The suite's teams, those with broken tests first, then flaky, then by name; unowned tests last. */
    List<Team> teams(UUID suiteId);

    /**
     * The suite's {@code limit} slowest tests of the window (by average duration) and its
     * {@code limit} least reliable tests that failed in it, measured in one pass: what the tests
     * list shows sorted by {@code duration_avg}, and filtered by {@code tags=result:~failed} and
     * sorted by {@code reliability} ascending.
     */
    record Tops(List<MeasuredTest> slowest, List<MeasuredTest> mostFailed) {}

    Tops tops(UUID suiteId, TestQuery.Window window, int limit);

    /** The test's state changes, newest first. */
    List<StateChange> stateChanges(UUID testId, int limit);

    /** The suite's tests in a state, in (scope, name) order. */
    Page<Test> withState(UUID suiteId, TestState state, PageRequest page);

    /** Tests the flaky rule caught in the suite, the most recently caught first. */
    Page<FlakyTest> flaky(UUID suiteId, FlakyFilter filter, PageRequest page);

    /**
     * Replaces the mutable tags of each execution, all or nothing. Returns the ids that are not
     * executions of the suite (nothing is changed then).
     */
    List<UUID> replaceMutableTags(UUID suiteId, Map<UUID, Map<String, String>> tags);

    /** What {@link #flaky} lists: caught since {@code since}, on a branch, matching a search. */
    record FlakyFilter(Instant since, Optional<String> branch, Optional<String> search) {}
}
