package dev.verdict.core.judgment;

import java.time.Instant;

/**
 * A test's health as stored with it, for readers.
 *
 * @param stored {@code HEALTHY}, {@code FLAKY} or {@code BROKEN}
 * @param since when it became flaky or broken; null when healthy
 * @param scoreFailures failures on good code, weighted: none when there is no flaky evidence to weigh
 * @param scoreExecutions executions counted into the score
 * @param firstSeen when the test was first seen (it is new for {@link Health#NEW_FOR})
 */
public record HealthSummary(
        Health stored, Instant since, double scoreFailures, long scoreExecutions, Instant firstSeen) {
    /** The flakiness score ({@link Flakiness#score}), null when there is no flaky evidence to weigh. */
    public Double flakyScore() {
        return scoreFailures > 0 ? Flakiness.score(scoreFailures, scoreExecutions) : null;
    }

    public Health at(Instant now) {
        return Health.of(stored, firstSeen, now);
    }

    /** Since when the health {@link #at} gives holds: a new test's is when it was first seen. */
    public Instant sinceAt(Instant now) {
        return switch (at(now)) {
            case NEW -> firstSeen;
            case HEALTHY -> null;
            case FLAKY, BROKEN -> since;
        };
    }
}
