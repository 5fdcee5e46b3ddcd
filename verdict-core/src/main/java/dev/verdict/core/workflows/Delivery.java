package dev.verdict.core.workflows;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A webhook or Slack message owed for an event: written in the upload's transaction with the
 * event (the outbox), sent after the commit, retried until {@link #GIVE_UP_AFTER}, and never lost
 * to a crash, since it is only marked delivered once the receiver answered 2xx.
 */
public record Delivery(
        UUID id, UUID eventId, UUID workflowId, Action.Type type, String url, int attempts, Instant createdAt) {
    /** How long a message is retried before it is marked failed. */
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /** How long one attempt may take, connecting included. */
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a claim keeps other senders off a delivery: three attempts' time, so it outlasts
     * one, and what a sender that died held is due again soon after.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);

    public enum State {
        PENDING,
        DELIVERED,
        FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * When to try again after {@code attempts} failed ones: 10 s doubled each time, at most an
     * hour apart, or never (empty) once a day has gone by since the event.
     */
    public java.util.Optional<Instant> retryAt(int attempts, Instant now) {
        long seconds = Math.min(3600, 10L << Math.min(20, Math.max(0, attempts - 1)));
        Instant next = now.plusSeconds(seconds);
        return next.isAfter(createdAt.plus(GIVE_UP_AFTER)) ? java.util.Optional.empty() : java.util.Optional.of(next);
    }
}
