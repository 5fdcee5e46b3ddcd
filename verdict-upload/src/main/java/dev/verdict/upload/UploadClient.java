package dev.verdict.upload;

import dev.verdict.core.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Posts uploads to {@code /v1/uploads}, retrying what may pass on a second try (network errors,
 * 429 after the wait its {@code RateLimit-Reset} asks for, 5xx) with backoff, all within one time
 * budget shared by the whole command, so a slow server delays a build by that much at most.
 *
 * <p>What would fail every upload alike stops the client: no server to connect to, or a token the
 * server refuses (401, 403). The first upload to meet it says why; every later one fails at once,
 * so a build with many files is not held up retrying each of them.
 */
final class UploadClient {
    /** No single attempt waits longer than this, however much budget is left. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** A request body; asked for afresh on every attempt. */
    interface Body {
        HttpRequest.BodyPublisher publisher() throws IOException;

        String contentType();

        /** Null, or the body's content encoding ({@code gzip}). */
        String contentEncoding();
    }

    /** What the server answered to an upload it took. */
    record Accepted(String runUrl, int queued, int skipped, int errors) {}

    /** An upload that did not go through, and why. */
    static class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean everyUpload;

        Failed(String message) {
            this(message, false);
        }

        Failed(String message, boolean everyUpload) {
            super(message, null, false, false);
            this.everyUpload = everyUpload;
        }

        /** Whether the problem is not this upload's but every upload's (the server, the token). */
        boolean everyUpload() {
            return everyUpload;
        }
    }

    /** An upload not sent because the client had stopped: an earlier upload told why. */
    static final class Stopped extends Failed {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message, true);
        }
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final Instant deadline;
    private final Clock clock;
    private final AtomicReference<String> stopped = new AtomicReference<>();

    UploadClient(URI endpoint, String token, Instant deadline, Clock clock) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.endpoint = endpoint;
        this.authorization = "Token token=\"" + token + "\"";
        this.deadline = deadline;
        this.clock = clock;
    }

    /**
     * The upload endpoint for what a user gives: a server's address ({@code https://verdict.example})
     * or the full upload URL, as the collectors' settings hold it.
     */
    static URI endpoint(String url) {
        String trimmed = url.strip().replaceAll("/+$", "");
        if (!trimmed.contains("://")) {
            // host:port, as one would type it for a server on the CI's own network
            trimmed = "http://" + trimmed;
        }
        if (trimmed.endsWith("/v1/uploads")) {
            return URI.create(trimmed);
        }
        return URI.create(trimmed.endsWith("/v1") ? trimmed + "/uploads" : trimmed + "/v1/uploads");
    }

    /** Why the client stopped, once it has: then nothing more is sent. */
    Optional<String> stopped() {
        return Optional.ofNullable(stopped.get());
    }

    /**
     * @throws Stopped if this or an earlier upload met a problem every upload would meet; only the
     *     upload that met it first gets it as a {@link Failed} of its own
     */
    Accepted send(Body body) throws Failed, InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        String lastProblem = "the time budget ran out before the first attempt";
        while (true) {
            String stop = stopped.get();
            if (stop != null) {
                throw new Stopped(stop);
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new Failed(lastProblem + " (gave up: the --timeout budget is spent)");
            }
            Duration wait;
            try {
                HttpResponse<String> reply = http.send(request(body, left), HttpResponse.BodyHandlers.ofString());
                int status = reply.statusCode();
                if (status >= 200 && status < 300) {
                    return accepted(reply.body());
                }
                lastProblem = "HTTP " + status + ": " + message(reply.body());
                if (status == 401 || status == 403) {
                    throw stop(lastProblem + " (every upload carries the same token, so nothing more is sent)");
                }
                if (status == 429) {
                    wait = rateLimitReset(reply).orElse(backoff);
                } else if (status >= 500 || status == 408) {
                    wait = backoff;
                } else {
                    throw new Failed(lastProblem);
                }
            } catch (HttpConnectTimeoutException | ConnectException e) {
                throw stop("cannot connect to " + endpoint + ": " + connectProblem(e) + ", so nothing more is sent");
            } catch (IOException e) {
                lastProblem = rootMessage(e);
                wait = backoff;
            }
            Duration stillLeft = Duration.between(clock.instant(), deadline);
            if (wait.compareTo(stillLeft) >= 0) {
                throw new Failed(lastProblem + " (gave up: a retry would pass the --timeout budget)");
            }
            Thread.sleep(jittered(wait));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * Stops the client for everyone. A refused connection is not retried: a server that is not
     * listening rarely starts within a build's patience, and each retry would hold the build.
     */
    private Failed stop(String problem) {
        return stopped.compareAndSet(null, problem) ? new Failed(problem, true) : new Stopped(stopped.get());
    }

    /** The JDK's client throws a {@link ConnectException} without a message when the connection is refused. */
    private String connectProblem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + endpoint.getHost();
            }
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return "connection refused";
    }

    private static String rootMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause()) {
            message = t.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private HttpRequest request(Body body, Duration left) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(left.compareTo(ATTEMPT_TIMEOUT) < 0 ? left : ATTEMPT_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", body.contentType())
                .header("User-Agent", "verdict-upload/" + Commands.version())
                .POST(body.publisher());
        if (body.contentEncoding() != null) {
            request.header("Content-Encoding", body.contentEncoding());
        }
        return request.build();
    }

    /** Several uploads backing off together would retry together; a little jitter spreads them. */
    private static Duration jittered(Duration wait) {
        return wait.plusMillis(ThreadLocalRandom.current().nextLong(1 + wait.toMillis() / 5));
    }

    /** Seconds until the limit resets, as Buildkite's API sends it; {@code Retry-After} too. */
    private static Optional<Duration> rateLimitReset(HttpResponse<?> reply) {
        return reply.headers()
                .firstValue("RateLimit-Reset")
                .or(() -> reply.headers().firstValue("Retry-After"))
                .flatMap(value -> {
                    try {
                        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    private static Accepted accepted(String body) {
        JsonNode json = parse(body);
        JsonNode runUrl = json.path("run_url");
        return new Accepted(
                runUrl.isString() ? runUrl.stringValue() : null,
                json.path("queued").asInt(0),
                json.path("skipped").asInt(0),
                json.path("errors").size());
    }

    /** The {@code message} of an error body, else the start of whatever the body is. */
    private static String message(String body) {
        JsonNode message = parse(body).path("message");
        if (message.isString()) {
            return message.stringValue();
        }
        String first = body == null ? "" : body.strip().lines().findFirst().orElse("");
        if (first.isEmpty()) {
            return "(no body)";
        }
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body == null ? "" : body);
            return json == null ? Json.MAPPER.missingNode() : json;
        } catch (JacksonException e) {
            return Json.MAPPER.missingNode();
        }
    }
}
