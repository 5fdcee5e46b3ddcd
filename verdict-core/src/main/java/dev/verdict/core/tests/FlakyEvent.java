package dev.verdict.core.tests;

import java.time.Instant;

/**
 * A commit on which a test both passed and failed: {@code commitSha} is null when the runs had no
 * commit (the event is then one run's).
 */
public record FlakyEvent(String commitSha, String branch, Instant firstSeenAt, Instant lastSeenAt) {}
