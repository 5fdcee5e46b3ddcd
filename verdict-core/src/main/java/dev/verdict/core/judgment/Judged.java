package dev.verdict.core.judgment;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the decisive judgment of an upload found, for the steps after it (workflows): the tests
 * whose health changed, the flips, fresh flaky evidence, each failure's kind and the score.
 *
 * @param before the health, before this upload, of each test whose health it changed
 * @param after the health of the same tests now
 * @param flipped tests that passed and failed in this run or on this commit
 * @param freshFlaky flaky tests with new flaky evidence in this upload
 * @param kinds each failed execution's kind, by execution id
 * @param score the flakiness score of a test now, null when it has no flaky evidence to weigh
 */
public record Judged(
        Map<UUID, Health> before,
        Map<UUID, Health> after,
        Set<UUID> flipped,
        Set<UUID> freshFlaky,
        Map<UUID, FailureKind> kinds,
        Function<UUID, Double> score) {

    /** Nothing judged yet. */
    public static final Judged NONE = new Judged(Map.of(), Map.of(), Set.of(), Set.of(), Map.of(), t -> null);

    public Judged {
        before = Map.copyOf(before);
        after = Map.copyOf(after);
        flipped = Set.copyOf(flipped);
        freshFlaky = Set.copyOf(freshFlaky);
        kinds = Map.copyOf(kinds);
    }

    /** Whether this execution failed as part of an outage: evidence for nothing, seen by no monitor. */
    public boolean infrastructure(UUID execution) {
        return kinds.get(execution) == FailureKind.INFRASTRUCTURE;
    }
}
