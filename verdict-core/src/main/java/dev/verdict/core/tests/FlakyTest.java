package dev.verdict.core.tests;

import java.time.Instant;

/**
 * A test the flaky rule caught in a period: {@code instances} is how many commits it both passed
 * and failed on, {@code latestOccurrenceAt} the last time it was seen doing so, and
 * {@code mostRecentInstanceAt} when the newest of those commits was first caught.
 */
public record FlakyTest(
        Test test, long instances, Instant latestOccurrenceAt, Instant mostRecentInstanceAt, Instant lastResolvedAt) {}
