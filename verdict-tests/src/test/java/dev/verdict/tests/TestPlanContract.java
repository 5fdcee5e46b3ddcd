package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Json;
import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Test Plan API as bktec uses it, replaying the requests bktec v3.0.0 and v2.11.0 really sent
 * (shared/fixtures/bktec): the same headers (Bearer token, chunked bodies, JSON content type on
 * a GET), the same order, and every field bktec reads checked in the answers.
 */
abstract class TestPlanContract {
    abstract TestServer server();

    static Path fixtures() {
        return Fixtures.directory().getParent().resolve("bktec");
    }

    static JsonNode captured(String file) throws IOException {
        return Json.MAPPER.readTree(Files.readString(fixtures().resolve(file)));
    }

    /** A request as bktec sends it: Bearer token, its user agent, a JSON body sent chunked. */
    HttpReply send(String method, String path, String token, String body) {
        Api api = server().api();
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                // From a stream of unknown length: sent chunked, with no Content-Length, as bktec does.
                : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return api.send(api.request(path)
                .header("Authorization", "Bearer " + token)
                .header("User-Agent", "Buildkite Test Engine Client/v3.0.0 (linux/amd64)")
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build());
    }

    /** The captured request's path and query, with this suite's organization and slug. */
    static String target(JsonNode captured, TestSuite suite) {
        return captured.get("raw_target")
                .stringValue()
                .replace(
                        "/organizations/acme/suites/s/",
                        "/organizations/" + suite.org().slug() + "/suites/" + suite.slug() + "/");
    }

    @Test
    void bktecV3SplitsOverTwoNodesThroughTheCapturedRequests() throws IOException {
        TestSuite suite = server().newOrganization().suite("Jest v3");
        String token = suite.org().token(Scope.READ_SUITES, Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        JsonNode get = captured("001-GET-v2_analytics_organizations_acme_suites_s_test_plan.json");
        JsonNode post = captured("002-POST-v2_analytics_organizations_acme_suites_s_test_plan.json");
        JsonNode metadata = captured("004-POST-v2_analytics_organizations_acme_suites_s_test_plan_metadata.json");

        HttpReply none = send("GET", target(get, suite), token, null);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("message").stringValue()).isEqualTo("Test plan not found");

        HttpReply created =
                send("POST", target(post, suite), token, post.get("body_json").toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode plan = created.json();
        String identifier = post.get("body_json").get("identifier").stringValue();
        assertThat(plan.get("identifier").stringValue()).isEqualTo(identifier);
        assertThat(plan.get("parallelism").intValue()).isEqualTo(2);
        assertThat(plan.get("experiment").isString()).isTrue();
        assertThat(plan.get("tasks").propertyNames()).containsExactlyInAnyOrder("0", "1");
        List<String> planned = new ArrayList<>();
        for (String node : List.of("0", "1")) {
            JsonNode task = plan.get("tasks").get(node);
            assertThat(task.get("node_number").intValue()).isEqualTo(Integer.parseInt(node));
            assertThat(task.get("tests").size()).as("node " + node).isBetween(2, 3);
            for (JsonNode test : task.get("tests")) {
                assertThat(test.get("format").stringValue()).isEqualTo("selector");
                assertThat(test.get("estimated_duration").intValue()).isEqualTo(1000);
                assertThat(test.get("timing_sample_size").intValue()).isZero();
                planned.add(test.get("value").stringValue());
            }
        }
        assertThat(planned)
                .containsExactlyInAnyOrder(
                        "src/alpha.test.js",
                        "src/beta.test.js",
                        "src/delta.test.js",
                        "src/gamma.test.js",
                        "src/slow.spec.js");
        assertThat(plan.get("muted_tests").isArray()).isTrue();
        assertThat(plan.get("skipped_tests").isArray()).isTrue();
        JsonNode selector = plan.get("timing_metadata").get("selector");
        assertThat(selector.get("median_duration").isNull()).isTrue();
        assertThat(selector.get("default_duration").intValue()).isEqualTo(1000);

        HttpReply report = send(
                "POST",
                target(metadata, suite),
                token,
                metadata.get("body_json").toString());
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().isObject()).isTrue();

        // The second node asks after the first made the plan: the very same answer, exactly 200.
        HttpReply fetched = send("GET", target(get, suite), token, null);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(plan);
        // bktec's HTTP client accepts gzip: the same plan comes compressed.
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<byte[]> zipped = http.send(
                    server().api()
                            .request(target(get, suite))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.statusCode()).isEqualTo(200);
            assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
            try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertThat(Json.MAPPER.readTree(in.readAllBytes())).isEqualTo(plan);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // Posting again for the identifier (a retried job) changes nothing either.
        assertThat(send(
                                "POST",
                                target(post, suite),
                                token,
                                post.get("body_json").toString())
                        .json())
                .isEqualTo(plan);
    }

