package dev.verdict.server.cli;

import dev.verdict.core.Retention;
import dev.verdict.server.http.RateLimits;
import dev.verdict.upload.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How a server listens and what it accepts: {@code serve}'s own settings. */
final class ServerOptions {
    @Option(
            names = "--host",
            defaultValue = "${env:VERDICT_HOST}",
            paramLabel = "ADDRESS",
            description = "Address to listen on, e.g. 127.0.0.1 (env VERDICT_HOST; default: every interface).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:VERDICT_PORT:-8080}",
            converter = PortConverter.class,
            description = "Port to listen on, 0 for any free one (env VERDICT_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--public-url",
            defaultValue = "${env:VERDICT_PUBLIC_URL}",
            description = "Base of the url and web_url fields (env VERDICT_PUBLIC_URL; default http://localhost:PORT).")
    String publicUrl;

    @Option(
            names = "--stale-after",
            defaultValue = "${env:VERDICT_STALE_AFTER:-1h}",
            converter = Units.DurationConverter.class,
            description = "How long a run may stay without results before it reads as stale, e.g. 30m, 1h, 2d"
                    + " (env VERDICT_STALE_AFTER; default ${DEFAULT-VALUE}).")
    Duration staleAfter;

    @Option(
            names = "--retention",
            defaultValue = "${env:VERDICT_RETENTION:-180d}",
            converter = Units.DurationConverter.class,
            description = "How long runs, their uploads and executions are kept, e.g. 90d, 26w, 1y; a run older"
                    + " answers 404 (env VERDICT_RETENTION; default ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(
            names = "--rollup-retention",
            defaultValue = "${env:VERDICT_ROLLUP_RETENTION:-2y}",
            converter = Units.DurationConverter.class,
            description = "How long hourly and daily test metrics, flaky events, state changes, workflow events"
                    + " and test-plan history are kept: at least --retention (env VERDICT_ROLLUP_RETENTION;"
                    + " default ${DEFAULT-VALUE}).")
    Duration rollupRetention;

    @Option(
            names = "--max-upload-size",
            defaultValue = "${env:VERDICT_MAX_UPLOAD_SIZE:-64MiB}",
            converter = Units.SizeConverter.class,
            description = "The largest upload body after decompression, e.g. 64MiB, 512KiB"
                    + " (env VERDICT_MAX_UPLOAD_SIZE; default ${DEFAULT-VALUE}).")
    long maxUploadBytes;

    @Option(
            names = "--max-output-size",
            defaultValue = "${env:VERDICT_MAX_OUTPUT_SIZE:-64KiB}",
            converter = Units.SizeConverter.class,
            description = "How much of a test's system-out and of its system-err a result keeps, e.g. 64KiB, 1MiB;"
                    + " the middle of longer output is cut (env VERDICT_MAX_OUTPUT_SIZE; default ${DEFAULT-VALUE}).")
    long maxOutputBytes;

    @Option(
            names = "--new-secret-key",
            description = "Make a new secret key although the store holds suite tokens sealed under a lost one;"
                    + " those suites' tokens can then be shown again only after rotating them"
                    + " (verdict suite rotate-token).")
    boolean newSecretKey;

    @Option(
            names = "--rate-limit",
            defaultValue = "${env:VERDICT_RATE_LIMIT:-12000}",
            converter = RateConverter.class,
            description = "API requests per organization and minute; 0 for no limit"
                    + " (env VERDICT_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(
            names = "--token-rate-limit",
            defaultValue = "${env:VERDICT_TOKEN_RATE_LIMIT:-6000}",
            converter = RateConverter.class,
            description = "API requests per access token and minute; 0 for no limit"
                    + " (env VERDICT_TOKEN_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int tokenRateLimit;

    @Option(
            names = "--upload-rate-limit",
            defaultValue = "${env:VERDICT_UPLOAD_RATE_LIMIT:-6000}",
            converter = RateConverter.class,
            description = "Uploads per organization and minute; 0 for no limit"
                    + " (env VERDICT_UPLOAD_RATE_LIMIT; default ${DEFAULT-VALUE}).")
    int uploadRateLimit;

    @Option(
            names = "--trust-proxy",
            defaultValue = "${env:VERDICT_TRUST_PROXY:-false}",
            description = "Believe a proxy's X-Forwarded-Proto, X-Forwarded-Host and Forwarded headers; only behind"
                    + " a proxy that sets them itself (env VERDICT_TRUST_PROXY; default ${DEFAULT-VALUE}).")
    boolean trustProxy;

    @Option(
            names = "--metrics-port",
            defaultValue = "${env:VERDICT_METRICS_PORT}",
            converter = PortConverter.class,
            paramLabel = "PORT",
            description = "Also serve GET /metrics (Prometheus) on this port, with no token: for a port only the"
                    + " monitoring network reaches. Without it /metrics needs a token with read_metrics"
                    + " (env VERDICT_METRICS_PORT).")
    Integer metricsPort;

    /** The two retentions, checked together: rollups outlive executions. */
    Retention retention() {
        return new Retention(retention, rollupRetention);
    }

    RateLimits rateLimits() {
        return new RateLimits(rateLimit, tokenRateLimit, uploadRateLimit);
    }

    /** Requests per minute: a whole number, 0 or more; anything else is wrong usage. */
    static final class RateConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int rate = Integer.parseInt(value.strip());
                if (rate >= 0) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException("'" + value + "' is not a number of requests per minute (0 for none)");
        }
    }

    /** 0 to 65535; a wrong port is wrong usage, said before anything starts. */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.strip());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new TypeConversionException(
                    "'" + value + "' is not a port: a number from 1 to 65535 (0 for any free one)");
        }
    }
}
