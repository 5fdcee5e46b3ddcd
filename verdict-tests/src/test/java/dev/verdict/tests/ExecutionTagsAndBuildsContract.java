package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The execution tags API (mutable tags) and the build tests API. */
abstract class ExecutionTagsAndBuildsContract extends SuiteContract {

    /** The run's failed executions, after uploading them. */
    List<JsonNode> failedExecutions(String runId) {
        return suite.get("/runs/" + runId + "/failed_executions")
                .json()
                .valueStream()
                .toList();
    }

    JsonNode executionOf(String runId, String testName) {
        return failedExecutions(runId).stream()
                .filter(e -> e.get("test_name").stringValue().equals(testName))
                .findFirst()
                .orElseThrow();
    }

    String uploadRun(TestSuite into, String key, String... executions) {
        HttpReply accepted = into.upload(upload(key, "main", "c1", executions));
        assertThat(accepted.status()).isEqualTo(202);
        into.finishedRuns();
        return accepted.json().get("run_id").stringValue();
    }

    HttpReply putTags(String body) {
        return server().api()
                .put(suite.path("/execution-tags"), org.token(Scope.READ_SUITES, Scope.WRITE_SUITES), body);
    }

    static String tags(String id, String tags) {
        return "{\"id\":\"" + id + "\",\"tags\":" + tags + "}";
    }

    static String executions(String... items) {
        return "{\"executions\":[" + String.join(",", items) + "]}";
    }

    @Test
    void mutableTagsReplaceAndShowInFailedExecutionsAndFilters() {
        String run = uploadRun(suite, "r1", execution("a", "failed", 1), execution("b", "failed", 1));
        String a = executionOf(run, "Scope a").get("execution_id").stringValue();
        String b = executionOf(run, "Scope b").get("execution_id").stringValue();

        HttpReply reply = putTags(executions(
                tags(a, "{\"mut.classification\":\"infrastructure\",\"mut.reason\":\"api_timeout\"}"),
                tags(b, "{\"mut.reason\":\"assertion\"}")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("updated").intValue()).isEqualTo(2);

        JsonNode tagsOfA = executionOf(run, "Scope a").get("tags");
        assertThat(tagsOfA.get("mut.classification").stringValue()).isEqualTo("infrastructure");
        assertThat(tagsOfA.get("mut.reason").stringValue()).isEqualTo("api_timeout");
        List<String> timedOut = server().api()
                .get(
                        suite.path("/tests?tags=mut.reason:api_*"),
                        org.token(Scope.READ_SUITES),
                        "Buildkite-Version",
                        TestsApiContract.VERSION)
                .json()
                .valueStream()
                .map(t -> t.get("name").stringValue())
                .toList();
        assertThat(timedOut).containsExactly("a");

        // Replace: what is not sent is gone; {} removes every mutable tag.
        putTags(executions(tags(a, "{\"mut.reason\":\"dns\"}"), tags(b, "{}")));
        assertThat(executionOf(run, "Scope a").get("tags").has("mut.classification"))
                .isFalse();
        assertThat(executionOf(run, "Scope a").get("tags").get("mut.reason").stringValue())
                .isEqualTo("dns");
        assertThat(executionOf(run, "Scope b").get("tags").has("mut.reason")).isFalse();
    }

    @Test
    void badTagRequestsAre422AndChangeNothing() {
        String run = uploadRun(suite, "r1", execution("a", "failed", 1));
        String a = failedExecutions(run).getFirst().get("execution_id").stringValue();
        putTags(executions(tags(a, "{\"mut.reason\":\"kept\"}")));
        StringBuilder eleven = new StringBuilder("{");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("\"mut.k").append(i).append("\":\"v\"");
        }

        for (String bad : List.of(
                executions(tags(a, "{\"reason\":\"x\"}")),
                executions(tags(a, "{\"mut.\":\"x\"}")),
                executions(tags(a, "{\"mut.reason\":\"\"}")),
                executions(tags(a, "{\"mut.reason\":1}")),
                executions(tags(a, eleven.append("}").toString())),
                executions(tags("not-a-uuid", "{}")),
                executions(tags(a, "{}"), tags(a, "{}")),
                executions(tags(a, "{}"), tags(UUID.randomUUID().toString(), "{}")),
                "{\"executions\":[]}",
                "{}")) {
            HttpReply reply = putTags(bad);
            assertThat(reply.status()).as(bad).isEqualTo(422);
            assertThat(reply.json().get("message").stringValue()).as(bad).startsWith("Validation failed: executions");
        }
        assertThat(failedExecutions(run)
                        .getFirst()
                        .get("tags")
                        .get("mut.reason")
                        .stringValue())
                .isEqualTo("kept");
        // Another suite's execution is unknown here.
        TestSuite other = org.suite("Other");
        String elsewhere = uploadRun(other, "r2", execution("z", "failed", 1));
        String z = other.get("/runs/" + elsewhere + "/failed_executions")
                .json()
                .get(0)
                .get("execution_id")
                .stringValue();
        assertThat(putTags(executions(tags(z, "{\"mut.x\":\"y\"}"))).status()).isEqualTo(422);
        assertThat(server().api()
                        .put(suite.path("/execution-tags"), org.token(Scope.READ_SUITES), executions(tags(a, "{}")))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void buildTestsSpanTheOrganizationsSuites() {
        String build = "3d1a2e5c-0000-4000-8000-" + String.format("%012d", System.nanoTime() % 1_000_000_000_000L);
        TestSuite second = org.suite("Second");
        uploadRun(suite, build, execution("a", "passed", 1), execution("a", "failed", 3));
        uploadRun(second, build, execution("b", "passed", 1.5));
        uploadRun(suite, "another-run", execution("c", "passed", 1));
        String path = org.path("/builds/" + build + "/tests");
        var api = server().api();

        HttpReply reply = api.get(path, org.token(Scope.READ_SUITES));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> tests = reply.json().valueStream().toList();
        assertThat(tests.stream().map(t -> t.get("name").stringValue())).containsExactly("a", "b");
        assertThat(tests.get(0).get("executions_count").longValue()).isEqualTo(2);
        assertThat(tests.get(0).get("reliability").doubleValue()).isEqualTo(0.5);
        assertThat(tests.get(1).get("url").stringValue()).contains("/suites/" + second.slug() + "/tests/");
        assertThat(api.get(path + "?tags=result:~failed", org.token(Scope.READ_SUITES))
                        .json()
                        .size())
                .isEqualTo(1);
        assertThat(api.get(path + "?sort_by=duration_avg&order=asc", org.token(Scope.READ_SUITES))
                        .json()
                        .get(0)
                        .get("name")
                        .stringValue())
                .isEqualTo("b");

        assertThat(api.get(org.path("/builds/0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40/tests"), org.token())
                        .json()
                        .size())
                .isZero();
        assertThat(api.get(org.path("/builds/42/tests"), org.token()).status()).isEqualTo(400);
        TestOrganization stranger = server().newOrganization();
        assertThat(api.get(path, stranger.token()).status()).isEqualTo(404);
        assertThat(api.get(stranger.path("/builds/" + build + "/tests"), stranger.token())
                        .json()
                        .size())
                .isZero();
        assertThat(api.get(path, org.token(Scope.WRITE_SUITES)).status()).isEqualTo(403);
    }
}
