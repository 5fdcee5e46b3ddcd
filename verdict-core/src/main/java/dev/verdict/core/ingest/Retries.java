package dev.verdict.core.ingest;

import java.time.Duration;

/**
 * How often an upload whose processing failed is tried again, and when. Each retry waits twice as
 * long as the one before, and the upload goes behind everything queued meanwhile, so a poison
 * upload costs the queue one attempt now and then instead of holding its head. Failures of the
 * store itself ({@link dev.verdict.core.storage.StorageUnavailable}) are not attempts: the data was
 * never tried.
 */
public record Retries(int maxAttempts, Duration firstDelay) {
    public static final Retries DEFAULT = new Retries(3, Duration.ofSeconds(1));

    private static final Duration MAX_DELAY = Duration.ofMinutes(10);

    public Retries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("an upload needs at least one attempt");
        }
    }

    /** How long to wait after the given failed attempt (1 for the first) before trying again. */
    public Duration delayAfter(int attempts) {
        Duration delay = firstDelay.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
