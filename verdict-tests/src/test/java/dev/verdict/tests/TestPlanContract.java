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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
