package dev.verdict.bench.judgment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends a history's builds to a real server through its public APIs, as CI would, and reads what
 * the server judges of every test after each build.
 *
 * <p>Each job is one JSON upload to {@code POST /v1/uploads}, sent with the server's clock moved
 * to when the job finished. Once a build's uploads are processed ({@code GET /v1/uploads/{id}}),
 * every test is read through the Tests API with {@code Buildkite-Version: 2026-08-01}.
 */
public final class Replay {
    /** The version of the Tests API whose test objects the judgment is read from. */
    public static final String TESTS_API_VERSION = "2026-08-01";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PER_PAGE = 100;
    private static final Duration PROCESSING_LIMIT = Duration.ofSeconds(60);

    /**
     * Where to replay: the server, the organization and suite (slugs), the suite's upload token
     * and an API access token that may read the suite.
     */
    public record Target(URI server, String organization, String suite, String uploadToken, String apiToken) {}

    private final Target target;
    private final ReplayClock clock;
    private final Consumer<String> progress;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code clock} is the one the server runs on. */
    public Replay(Target target, ReplayClock clock, Consumer<String> progress) {
        this.target = target;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Replays every build in order and returns the server's judgment after each. The history's
     * times are shifted forward when the clock is already past them, so the clock never goes back.
     */
    public Observations run(History history) {
        Instant first = history.builds().getFirst().startedAt();
        Duration shift = Duration.between(first, clock.instant().plus(Duration.ofHours(1)));
        if (shift.isNegative()) {
            shift = Duration.ZERO;
        }
        Map<String, Integer> byKey = new HashMap<>();
        for (TestCase test : history.tests()) {
            byKey.put(test.key(), test.index());
        }
        Observations observations = new Observations(history.tests().size());
        for (Build build : history.builds()) {
            List<String> uploads = new ArrayList<>();
            for (Job job : build.jobs()) {
                clock.moveTo(job.finishedAt().plus(shift));
                uploads.add(upload(history, build, job));
            }
            for (String id : uploads) {
                awaitProcessed(id);
            }
            observations.add(read(byKey));
            if ((build.index() + 1) % 10 == 0
                    || build.index() == history.builds().size() - 1) {
                progress.accept("replayed " + (build.index() + 1) + "/"
                        + history.builds().size() + " builds");
            }
        }
        return observations;
    }

    /** The upload body a collector would send for one job. */
    static String body(History history, Build build, Job job) {
        ObjectNode body = JSON.createObjectNode();
        body.put("format", "json");
        ObjectNode env = body.putObject("run_env");
        env.put("ci", "buildkite");
        env.put("key", build.runKey());
        env.put("branch", build.branch());
        env.put("commit_sha", build.commitSha());
        env.put("number", String.valueOf(build.number()));
        env.put("job_id", job.jobId());
        env.put("message", (build.retry() ? "Retry of build " + (build.retryOf() + 1) + ": " : "") + build.branch());
        body.putObject("tags").put("host.os", job.platform());
        ArrayNode data = body.putArray("data");
        for (Execution e : job.executions()) {
            TestCase test = history.tests().get(e.test());
            ObjectNode result = data.addObject();
            result.put("scope", test.scope());
            result.put("name", test.name());
            result.put("location", test.location());
            result.put("file_name", test.fileName());
            result.put("result", e.passed() ? "passed" : "failed");
            if (!e.passed()) {
                result.put("failure_reason", e.failureReason());
            }
            result.putObject("history").put("duration", Math.round(e.duration() * 1000) / 1000.0);
        }
        return JSON.writeValueAsString(body);
    }

    private String upload(History history, Build build, Job job) {
        HttpResponse<String> reply = send(request("/v1/uploads")
                .header("Authorization", "Token token=\"" + target.uploadToken() + "\"")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(history, build, job)))
                .build());
        if (reply.statusCode() != 202) {
            throw new IllegalStateException("build " + build.number() + " " + job.platform() + ": upload answered "
                    + reply.statusCode() + " " + reply.body());
        }
        return JSON.readTree(reply.body()).get("id").stringValue();
    }

    private void awaitProcessed(String id) {
        long deadline = System.nanoTime() + PROCESSING_LIMIT.toNanos();
        while (true) {
            HttpResponse<String> reply = send(request("/v1/uploads/" + id)
                    .header("Authorization", "Token token=\"" + target.uploadToken() + "\"")
                    .GET()
                    .build());
            String state = reply.statusCode() == 200
                    ? JSON.readTree(reply.body()).get("state").stringValue()
                    : "answered " + reply.statusCode();
            switch (state) {
                case "processed" -> {
                    return;
                }
                case "queued" -> {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("upload " + id + " still queued after " + PROCESSING_LIMIT);
                    }
                    pause();
                }
                default -> throw new IllegalStateException("upload " + id + " " + state + ": " + reply.body());
            }
        }
    }

    /** Every test's health now, by test index; a test the API does not list stays null. */
    private Health[] read(Map<String, Integer> byKey) {
        Health[] healths = new Health[byKey.size()];
        for (int page = 1; ; page++) {
            String path = "/v2/analytics/organizations/" + target.organization() + "/suites/" + target.suite()
                    + "/tests?period=28days&per_page=" + PER_PAGE + "&page=" + page;
            HttpResponse<String> reply = send(request(path)
                    .header("Authorization", "Bearer " + target.apiToken())
                    .header("Buildkite-Version", TESTS_API_VERSION)
                    .GET()
                    .build());
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("the Tests API answered " + reply.statusCode() + " " + reply.body());
            }
            JsonNode tests = JSON.readTree(reply.body());
            for (JsonNode test : tests) {
                Integer index = byKey.get(TestCase.key(
                        test.get("scope").stringValue(), test.get("name").stringValue()));
                if (index != null) {
                    healths[index] = Health.of(test);
                }
            }
            if (tests.size() < PER_PAGE) {
                return healths;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(target.server().resolve(path)).timeout(Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
