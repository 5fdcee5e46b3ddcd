package dev.verdict.tests;

import static dev.verdict.tests.JudgmentContract.passed;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Json;
import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /mcp} through the official MCP TypeScript SDK's client ({@code @modelcontextprotocol/sdk}
 * from npm) over Streamable HTTP: it negotiates the protocol, lists the tools and calls them, and
 * checks every structured answer against the tool's output schema itself. The data comes through
 * the real upload API; each tool must answer what its REST route answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class McpContract {
    abstract TestServer server();

    private static final List<String> TOOLS = List.of(
            "list_test_suites",
            "list_tests",
            "list_tests_for_build",
            "list_test_runs",
            "get_test_run",
            "get_failed_executions",
            "get_test",
            "explain_run_failure",
            "get_test_health",
            "search_failures",
            "get_test_plan",
            "mute_test",
            "unmute_test");

    private NodeProject client;
    private TestOrganization org;
    private TestSuite suite;
    private String token;
    private String build;
    private String firstRun;
    private String run;

    /**
     * Two runs on main: "broke" fails the same way in both (a streak since the first), "wobbly"
     * fails and then passes on a retry in the second, "steady" passes; TESTOWNERS gives spec/ to
     * the team backend.
     */
    @BeforeAll
    void uploadTwoRunsAndInstallTheClient() throws Exception {
        client = NodeProject.installed("/mcp", "@modelcontextprotocol/sdk");
        org = server().newOrganization();
        suite = org.suite("Web");
        token = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        assertThat(suite.testOwners("spec/ backend\n").status()).isEqualTo(200);
        firstRun = runOf(suite.upload(upload(
                UUID.randomUUID().toString(),
                "main",
                "c1",
                failed("broke", "expected 3 to equal 4 (boom)"),
                passed("wobbly"),
                passed("steady"))));
        suite.finishedRuns(); // the first run is judged before the second
        build = UUID.randomUUID().toString();
        run = runOf(suite.upload(upload(
                build,
                "main",
                "c2",
                failed("broke", "expected 3 to equal 4 (boom)"),
                failed("wobbly", "connection reset"),
                passed("wobbly"),
                passed("steady"))));
        suite.finishedRuns();
        // Tests new in an upload are given their owners just after it is processed.
        OwnershipContract.eventually(
                () -> assertThat(rest(suite.path("/tests?owners=backend"), "Buildkite-Version", "2026-08-01")
                                .size())
                        .isEqualTo(3));
    }

    /** A failed execution with a file, so TESTOWNERS finds its owners. */
    private static String failed(String name, String reason) {
        return TestsApiContract.execution("Scope", name, "failed", 0.1, Map.of())
                .replace("\"result\":\"failed\"", "\"result\":\"failed\",\"failure_reason\":\"" + reason + "\"");
    }

    private static String runOf(HttpReply accepted) {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("run_id").stringValue();
    }

    /** What the client reported: the session, and each step's outcome. */
    private JsonNode session(String bearer, List<Map<String, Object>> steps) throws Exception {
        Map<String, Object> script = new HashMap<>();
        script.put("url", server().api().uri("/mcp").toString());
        script.put("token", bearer);
        script.put("steps", steps);
        NodeProject.Result result =
                client.run(List.of("node", "client.mjs"), Map.of(), Json.MAPPER.writeValueAsString(script), 120);
        assertThat(result.exit()).as(result.output()).isZero();
        return Json.MAPPER.readTree(result.output());
    }

    private static Map<String, Object> list() {
        return Map.of("list", true);
    }

    private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("call", tool, "arguments", arguments);
    }

    /** Each call's result, after a listing so the client checks the answers against the output schemas. */
    private List<JsonNode> calls(String bearer, List<Map<String, Object>> calls) throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(list());
        steps.addAll(calls);
        JsonNode session = session(bearer, steps);
        assertThat(session.has("error")).as(session.toString()).isFalse();
        List<JsonNode> results = new ArrayList<>();
        for (int i = 1; i < session.get("steps").size(); i++) {
            JsonNode step = session.get("steps").get(i);
            assertThat(step.has("thrown")).as("%s: %s", calls.get(i - 1), step).isFalse();
            results.add(step.get("result"));
        }
        return results;
    }

    private JsonNode structured(JsonNode result) {
        assertThat(result.path("isError").asBoolean(false))
                .as(result.toString())
                .isFalse();
        JsonNode structured = numbers(result.get("structuredContent"));
        // The same answer as text, for clients that read only text.
        assertThat(numbers(Json.MAPPER.readTree(
                        result.get("content").get(0).get("text").stringValue())))
                .isEqualTo(structured);
        return structured;
    }

    /**
     * Every number as a double: the client's JavaScript writes 0.0 as 0, and JSON does not tell them
     * apart either.
     */
    private static JsonNode numbers(JsonNode node) {
        if (node.isNumber()) {
            return tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(node.doubleValue());
        }
        if (node.isObject()) {
            ObjectNode copy = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), numbers(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(numbers(e)));
            return copy;
        }
        return node;
    }

    private static String error(JsonNode result) {
        assertThat(result.path("isError").asBoolean(false))
                .as(result.toString())
                .isTrue();
        return result.get("content").get(0).get("text").stringValue();
    }

    private Map<String, Object> inSuite(Object... more) {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("test_suite_slug", suite.slug());
        for (int i = 0; i < more.length; i += 2) {
            arguments.put((String) more[i], more[i + 1]);
        }
        return arguments;
    }

    private String testId(String name) {
        HttpReply tests = suite.get("/tests");
        for (JsonNode test : tests.json()) {
            if (test.get("name").stringValue().equals(name)) {
                return test.get("id").stringValue();
            }
        }
        throw new AssertionError("no test " + name + " in " + tests.body());
    }

    private JsonNode rest(String path, String... header) {
        HttpReply reply = header.length == 0
                ? server().api().get(path, token)
                : server().api().get(path, token, header[0], header[1]);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return numbers(reply.json());
    }

    @Test
    void theClientNegotiatesASessionAndListsEveryToolWithItsSchemas() throws Exception {
        JsonNode session = session(token, List.of(list()));

        assertThat(session.has("error")).as(session.toString()).isFalse();
        assertThat(session.get("protocolVersion").stringValue()).isEqualTo("2025-11-25");
        assertThat(session.get("sessionId").stringValue()).isNotBlank();
        assertThat(session.get("server").get("name").stringValue()).isEqualTo("verdict");
        assertThat(session.get("instructions").stringValue()).contains("explain_run_failure");
        JsonNode tools = session.get("steps").get(0).get("tools");
        List<String> names = new ArrayList<>();
        for (JsonNode tool : tools) {
            String name = tool.get("name").stringValue();
            names.add(name);
            assertThat(tool.get("description").stringValue()).as(name).hasSizeGreaterThan(30);
            assertThat(tool.get("inputSchema").get("type").stringValue()).isEqualTo("object");
            assertThat(tool.get("inputSchema").get("additionalProperties").booleanValue())
                    .as(name + " refuses unknown arguments")
                    .isFalse();
            assertThat(tool.get("outputSchema").get("type").stringValue()).isEqualTo("object");
            assertThat(tool.get("outputSchema").get("properties").size())
                    .as(name)
                    .isPositive();
            assertThat(tool.get("annotations").get("readOnlyHint").booleanValue())
                    .as(name)
                    .isEqualTo(!name.endsWith("mute_test"));
            tool.get("inputSchema")
                    .get("properties")
                    .properties()
                    .forEach(argument -> assertThat(argument.getValue().has("description"))
                            .as("%s's %s has a description", name, argument.getKey())
                            .isTrue());
        }
        assertThat(names).containsExactlyElementsOf(TOOLS);
        JsonNode listTests = tools.get(TOOLS.indexOf("list_tests")).get("inputSchema");
        assertThat(listTests.get("properties").propertyNames())
                .contains(
                        "org_slug",
                        "test_suite_slug",
                        "period",
                        "labels",
                        "branch",
                        "owners",
                        "state",
                        "tags",
                        "sort_by",
                        "order",
                        "page",
                        "per_page");
        assertThat(listTests.get("required").toString()).isEqualTo("[\"test_suite_slug\"]");
        JsonNode failedExecutions =
                tools.get(TOOLS.indexOf("get_failed_executions")).get("inputSchema");
        assertThat(failedExecutions
                        .get("properties")
                        .get("include_failure_expanded")
                        .get("type")
                        .stringValue())
                .isEqualTo("boolean");
        assertThat(failedExecutions.get("required").toString()).contains("run_id");
        JsonNode mute = tools.get(TOOLS.indexOf("mute_test")).get("inputSchema");
        assertThat(mute.get("required").toString()).contains("test_id").contains("reason");

        // A token that may only read is shown only the tools it may call.
        JsonNode readOnly = session(org.token(Scope.READ_SUITES), List.of(list()));
        List<String> shown = new ArrayList<>();
        readOnly.get("steps")
                .get(0)
                .get("tools")
                .forEach(t -> shown.add(t.get("name").stringValue()));
        assertThat(shown).doesNotContain("mute_test", "unmute_test").contains("explain_run_failure");
    }

    @Test
    void aFailedRunIsExplainedWithEachTestsHealthOwnersAndStreak() throws Exception {
        JsonNode explained = structured(calls(token, List.of(call("explain_run_failure", inSuite("run_id", run))))
                .get(0));

        assertThat(explained.get("run").get("id").stringValue()).isEqualTo(run);
        assertThat(explained.get("run").get("result").stringValue()).isEqualTo("failed");
        assertThat(explained.get("summary").stringValue()).startsWith("Failed");
        assertThat(explained.get("counts").get("passed_on_retry").intValue()).isEqualTo(1);
        assertThat(explained.get("next_page").isNull()).isTrue();
        Map<String, JsonNode> tests = new HashMap<>();
        explained.get("tests").forEach(t -> tests.put(t.get("name").stringValue(), t));
        assertThat(tests.keySet()).containsExactlyInAnyOrder("broke", "wobbly");

        JsonNode broke = tests.get("broke");
        assertThat(broke.get("outcome").stringValue()).isEqualTo("failed");
        assertThat(broke.get("failure_reason").stringValue()).contains("boom");
        assertThat(broke.get("owners").toString()).isEqualTo("[\"backend\"]");
        assertThat(broke.get("failing_since").get("run_id").stringValue()).isEqualTo(firstRun);
        assertThat(broke.get("failing_since").get("runs").intValue()).isEqualTo(2);
        assertThat(broke.get("new_in_this_run").booleanValue()).isFalse();
        assertThat(broke.get("failure_kind").stringValue()).isEqualTo("broken");
        assertThat(broke.get("health").stringValue()).isEqualTo("broken");
        assertThat(broke.get("evidence").get(0).get("signal").stringValue()).isEqualTo("failure_streak");

        JsonNode wobbly = tests.get("wobbly");
        assertThat(wobbly.get("outcome").stringValue()).isEqualTo("passed_on_retry");
        assertThat(wobbly.get("attempts").stringValue()).isEqualTo("passed on retry 2");
        assertThat(wobbly.get("failure_kind").stringValue()).isEqualTo("flaky");
        assertThat(wobbly.get("health").stringValue()).isEqualTo("flaky");
        assertThat(wobbly.get("evidence").get(0).get("signal").stringValue()).isEqualTo("retry_flip");

        // The tool answers what its REST route answers.
        JsonNode route = rest(suite.path("/runs/" + run + "/explanation"));
        ObjectNode withoutPaging = (ObjectNode) explained.deepCopy();
        withoutPaging.remove("next_page");
        assertThat(withoutPaging).isEqualTo(route);
    }

    @Test
    void theBuildkiteToolsAnswerWhatTheirRoutesAnswer() throws Exception {
        String broke = testId("broke");
        String version = "Buildkite-Version";
        List<JsonNode> results = calls(
                token,
                List.of(
                        call("list_test_suites", Map.of()),
                        call("list_test_runs", inSuite()),
                        call("get_test_run", inSuite("run_id", run)),
                        call("get_failed_executions", inSuite("run_id", run, "include_failure_expanded", true)),
                        call("list_tests", inSuite("period", "7days", "sort_by", "reliability", "order", "asc")),
                        call("list_tests_for_build", Map.of("build_uuid", build)),
                        call("get_test", inSuite("test_id", broke)),
                        call("get_test_health", inSuite("test_id", broke))));

        assertThat(structured(results.get(0)).get("items")).isEqualTo(rest(org.path("/suites")));
        assertThat(structured(results.get(1)).get("items")).isEqualTo(rest(suite.path("/runs")));
        assertThat(structured(results.get(2))).isEqualTo(rest(suite.path("/runs/" + run)));
        JsonNode failures = structured(results.get(3));
        assertThat(failures.get("items"))
                .isEqualTo(rest(suite.path("/runs/" + run + "/failed_executions?include_failure_expanded=true")));
        assertThat(failures.get("items").size()).isEqualTo(2);
        assertThat(failures.get("items").get(0).has("failure_expanded")).isTrue();
        assertThat(structured(results.get(4)).get("items"))
                .isEqualTo(
                        rest(suite.path("/tests?period=7days&sort_by=reliability&order=asc"), version, "2026-08-01"));
        JsonNode buildTests = structured(results.get(5)).get("items");
        assertThat(buildTests).isEqualTo(rest(org.path("/builds/" + build + "/tests")));
        assertThat(buildTests.size()).isEqualTo(3);
        JsonNode test = structured(results.get(6));
        assertThat(test).isEqualTo(rest(suite.path("/tests/" + broke), version, "2026-08-01"));
        assertThat(test.get("health").stringValue()).isEqualTo("broken");
        assertThat(test.get("executions_count").intValue()).isEqualTo(2);
        JsonNode health = structured(results.get(7));
        assertThat(health.get("health").stringValue()).isEqualTo("broken");
        ObjectNode healthWithoutPaging = (ObjectNode) health.deepCopy();
        healthWithoutPaging.remove("next_page");
        assertThat(healthWithoutPaging).isEqualTo(rest(suite.path("/tests/" + broke + "/health")));
    }

    @Test
    void pagedResultsSayWhichPageComesNext() throws Exception {
        List<JsonNode> results = calls(
                token,
                List.of(
                        call("list_test_runs", inSuite("per_page", 1)),
                        call("list_test_runs", inSuite("per_page", 1, "page", 2))));

        JsonNode first = structured(results.get(0));
        assertThat(first.get("items").size()).isEqualTo(1);
        assertThat(first.get("next_page").intValue()).isEqualTo(2);
        JsonNode second = structured(results.get(1));
        assertThat(second.get("items").get(0).get("id").stringValue()).isEqualTo(firstRun);
        assertThat(second.get("next_page").isNull()).isTrue();
    }

    @Test
    void aFailureReasonIsFoundAcrossRunsWithItsTestAndRuns() throws Exception {
        List<JsonNode> results = calls(
                token,
                List.of(
                        call("search_failures", inSuite("search", "BOOM")),
                        call("search_failures", inSuite("search", "boom", "branch", "feature")),
                        call("search_failures", inSuite("search", "no such failure anywhere"))));

        JsonNode found = structured(results.get(0));
        assertThat(found.get("matched_executions").intValue()).isEqualTo(2);
        assertThat(found.get("truncated").booleanValue()).isFalse();
        assertThat(found.get("tests").size()).isEqualTo(1);
        JsonNode broke = found.get("tests").get(0);
        assertThat(broke.get("name").stringValue()).isEqualTo("broke");
        assertThat(broke.get("matches").intValue()).isEqualTo(2);
        assertThat(broke.get("health").stringValue()).isEqualTo("broken");
        assertThat(broke.get("runs").valueStream().map(r -> r.get("run_id").stringValue()))
                .containsExactly(run, firstRun);
        ObjectNode withoutPaging = (ObjectNode) found.deepCopy();
        withoutPaging.remove("next_page");
        JsonNode route = rest(suite.path("/failures?search=BOOM"));
        withoutPaging.remove(List.of("from", "to"));
        ((ObjectNode) route).remove(List.of("from", "to"));
        assertThat(withoutPaging).isEqualTo(route);
        assertThat(structured(results.get(1)).get("tests").size()).isZero();
        assertThat(structured(results.get(2)).get("tests").size()).isZero();
    }

    @Test
    void aTestPlansAccuracyIsReadByItsIdentifier() throws Exception {
        String identifier = build + "/step-1";
        HttpReply planned = server().api()
                .post(
                        suite.path("/test_plan"),
                        org.token(Scope.WRITE_TEST_PLAN),
                        "{\"identifier\":\"" + identifier
                                + "\",\"parallelism\":2,\"files\":[{\"path\":\"a.test.js\"},{\"path\":\"b.test.js\"}]}");
        assertThat(planned.status()).as(planned.body()).isEqualTo(200);

        List<JsonNode> results = calls(
                token,
                List.of(
                        call("get_test_plan", inSuite("identifier", identifier)),
                        call("get_test_plan", inSuite("identifier", "no-such-step"))));

        JsonNode plans = structured(results.get(0)).get("items");
        assertThat(plans.size()).isEqualTo(1);
        assertThat(plans.get(0).get("identifier").stringValue()).isEqualTo(identifier);
        assertThat(plans.get(0).get("parallelism").intValue()).isEqualTo(2);
        assertThat(plans.get(0).get("nodes").size()).isEqualTo(2);
        assertThat(plans)
                .isEqualTo(rest(suite.path("/test_plans?identifier="
                        + java.net.URLEncoder.encode(identifier, java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(structured(results.get(1)).get("items").size()).isZero();
    }

    @Test
    void muteAndUnmuteNeedAReasonAndWriteSuites() throws Exception {
        TestSuite other = org.suite("Mutable");
        assertThat(other.upload(upload("m1", "main", "c1", passed("quiet"))).status())
                .isEqualTo(202);
        other.finishedRuns();
        String quiet = other.get("/tests").json().get(0).get("id").stringValue();
        Map<String, Object> target = new HashMap<>(Map.of("test_suite_slug", other.slug(), "test_id", quiet));
        Map<String, Object> withReason = new HashMap<>(target);
        withReason.put("reason", "flaky on the new runners, tracked in OPS-12");

        List<JsonNode> readOnly = calls(org.token(Scope.READ_SUITES), List.of(call("mute_test", withReason)));
        assertThat(error(readOnly.get(0))).contains("write_suites");

        List<JsonNode> results = calls(
                token,
                List.of(
                        call("mute_test", target),
                        call("mute_test", withReason),
                        call(
                                "unmute_test",
                                Map.of("test_suite_slug", other.slug(), "test_id", quiet, "reason", "fixed"))));

        assertThat(error(results.get(0))).contains("reason");
        assertThat(structured(results.get(1)).get("id").stringValue()).isEqualTo(quiet);
        JsonNode changes = rest(other.path("/tests/" + quiet + "/state-changes"));
        assertThat(changes.get(0).get("state").stringValue()).isEqualTo("enabled");
        assertThat(changes.get(0).get("reason").stringValue()).isEqualTo("fixed");
        assertThat(changes.get(1).get("state").stringValue()).isEqualTo("muted");
        assertThat(changes.get(1).get("reason").stringValue()).isEqualTo("flaky on the new runners, tracked in OPS-12");
    }

    @Test
    void badArgumentsAreToolErrorsThatSayWhatIsWrong() throws Exception {
        List<JsonNode> results = calls(
                token,
                List.of(
                        call("get_test_run", Map.of("run_id", run)),
                        call("list_test_runs", inSuite("bogus", 1)),
                        call("list_test_runs", inSuite("per_page", 500)),
                        call("list_tests", inSuite("period", "a fortnight")),
                        call("get_test_run", inSuite("run_id", "not-a-run")),
                        call("search_failures", inSuite("search", "ab")),
                        call("list_test_runs", inSuite("per_page", "ten")),
                        call("get_test_run", Map.of("test_suite_slug", "no-such-suite", "run_id", run)),
                        call("get_test_run", inSuite("run_id", run + "/../" + run)),
                        call("get_test_run", inSuite("run_id", ""))));

        assertThat(error(results.get(0))).contains("test_suite_slug");
        assertThat(error(results.get(1))).contains("bogus");
        assertThat(error(results.get(2))).contains("per_page");
        assertThat(error(results.get(3))).contains("period");
        assertThat(error(results.get(4))).isEqualTo("No run found");
        assertThat(error(results.get(5))).contains("at least 3 characters");
        assertThat(error(results.get(6))).contains("per_page");
        assertThat(error(results.get(7))).isEqualTo("No suite found");
        assertThat(error(results.get(8))).contains("run_id");
        assertThat(error(results.get(9))).contains("run_id");
        for (JsonNode result : results) {
            assertThat(error(result)).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void anotherOrganizationsDataIsNotThere() throws Exception {
        TestOrganization stranger = server().newOrganization();
        String theirs = stranger.token(Scope.READ_SUITES, Scope.WRITE_SUITES);

        List<JsonNode> results = calls(
                theirs,
                List.of(
                        call("get_test_run", inSuite("run_id", run)),
                        call("explain_run_failure", inSuite("run_id", run)),
                        call("get_test_run", inSuite("run_id", run, "org_slug", org.slug())),
                        call("list_test_suites", Map.of()),
                        call("list_tests_for_build", Map.of("build_uuid", build)),
                        call("mute_test", inSuite("test_id", testId("steady"), "reason", "not yours"))));

        assertThat(error(results.get(0))).isEqualTo("No suite found");
        assertThat(error(results.get(1))).isEqualTo("No suite found");
        assertThat(error(results.get(2))).isEqualTo("No organization found");
        assertThat(structured(results.get(3)).get("items").size()).isZero();
        assertThat(structured(results.get(4)).get("items").size()).isZero();
        assertThat(error(results.get(5))).isEqualTo("No suite found");
        assertThat(rest(suite.path("/tests/muted")).size()).isZero();
    }

    @Test
    void withoutAValidTokenTheAnswerIs401WithAChallenge() throws Exception {
        Api api = server().api();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(api.uri("/mcp").toString()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(initialize));

        HttpReply none = api.send(request.build());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"verdict\"");
        assertThat(none.json().get("message").stringValue()).contains("Authorization: Bearer");
        HttpReply wrong = api.send(
                request.copy().header("Authorization", "Bearer vda_not-a-token").build());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"verdict\", error=\"invalid_token\"");
        HttpReply uploadToken = api.send(request.copy()
                .header("Authorization", "Bearer " + suite.uploadToken())
                .build());
        assertThat(uploadToken.status())
                .as("a suite's upload token is no API token")
                .isEqualTo(401);

        JsonNode refused = session(null, List.of(list()));
        assertThat(refused.get("code").intValue()).isEqualTo(401);
        assertThat(refused.get("error").stringValue()).contains("Authorization: Bearer");
        JsonNode ours = session(token, List.of(list()));
        assertThat(ours.has("error")).isFalse();
    }
}
