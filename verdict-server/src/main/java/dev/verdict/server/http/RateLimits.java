package dev.verdict.server.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per minute, counted as Buildkite counts them: in 60-second windows, one per
 * organization and one per access token, each request counting against both; uploads have a
 * window of their own per organization, so a burst of CI jobs never starves the API. Zero turns a
 * limit off. Buckets live in this process: servers sharing a database each allow the limit.
 *
 * @param organization REST API requests per organization and minute
 * @param token REST API requests per access token and minute
 * @param uploads uploads per organization and minute
 */
public record RateLimits(int organization, int token, int uploads) {
    public static final RateLimits DEFAULT = new RateLimits(12_000, 6_000, 6_000);
    public static final RateLimits OFF = new RateLimits(0, 0, 0);

    private static final Duration WINDOW = Duration.ofMinutes(1);

    public RateLimits {
        if (organization < 0 || token < 0 || uploads < 0) {
            throw new IllegalArgumentException("a rate limit is a number of requests per minute, 0 for none");
        }
    }

    /** Where a request stands in one window: what the RateLimit headers say, and whether it may go on. */
    record Standing(String scope, boolean allowed, long limit, long remaining, long resetSeconds) {
        long current() {
            return limit - remaining;
        }
    }

    /** The windows of a running server, by key; tokens and organizations are few enough to keep. */
    static final class Windows {
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

        Optional<Standing> take(String scope, String key, int limit) {
            if (limit == 0) {
                return Optional.empty();
            }
            Bucket bucket = buckets.computeIfAbsent(
                    scope + "\n" + key,
                    k -> Bucket.builder()
                            .addLimit(Bandwidth.builder()
                                    .capacity(limit)
                                    .refillIntervally(limit, WINDOW)
                                    .build())
                            .build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            long nanos = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
            long reset = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
            return Optional.of(new Standing(scope, probe.isConsumed(), limit, probe.getRemainingTokens(), reset));
        }
    }
}
