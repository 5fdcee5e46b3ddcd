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
    private Double flakyScore;
    private double failures;
    private long executions;
    private Instant flakyAt;
    private long quietExecutions;
    private Instant recoveredAt;

    /**
     * @param health {@code HEALTHY}, {@code FLAKY} or {@code BROKEN} as stored
     * @param flakyScore null when there is no flaky evidence to weigh
     * @param failures failures on good code, weighted, counted into the score
     * @param executions executions counted into the score
     * @param flakyAt the newest flaky evidence, or null
     * @param quietExecutions executions since the newest flaky evidence
     */
    public TestHealth(
            UUID testId,
            Health health,
            Instant since,
            Double flakyScore,
            double failures,
            long executions,
            Instant flakyAt,
            long quietExecutions) {
        this.testId = testId;
        this.health = health;
        this.since = since;
        this.flakyScore = flakyScore;
        this.failures = failures;
        this.executions = executions;
        this.flakyAt = flakyAt;
        this.quietExecutions = quietExecutions;
    }

    static TestHealth healthy(UUID testId) {
        return new TestHealth(testId, Health.HEALTHY, null, null, 0, 0, null, 0);
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

    public Double flakyScore() {
        return flakyScore;
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
        return flakyScore != null;
    }

    /** The rate a failure streak of this test is weighed against. */
    double streakRate(boolean varied) {
        return Flakiness.streakRate(failures, executions, weighed(), varied);
    }

    /** Starts weighing a test from its recent history. */
    void weigh(long recentExecutions) {
        if (flakyScore == null) {
            executions = recentExecutions;
            failures = 0;
            rescore();
        }
    }

    void executed(long count) {
        executions += count;
        quietExecutions += count;
        rescore();
    }

    void flakyEvidence(double weight, Instant now) {
        failures += weight;
        flakyAt = now;
        quietExecutions = 0;
        rescore();
    }

    void forget() {
        flakyScore = null;
        failures = 0;
        executions = 0;
        flakyAt = null;
        quietExecutions = 0;
    }

    void become(Health next, Instant now) {
        if (next != health) {
            if (health == Health.FLAKY) {
                recoveredAt = now;
            }
            health = next;
            since = next == Health.HEALTHY ? null : now;
        }
    }

    private void rescore() {
        flakyScore = Flakiness.score(failures, executions);
    }
}