    @Test
    void bktecV2FilesArePlannedByPath() throws IOException {
        TestSuite suite = server().newOrganization().suite("Jest v2");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        JsonNode post = captured("v2.11.0-scenario/002-POST-v2_analytics_organizations_acme_suites_s_test_plan.json");
        JsonNode files = post.get("body_json").get("tests").get("files");

        HttpReply created =
                send("POST", target(post, suite), token, post.get("body_json").toString());

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        List<String> planned = new ArrayList<>();
        int nodes = post.get("body_json").get("parallelism").intValue();
        assertThat(created.json().get("tasks").size()).isEqualTo(nodes);
        for (JsonNode test : entries(created.json())) {
            assertThat(test.get("format").stringValue()).isEqualTo("file");
            planned.add(test.get("path").stringValue());
        }
        List<String> sent = new ArrayList<>();
        files.forEach(f -> sent.add(f.get("path").stringValue()));
        assertThat(planned).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(created.json()
                        .get("timing_metadata")
                        .get("file")
                        .get("median_duration")
                        .isNull())
                .isTrue();
    }

    @Test
    void threeNodesCreatingOnePlanAtOnceAllGetTheSamePlan() throws Exception {
        TestSuite suite = server().newOrganization().suite("Racing");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        StringBuilder selectors = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            selectors
                    .append(i == 0 ? "" : ",")
                    .append("{\"value\":\"spec/file_")
                    .append(i)
                    .append("_spec.rb\"}");
        }
        String body = "{\"runner\":\"rspec\",\"identifier\":\"build-1/step-1\",\"parallelism\":3,\"branch\":\"main\","
                + "\"tests\":{\"selectors\":[" + selectors + "]}}";
        List<Future<HttpReply>> replies = new ArrayList<>();
        try (ExecutorService nodes = Executors.newFixedThreadPool(3)) {
            for (int n = 0; n < 3; n++) {
                replies.add(nodes.submit(() -> send("POST", suite.path("/test_plan"), token, body)));
            }
        }
        JsonNode first = replies.getFirst().get().json();
        for (Future<HttpReply> reply : replies) {
            assertThat(reply.get().status()).isEqualTo(200);
            assertThat(reply.get().json()).isEqualTo(first);
        }
        int planned = 0;
        for (int n = 0; n < 3; n++) {
            int size = first.get("tasks").get(String.valueOf(n)).get("tests").size();
            assertThat(size).as("node " + n).isBetween(66, 67);
            planned += size;
        }
        assertThat(planned).isEqualTo(200);
    }

    @Test
    void everyNodeIsPresentEvenWithNothingToRun() {
        TestSuite suite = server().newOrganization().suite("Few files");
        String token = suite.org().token(Scope.WRITE_TEST_PLAN);

        HttpReply created = send(
                "POST",
                suite.path("/test_plan"),
                token,
                "{\"identifier\":\"b/s\",\"parallelism\":4,\"tests\":{\"selectors\":[{\"value\":\"a.test.js\"}]}}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().get("tasks").propertyNames()).containsExactlyInAnyOrder("0", "1", "2", "3");
        int empty = 0;
        for (int n = 0; n < 4; n++) {
            empty += created.json()
                            .get("tasks")
                            .get(String.valueOf(n))
                            .get("tests")
                            .isEmpty()
                    ? 1
                    : 0;
        }
        assertThat(empty).isEqualTo(3);
    }

    @Test
    void mutedAndSkippedTestsAreNamedAndSkippedExamplesAreNotPlanned() {
        TestSuite suite = server().newOrganization().suite("Quarantine");
        suite.upload(
                "{\"format\":\"json\",\"run_env\":{\"key\":\"q1\"},\"data\":["
                        + "{\"scope\":\"cart\",\"name\":\"adds\",\"file_name\":\"./spec/cart_spec.rb\",\"result\":\"passed\"},"
                        + "{\"scope\":\"cart\",\"name\":\"wobbles\",\"file_name\":\"./spec/cart_spec.rb\",\"result\":\"failed\"},"
                        + "{\"scope\":\"cart\",\"name\":\"breaks\",\"location\":\"./spec/cart_spec.rb:30\",\"result\":\"failed\"}]}");
        suite.finishedRuns();
        String write = suite.org().token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        JsonNode tests = server().api()
                .get(suite.path("/tests"), write, "Buildkite-Version", TestsApiContract.VERSION)
                .json();
        for (JsonNode t : tests) {
            String name = t.get("name").stringValue();
            if (!name.equals("adds")) {
                String action = name.equals("wobbles") ? "/mute" : "/skip";
                assertThat(server().api()
                                .put(suite.path("/tests/" + t.get("id").stringValue() + action), write, "{}")
                                .status())
                        .isBetween(200, 204);
            }
        }
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);

        HttpReply filtered = send(
                "POST",
                suite.path("/test_plan/filter_tests"),
                token,
                "{\"files\":[{\"path\":\"./spec/cart_spec.rb\"},{\"path\":\"./spec/user_spec.rb\"}],\"env\":{}}");
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().get("tests")).hasSize(1);
        assertThat(filtered.json().get("tests").get(0).get("path").stringValue())
                .isEqualTo("./spec/cart_spec.rb");

        HttpReply created = send(
                "POST",
                suite.path("/test_plan"),
                token,
                "{\"runner\":\"rspec\",\"identifier\":\"b/q\",\"parallelism\":2,\"tests\":{"
                        + "\"files\":[{\"path\":\"./spec/user_spec.rb\"}],\"examples\":["
                        + "{\"format\":\"example\",\"identifier\":\"./spec/cart_spec.rb[1:1]\",\"name\":\"adds\","
                        + "\"path\":\"./spec/cart_spec.rb[1:1]\",\"scope\":\"cart\"},"
                        + "{\"format\":\"example\",\"identifier\":\"./spec/cart_spec.rb[1:3]\",\"name\":\"breaks\","
                        + "\"path\":\"./spec/cart_spec.rb[1:3]\",\"scope\":\"cart\"}]}}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode plan = created.json();
        assertThat(plan.get("tasks").size()).isEqualTo(2);
        List<String> planned =
                entries(plan).stream().map(t -> t.get("path").stringValue()).toList();
        assertThat(planned).containsExactlyInAnyOrder("./spec/user_spec.rb", "./spec/cart_spec.rb[1:1]");
        assertThat(plan.get("muted_tests")).hasSize(1);
        assertThat(plan.get("muted_tests").get(0).get("scope").stringValue()).isEqualTo("cart");
        assertThat(plan.get("muted_tests").get(0).get("name").stringValue()).isEqualTo("wobbles");
        assertThat(plan.get("skipped_tests")).hasSize(1);
        assertThat(plan.get("skipped_tests").get(0).get("name").stringValue()).isEqualTo("breaks");
    }

    @Test
    void anExampleNamedWithATabIsPlannedAsStoredTestsMayHoldOne() {
        TestSuite suite = server().newOrganization().suite("Tabs");

        HttpReply created = send(
                "POST",
                suite.path("/test_plan"),
                suite.org().token(Scope.WRITE_TEST_PLAN),
                "{\"identifier\":\"b/t\",\"parallelism\":1,\"tests\":{\"examples\":[{\"format\":\"example\","
                        + "\"path\":\"t.py::a\",\"scope\":\"t\",\"name\":\"a\\tb\"}]}}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(entries(created.json()).getFirst().get("name").stringValue()).isEqualTo("a\tb");
    }

    /** Posts a captured bktec upload as it was sent (its multipart body and type), with this suite's token. */
    HttpReply replayUpload(TestSuite suite, JsonNode captured) {
        String contentType = null;
        for (JsonNode header : captured.get("headers")) {
            if (header.get(0).stringValue().equalsIgnoreCase("Content-Type")) {
                contentType = header.get(1).stringValue();
            }
        }
        Api api = server().api();
        return api.send(api.request("/v1/uploads")
                .header("Authorization", "Token token=" + suite.uploadToken())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(
                        captured.get("body_text").stringValue()))
                .build());
    }

    /** What each file of a captured jest upload took, in ms, by its path under the upload's cwd. */
    static Map<String, Long> jestFileDurations(JsonNode captured) {
        String body = captured.get("body_text").stringValue();
        String cwd = part(body, "run_env[cwd]");
        Map<String, Long> durations = new HashMap<>();
        for (JsonNode file : Json.MAPPER.readTree(part(body, "data")).get("testResults")) {
            long ms = 0;
            for (JsonNode assertion : file.get("assertionResults")) {
                ms += assertion.path("duration").asLong(0);
            }
            durations.put(file.get("name").stringValue().substring(cwd.length() + 1), ms);
        }
        return durations;
    }

    /** The content of a multipart body's named part. */
    private static String part(String body, String name) {
        int header = body.indexOf("name=\"" + name + "\"");
        int start = body.indexOf("\r\n\r\n", header) + 4;
        return body.substring(start, body.indexOf("\r\n--", start));
    }

    /** Waits until the legacy timings endpoint knows every one of {@code files}: timings follow each commit. */
    void awaitTimings(TestSuite suite, String token, List<String> files) {
        String body = Json.MAPPER.writeValueAsString(Map.of("paths", files));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> send("POST", suite.path("/test_files"), token, body)
                                .json()
                                .size()
                        == files.size());
    }

    @Test
    void bktecsOwnUploadsOfAbsoluteJestPathsTimeTheNextPlan() throws IOException {
        TestSuite suite = server().newOrganization().suite("Jest timings");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        Map<String, Long> expected = new HashMap<>();
        for (String upload : List.of("003-POST-v1_uploads.json", "006-POST-v1_uploads.json")) {
            JsonNode captured = captured(upload);
            HttpReply accepted = replayUpload(suite, captured);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            expected.putAll(jestFileDurations(captured));
        }
        assertThat(expected).containsKeys("src/alpha.test.js", "src/slow.spec.js");
        suite.finishedRuns();
        awaitTimings(suite, token, new ArrayList<>(expected.keySet()));
        // The files are stored as the repository names them, under the upload's cwd.
        JsonNode tests = suite.get("/tests?per_page=100").json();
        assertThat(tests.valueStream().map(t -> t.get("file_name").stringValue()))
                .allMatch(name -> name.startsWith("src/"));

        JsonNode post = captured("002-POST-v2_analytics_organizations_acme_suites_s_test_plan.json");
        HttpReply created =
                send("POST", target(post, suite), token, post.get("body_json").toString());

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode plan = created.json();
        List<JsonNode> entries = entries(plan);
        assertThat(entries).hasSize(5);
        for (JsonNode entry : entries) {
            String file = entry.get("value").stringValue();
            assertThat(entry.get("estimated_duration").longValue()).as(file).isEqualTo(expected.get(file));
            assertThat(entry.get("timing_sample_size").intValue()).as(file).isEqualTo(1);
        }
        assertThat(plan.get("known_timings_ratio").doubleValue()).isEqualTo(1.0);
        JsonNode selector = plan.get("timing_metadata").get("selector");
        assertThat(selector.get("median_duration").isNumber()).isTrue();
        assertThat(selector.get("default_duration").intValue()).isEqualTo(1000);
        // The slow file is alone on its node: the other four together take far less.
        for (JsonNode task : plan.get("tasks")) {
            List<String> values = new ArrayList<>();
            task.get("tests").forEach(t -> values.add(t.get("value").stringValue()));
            if (values.contains("src/slow.spec.js")) {
                assertThat(values).containsExactly("src/slow.spec.js");
            }
        }
    }

    /** A JSON upload of one run on {@code branch}: each file one test that took the given seconds. */
    static String timedUpload(String runKey, String branch, Map<String, Double> seconds, String tags) {
        StringBuilder data = new StringBuilder();
        seconds.forEach((file, s) -> data.append(data.isEmpty() ? "" : ",")
                .append("{\"scope\":\"")
                .append(file)
                .append("\",\"name\":\"runs\",\"file_name\":\"./")
                .append(file)
                .append("\",\"result\":\"passed\",")
                .append(tags)
                .append("\"history\":{\"section\":\"top\",\"start_at\":0,\"end_at\":")
                .append(s)
                .append(",\"duration\":")
                .append(s)
                .append("}}"));
        return "{\"format\":\"json\",\"run_env\":{\"CI\":\"buildkite\",\"key\":\"" + runKey + "\",\"branch\":\""
                + branch + "\"},\"data\":[" + data + "]}";
    }

    static String selectorsRequest(String identifier, int nodes, String branch, List<String> files) {
        StringBuilder selectors = new StringBuilder();
        files.forEach(f -> selectors
                .append(selectors.isEmpty() ? "" : ",")
                .append("{\"value\":\"")
                .append(f)
                .append("\"}"));
        return "{\"runner\":\"rspec\",\"identifier\":\"" + identifier + "\",\"parallelism\":" + nodes + ",\"branch\":\""
                + branch + "\",\"tests\":{\"selectors\":[" + selectors + "]}}";
    }

    @Test
    void plansOnRecordedTimingsAreBalancedFarBetterThanRoundRobin() {
        TestSuite suite = server().newOrganization().suite("Balance");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        // A suite as real ones are: most files quick, a long tail of slow ones (log-normal).
        java.util.Random random = new java.util.Random(7);
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        for (int f = 0; f < 120; f++) {
            seconds.put("spec/f" + f + "_spec.rb", Math.round(Math.exp(random.nextGaussian() * 1.2) * 1000) / 1000.0);
        }
        List<String> files = new ArrayList<>(seconds.keySet());
        // Three runs: the median is the middle one, whatever the order they came in.
        for (double factor : new double[] {1.0, 3.0, 0.5}) {
            Map<String, Double> run = new java.util.LinkedHashMap<>();
            seconds.forEach((file, s) -> run.put(file, s * factor));
            assertThat(suite.upload(timedUpload("run-" + factor, "main", run, ""))
                            .status())
                    .isEqualTo(202);
            suite.finishedRuns();
        }
        awaitTimings(suite, token, files);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> send(
                                        "POST",
                                        suite.path("/test_plan"),
                                        token,
                                        selectorsRequest("probe-" + System.nanoTime(), 1, "main", files))
                                .json()
                                .get("tasks")
                                .get("0")
                                .get("tests")
                                .get(0)
                                .get("timing_sample_size")
                                .intValue()
                        == 3);
        int nodes = 8;

        JsonNode plan = send(
                        "POST", suite.path("/test_plan"), token, selectorsRequest("b/balance", nodes, "main", files))
                .json();

        Map<String, Long> estimates = new HashMap<>();
        long[] load = new long[nodes];
        for (int n = 0; n < nodes; n++) {
            for (JsonNode entry : plan.get("tasks").get(String.valueOf(n)).get("tests")) {
                assertThat(entry.get("timing_sample_size").intValue()).isEqualTo(3);
                estimates.put(
                        entry.get("value").stringValue(),
                        entry.get("estimated_duration").longValue());
                load[n] += entry.get("estimated_duration").longValue();
            }
        }
        assertThat(estimates.keySet()).containsExactlyInAnyOrderElementsOf(files);
        long total = 0;
        long longest = 0;
        long[] roundRobin = new long[nodes];
        for (int i = 0; i < files.size(); i++) {
            long expected = Math.round(seconds.get(files.get(i)) * 1000);
            assertThat(estimates.get(files.get(i))).as(files.get(i)).isBetween(expected - 1, expected + 1);
            total += expected;
            longest = Math.max(longest, expected);
            roundRobin[i % nodes] += expected;
        }
        double lowerBound = Math.max(longest, (double) total / nodes);
        long makespan = java.util.Arrays.stream(load).max().orElseThrow();
        long naive = java.util.Arrays.stream(roundRobin).max().orElseThrow();
        assertThat(makespan).isLessThanOrEqualTo((long) (lowerBound * 1.05));
        assertThat((double) naive / makespan).as("round robin against the plan").isGreaterThan(1.3);
    }

    @Test
    void uploadsTimingsAreCountedInTheBackgroundEachRunOnceAtItsLongest() {
        TestSuite suite = server().newOrganization().suite("Counted");
        String id = suite.get("").json().get("id").stringValue();
        // Two uploads of one run (a node, then a retry of its failures), then a second run, each
        // processed before the next is sent.
        String[][] uploads = {{"r1", "2.0"}, {"r1", "3.0"}, {"r2", "1.0"}};
        for (int n = 0; n < uploads.length; n++) {
            String json =
                    timedUpload(uploads[n][0], "main", Map.of("spec/a_spec.rb", Double.valueOf(uploads[n][1])), "");
            assertThat(suite.upload(json).status()).isEqualTo(202);
            long processed = n + 1;
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> server().count(
                                            "SELECT count(*) FROM uploads WHERE suite_id = ? AND state = 'processed'",
                                            id)
                            == processed);
        }

        // No plan asks for them: the server's own fold counts what the uploads queued.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> server().count("SELECT count(*) FROM timing_inbox WHERE suite_id = ?", id) == 0);
        assertThat(server().count(
                                "SELECT count(*) FROM file_timings WHERE suite_id = ? AND file = ? AND samples = ?",
                                id,
                                "spec/a_spec.rb",
                                "1000,3000"))
                .as("r2's sample, then r1's longest upload")
                .isEqualTo(1);
    }

    @Test
    void aBranchUsesItsOwnTimingsThenTheDefaultBranchsAndTheSelectorTagWins() {
        TestSuite suite = server().newOrganization().suite("Branches");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        assertThat(suite.upload(timedUpload("m1", "main", Map.of("spec/a_spec.rb", 4.0, "spec/b_spec.rb", 2.0), ""))
                        .status())
                .isEqualTo(202);
        assertThat(suite.upload(timedUpload("f1", "feature/x", Map.of("spec/a_spec.rb", 9.0), ""))
                        .status())
                .isEqualTo(202);
        // The selector bktec ran it by is the file a result counts toward, whatever its file name says.
        assertThat(suite.upload(timedUpload(
                                "m2",
                                "main",
                                Map.of("lib/tagged.rb", 7.0),
                                "\"tags\":{\"test.selector.primary\":\"spec/c_spec.rb\"},"))
                        .status())
                .isEqualTo(202);
        suite.finishedRuns();
        awaitTimings(suite, token, List.of("spec/a_spec.rb", "spec/b_spec.rb", "spec/c_spec.rb"));

        Map<String, Long> feature = estimates(send(
                        "POST",
                        suite.path("/test_plan"),
                        token,
                        selectorsRequest(
                                "b/feature",
                                2,
                                "feature/x",
                                List.of("spec/a_spec.rb", "./spec/b_spec.rb", "spec/c_spec.rb", "spec/new_spec.rb")))
                .json());
        assertThat(feature)
                .containsEntry("spec/a_spec.rb", 9000L)
                .containsEntry("./spec/b_spec.rb", 2000L)
                .containsEntry("spec/c_spec.rb", 7000L)
                .containsEntry("spec/new_spec.rb", 1000L);
        Map<String, Long> main = estimates(send(
                        "POST",
                        suite.path("/test_plan"),
                        token,
                        selectorsRequest("b/main", 2, "main", List.of("spec/a_spec.rb")))
                .json());
        assertThat(main).containsEntry("spec/a_spec.rb", 4000L);
        JsonNode plan = send("GET", suite.path("/test_plan?identifier=b/feature"), token, null)
                .json();
        assertThat(plan.get("known_timings_ratio").doubleValue()).isEqualTo(0.75);
    }

    @Test
    void filterTestsNamesSlowFilesAndTestFilesAnswersKnownTimings() {
        TestSuite suite = server().newOrganization().suite("Slow files");
        String token = suite.org().token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        assertThat(suite.upload(timedUpload(
                                "s1",
                                "main",
                                Map.of("spec/huge_spec.rb", 60.0, "spec/a_spec.rb", 5.0, "spec/b_spec.rb", 5.0),
                                ""))
                        .status())
                .isEqualTo(202);
        suite.finishedRuns();
        awaitTimings(suite, token, List.of("spec/huge_spec.rb", "spec/a_spec.rb", "spec/b_spec.rb"));
        String files = "\"files\":[{\"path\":\"spec/huge_spec.rb\"},{\"path\":\"spec/a_spec.rb\"},"
                + "{\"path\":\"spec/b_spec.rb\"},{\"path\":\"spec/unknown_spec.rb\"}]";

        // Over 3 nodes a node's share is 71 s / 3: only the huge file is longer.
        HttpReply byNodes = send(
                "POST",
                suite.path("/test_plan/filter_tests"),
                token,
                "{" + files
                        + ",\"env\":{\"BUILDKITE_PARALLEL_JOB_COUNT\":\"3\"},\"max_parallelism\":0,\"target_time\":0}");
        assertThat(byNodes.status()).isEqualTo(200);
        assertThat(byNodes.json().get("tests")).hasSize(1);
        assertThat(byNodes.json().get("tests").get(0).get("path").stringValue()).isEqualTo("spec/huge_spec.rb");
        assertThat(byNodes.json().get("tests").get(0).get("reason").stringValue())
                .contains("longer");
        // With a target time of 4 s, every file known to take longer is split.
        HttpReply byTarget = send(
                "POST",
                suite.path("/test_plan/filter_tests"),
                token,
                "{" + files + ",\"env\":{},\"max_parallelism\":10,\"target_time\":4}");
        assertThat(byTarget.json()
                        .get("tests")
                        .valueStream()
                        .map(t -> t.get("path").stringValue()))
                .containsExactly("spec/huge_spec.rb", "spec/a_spec.rb", "spec/b_spec.rb");

        HttpReply timings = send(
                "POST",
                suite.path("/test_files"),
                token,
                "{\"paths\":[\"spec/huge_spec.rb\",\"./spec/a_spec.rb\",\"spec/unknown_spec.rb\"]}");
        assertThat(timings.status()).isEqualTo(200);
        assertThat(timings.json().propertyNames()).containsExactlyInAnyOrder("spec/huge_spec.rb", "./spec/a_spec.rb");
        assertThat(timings.json().get("spec/huge_spec.rb").longValue()).isEqualTo(60_000);
        assertThat(timings.json().get("./spec/a_spec.rb").longValue()).isEqualTo(5_000);

        // Split by example, the huge file's examples share its time, and its examples fill the nodes.
        StringBuilder examples = new StringBuilder();
        for (int e = 1; e <= 6; e++) {
            examples.append(e == 1 ? "" : ",")
                    .append("{\"format\":\"example\",\"identifier\":\"spec/huge_spec.rb[1:")
                    .append(e)
                    .append("]\",\"name\":\"e")
                    .append(e)
                    .append("\",\"path\":\"spec/huge_spec.rb[1:")
                    .append(e)
                    .append("]\",\"scope\":\"huge\"}");
        }
        JsonNode plan = send(
                        "POST",
                        suite.path("/test_plan"),
                        token,
                        "{\"runner\":\"rspec\",\"identifier\":\"b/split\",\"parallelism\":3,\"branch\":\"main\","
                                + "\"tests\":{\"files\":[{\"path\":\"spec/a_spec.rb\"},{\"path\":\"spec/b_spec.rb\"}],"
                                + "\"examples\":[" + examples + "]}}")
                .json();
        for (JsonNode entry : entries(plan)) {
            if (entry.get("format").stringValue().equals("example")) {
                assertThat(entry.get("estimated_duration").longValue()).isEqualTo(10_000);
            }
        }
        for (JsonNode task : plan.get("tasks")) {
            long load = 0;
            for (JsonNode entry : task.get("tests")) {
                load += entry.get("estimated_duration").longValue();
            }
            assertThat(load).as("node " + task.get("node_number")).isBetween(20_000L, 30_000L);
        }
    }

    @Test
    void bktecsRunReportsShowHowAccurateEachPlanWas() throws IOException {
        TestSuite suite = server().newOrganization().suite("Accuracy");
        String token = suite.org().token(Scope.READ_SUITES, Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        JsonNode post = captured("002-POST-v2_analytics_organizations_acme_suites_s_test_plan.json");
        JsonNode plan = send(
                        "POST",
                        target(post, suite),
                        token,
                        post.get("body_json").toString())
                .json();
        long[] predicted = new long[2];
        for (int n = 0; n < 2; n++) {
            for (JsonNode entry : plan.get("tasks").get(String.valueOf(n)).get("tests")) {
                predicted[n] += entry.get("estimated_duration").longValue();
            }
        }
        // Before any node reports: the prediction alone.
        JsonNode before = server().api().get(suite.path("/test_plans"), token).json();
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("nodes_reported").intValue()).isZero();
        assertThat(before.get(0).get("actual_makespan_ms").isNull()).isTrue();
        assertThat(before.get(0).get("worst_node").isNull()).isTrue();

        long[] actual = new long[2];
        for (String report : List.of(
                "004-POST-v2_analytics_organizations_acme_suites_s_test_plan_metadata.json",
                "007-POST-v2_analytics_organizations_acme_suites_s_test_plan_metadata.json")) {
            JsonNode body = captured(report).get("body_json");
            JsonNode timeline = body.get("timeline");
            actual[body.get("env").get("BUILDKITE_PARALLEL_JOB").intValue()] = Duration.between(
                            java.time.Instant.parse(
                                    timeline.get(0).get("timestamp").stringValue()),
                            java.time.Instant.parse(timeline.get(timeline.size() - 1)
                                    .get("timestamp")
                                    .stringValue()))
                    .toMillis();
            HttpReply answered = send("POST", target(captured(report), suite), token, body.toString());
            assertThat(answered.status()).isEqualTo(200);
        }

        HttpReply listed = server().api().get(suite.path("/test_plans?per_page=10"), token);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode record = listed.json().get(0);
        assertThat(record.get("identifier").stringValue())
                .isEqualTo(plan.get("identifier").stringValue());
        assertThat(record.get("branch").stringValue()).isEqualTo("main");
        assertThat(record.get("parallelism").intValue()).isEqualTo(2);
        assertThat(record.get("nodes_reported").intValue()).isEqualTo(2);
        for (int n = 0; n < 2; n++) {
            JsonNode node = record.get("nodes").get(n);
            assertThat(node.get("node_number").intValue()).isEqualTo(n);
            assertThat(node.get("predicted_ms").longValue()).isEqualTo(predicted[n]);
            assertThat(node.get("actual_ms").longValue()).isEqualTo(actual[n]);
        }
        int worst = actual[0] >= actual[1] ? 0 : 1;
        assertThat(record.get("worst_node").get("node_number").intValue()).isEqualTo(worst);
        assertThat(record.get("actual_makespan_ms").longValue()).isEqualTo(actual[worst]);
        long predictedMakespan = Math.max(predicted[0], predicted[1]);
        assertThat(record.get("predicted_makespan_ms").longValue()).isEqualTo(predictedMakespan);
        assertThat(record.get("makespan_error").doubleValue())
                .isCloseTo((double) actual[worst] / predictedMakespan - 1, org.assertj.core.data.Offset.offset(1e-9));

        // A report of no known plan is answered and kept nowhere; a malformed one says what is wrong.
        String stray = "{\"env\":{\"BUILDKITE_TEST_ENGINE_IDENTIFIER\":\"other/step\",\"BUILDKITE_PARALLEL_JOB\":0},"
                + "\"timeline\":[{\"timestamp\":\"2026-12-01T17:41:41Z\",\"event\":\"test_start\"}]}";
        assertThat(send("POST", suite.path("/test_plan_metadata"), token, stray).status())
                .isEqualTo(200);
        assertThat(server().api().get(suite.path("/test_plans"), token).json()).hasSize(1);
        HttpReply bad = send(
                "POST",
                suite.path("/test_plan_metadata"),
                token,
                "{\"env\":{\"BUILDKITE_TEST_ENGINE_IDENTIFIER\":\"x\",\"BUILDKITE_PARALLEL_JOB\":0},"
                        + "\"timeline\":[{\"timestamp\":\"yesterday\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").stringValue()).isEqualTo("timeline[0].timestamp must be an RFC 3339 time");
        assertThat(server().api()
                        .get(suite.path("/test_plans"), suite.org().token(Scope.READ_TEST_PLAN))
                        .status())
                .isEqualTo(403);
    }

    /** Each entry's estimate by its value or path. */
    static Map<String, Long> estimates(JsonNode plan) {
        Map<String, Long> estimates = new HashMap<>();
        for (JsonNode entry : entries(plan)) {
            String key = entry.has("value")
                    ? entry.get("value").stringValue()
                    : entry.get("path").stringValue();
            estimates.put(key, entry.get("estimated_duration").longValue());
        }
        return estimates;
    }

    /** Every entry of the plan's tasks, node by node. */
    static List<JsonNode> entries(JsonNode plan) {
        List<JsonNode> entries = new ArrayList<>();
        for (int n = 0; n < plan.get("tasks").size(); n++) {
            plan.get("tasks").get(String.valueOf(n)).get("tests").forEach(entries::add);
        }
        return entries;
    }

    @Test
    void aTokenWithoutTheTestPlanScopesIsForbiddenAndBadBodiesSayWhatIsWrong() {
        TestSuite suite = server().newOrganization().suite("Scopes");
        String body = "{\"identifier\":\"b/s\",\"parallelism\":2,\"tests\":{\"selectors\":[{\"value\":\"a\"}]}}";

        HttpReply readOnly = send("POST", suite.path("/test_plan"), suite.org().token(Scope.READ_TEST_PLAN), body);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.json().get("message").stringValue()).contains("write_test_plan");
        HttpReply suitesOnly =
                send("GET", suite.path("/test_plan?identifier=b/s"), suite.org().token(Scope.READ_SUITES), null);
        assertThat(suitesOnly.status()).isEqualTo(403);

        String token = suite.org().token(Scope.WRITE_TEST_PLAN);
        HttpReply noIdentifier = send("POST", suite.path("/test_plan"), token, "{\"parallelism\":2}");
        assertThat(noIdentifier.status()).isEqualTo(400);
        assertThat(noIdentifier.json().get("message").stringValue()).isEqualTo("identifier is required");
        HttpReply badNodes = send("POST", suite.path("/test_plan"), token, "{\"identifier\":\"x\",\"parallelism\":0}");
        assertThat(badNodes.status()).isEqualTo(400);
        assertThat(badNodes.json().get("message").stringValue()).contains("parallelism");
        HttpReply badTest = send(
                "POST",
                suite.path("/test_plan"),
                token,
                "{\"identifier\":\"x\",\"parallelism\":2,\"tests\":{\"selectors\":[{\"value\":7}]}}");
        assertThat(badTest.status()).isEqualTo(400);
        assertThat(badTest.json().get("message").stringValue()).isEqualTo("tests.selectors[0].value must be a string");
        HttpReply nul = send(
                "POST",
                suite.path("/test_plan"),
                token,
                "{\"identifier\":\"x\",\"parallelism\":2,\"tests\":{\"selectors\":[{\"value\":\"a\\u0000b\"}]}}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("message").stringValue())
                .isEqualTo("tests.selectors[0].value holds a control character");
        // Nothing was stored for the refused requests.
        assertThat(send(
                                "GET",
                                suite.path("/test_plan?identifier=x"),
                                suite.org().token(Scope.READ_TEST_PLAN),
                                null)
                        .status())
                .isEqualTo(404);
    }
}
