package dev.verdict.core.judgment;

import java.time.Instant;

/**
 * A test's health as stored with it, for readers.
 *
 * @param stored {@code HEALTHY}, {@code FLAKY} or {@code BROKEN}
 * @param since when it became flaky or broken; null when healthy
 * @param flakyScore the flakiness score, null when there is no flaky evidence to weigh
 * @param firstSeen when the test was first seen (it is new for {@link Health#NEW_FOR})
 */
public record HealthSummary(Health stored, Instant since, Double flakyScore, Instant firstSeen) {
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
