package dev.verdict.server;

import dev.verdict.core.Retention;
import dev.verdict.core.ingest.Outputs;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.http.RateLimits;
import dev.verdict.storage.DatabaseTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a server needs to start.
 *
 * @param host the address to listen on; empty means every interface
 * @param port the port to listen on; 0 picks a free one (tests)
 * @param publicUrl the base of {@code url} and {@code web_url}; empty means {@code http://localhost:PORT}
 * @param secretBox seals suite upload tokens at rest
 * @param staleAfter how long a run may stay without results before it reads as stale
 * @param maxUploadBytes the largest upload body, counted after decompression
 * @param maxOutputChars how much of each output stream (JUnit's system-out and system-err) a result keeps
 * @param rateLimits requests per minute per organization, per token, and uploads per organization
 * @param front what the server believes of a proxy in front, and how long a connection may take
 */
public record VerdictConfig(
        Optional<String> host,
        int port,
        DatabaseTarget database,
        Optional<String> publicUrl,
        SecretBox secretBox,
        Clock clock,
        Duration staleAfter,
        Retention retention,
        long maxUploadBytes,
        int maxOutputChars,
        RateLimits rateLimits,
        Front front,
        Optional<Integer> metricsPort) {

    /**
     * How the server meets its clients.
     *
     * @param trustProxy whether X-Forwarded-* and Forwarded headers say the request's scheme, host
     *     and client; only a proxy that sets them itself may be trusted so
     * @param headerTimeout how long a request's line and headers may take to arrive, from its first byte
     * @param idleTimeout how long a connection may send and receive nothing
     * @param minRequestBytesPerSecond the slowest a request body may arrive, on average since the request began
     */
    public record Front(
            boolean trustProxy, Duration headerTimeout, Duration idleTimeout, long minRequestBytesPerSecond) {
        public static final Front DEFAULTS = new Front(false, Duration.ofSeconds(20), Duration.ofSeconds(30), 4096);

        public Front withTrustProxy(boolean value) {
            return new Front(value, headerTimeout, idleTimeout, minRequestBytesPerSecond);
        }
    }

    public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(1);
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L << 20;

    /** A server on a free port with every default: what tests and the warm-up run start. */
    public static VerdictConfig defaults(DatabaseTarget database, SecretBox secretBox) {
        return new VerdictConfig(
                Optional.empty(),
                0,
                database,
                Optional.empty(),
                secretBox,
                Clock.systemUTC(),
                DEFAULT_STALE_AFTER,
                Retention.DEFAULT,
                DEFAULT_MAX_UPLOAD_BYTES,
                Outputs.DEFAULT_MAX_CHARS,
                RateLimits.DEFAULT,
                Front.DEFAULTS,
                Optional.empty());
    }

    public VerdictConfig withPort(int value) {
        return new VerdictConfig(
                host,
                value,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withClock(Clock value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                value,
                staleAfter,
                retention,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withStaleAfter(Duration value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                value,
                retention,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withRetention(Retention value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                value,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withMaxUploadBytes(long value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                value,
                maxOutputChars,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withMaxOutputChars(int value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                maxUploadBytes,
                value,
                rateLimits,
                front,
                metricsPort);
    }

    public VerdictConfig withRateLimits(RateLimits value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                maxUploadBytes,
                maxOutputChars,
                value,
                front,
                metricsPort);
    }

    public VerdictConfig withFront(Front value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                value,
                metricsPort);
    }

    public VerdictConfig withMetricsPort(Optional<Integer> value) {
        return new VerdictConfig(
                host,
                port,
                database,
                publicUrl,
                secretBox,
                clock,
                staleAfter,
                retention,
                maxUploadBytes,
                maxOutputChars,
                rateLimits,
                front,
                value);
    }
}
