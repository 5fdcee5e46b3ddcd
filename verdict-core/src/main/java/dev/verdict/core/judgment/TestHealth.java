package dev.verdict.core.judgment;

import java.time.Instant;
import java.util.UUID;

/**
 * What the judge keeps of one test between uploads. Stored on the test; a test with nothing to
 * say (healthy, no flaky evidence left to weigh) keeps nothing.
 */
public final class TestHealth {
    private final UUID testId;
    private Health health;
    private Instant since;
    /** Executions counted by this upload, when counting is all that changed. */
    private long counted;
    /** Whether anything but the counts changed. */
    private boolean rewritten;

    private double failures;
    private long executions;
    private Instant flakyAt;
    private long quietExecutions;
    private Instant recoveredAt;

    /**
     * @param health {@code HEALTHY}, {@code FLAKY} or {@code BROKEN} as stored
     * @param failures failures on good code, weighted, counted into the score
     * @param executions executions counted into the score
     * @param flakyAt the newest flaky evidence, or null
     * @param quietExecutions executions since the newest flaky evidence
     */
    public TestHealth(
            UUID testId,
            Health health,
            Instant since,
            double failures,
            long executions,
            Instant flakyAt,
            long quietExecutions) {
        this.testId = testId;
        this.health = health;
        this.since = since;
        this.failures = failures;
        this.executions = executions;
        this.flakyAt = flakyAt;
        this.quietExecutions = quietExecutions;
    }

    static TestHealth healthy(UUID testId) {
        TestHealth h = new TestHealth(testId, Health.HEALTHY, null, 0, 0, null, 0);
        h.rewritten = true;
        return h;
    }

    public UUID testId() {
        return testId;
    }

    public Health health() {
        return health;
    }

    public Instant since() {
        return since;
    }

    /** The flakiness score, null when there is no flaky evidence to weigh. */
    public Double flakyScore() {
        return weighed() ? Flakiness.score(failures, executions) : null;
    }

    /** Executions this upload counted, when counting is all that changed (one statement for many tests). */
    public long counted() {
        return counted;
    }

    /** Whether anything but the counts changed, so the whole state is written. */
    public boolean rewritten() {
        return rewritten;
    }

    public double failures() {
        return failures;
    }

    public long executions() {
        return executions;
    }

    public Instant flakyAt() {
        return flakyAt;
    }

    public long quietExecutions() {
        return quietExecutions;
    }

    /** When the test stopped being flaky in this upload, else null. */
    public Instant recoveredAt() {
        return recoveredAt;
    }

    boolean weighed() {
        return failures > 0;
    }

    /** The rate a failure streak of this test is weighed against. */
    double streakRate(boolean varied) {
        return Flakiness.streakRate(failures, executions, weighed(), varied);
    }

    /** Starts weighing a test from its recent history. */
    void weigh(long recentExecutions) {
        if (!weighed()) {
            executions = recentExecutions;
            rewritten = true;
        }
    }

    void executed(long count) {
        executions += count;
        quietExecutions += count;
        counted += count;
    }

    void flakyEvidence(double weight, Instant now) {
        failures += weight;
        flakyAt = now;
        quietExecutions = 0;
        rewritten = true;
    }

    void forget() {
        rewritten = true;
        failures = 0;
        executions = 0;
        flakyAt = null;
        quietExecutions = 0;
    }

    void become(Health next, Instant now) {
        if (next != health) {
            rewritten = true;
            if (health == Health.FLAKY) {
                recoveredAt = now;
            }
            health = next;
            since = next == Health.HEALTHY ? null : now;
        }
    }
}
