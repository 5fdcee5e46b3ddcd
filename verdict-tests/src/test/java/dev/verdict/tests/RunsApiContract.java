package dev.verdict.tests;

import static dev.verdict.tests.UploadsContract.result;
import static dev.verdict.tests.UploadsContract.results;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Runs API: run objects, the lifecycle as clients see it, filters, and failed executions. */
abstract class RunsApiContract extends SuiteContract {

    static String upload(String key, String branch, String commit, String... results) {
        return "{\"format\":\"json\",\"run_env\":{\"CI\":\"buildkite\",\"key\":\"" + key + "\",\"branch\":\"" + branch
                + "\",\"commit_sha\":\"" + commit + "\"},\"data\":[" + String.join(",", results) + "]}";
    }

    String runId(HttpReply accepted) {
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("run_id").stringValue();
    }

    List<String> ids(String query) {
        HttpReply reply = suite.get(query);
        assertThat(reply.status()).as(query).isEqualTo(200);
        return reply.json().valueStream().map(r -> r.get("id").stringValue()).toList();
    }

    JsonNode run(String id) {
        return suite.get("/runs/" + id).json();
    }

    @Test
    void aRunIsTheRunObjectFieldForField() {
        String key = "0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40";
        String id = runId(suite.upload(upload(key, "main", "1c3214fc", result("a", "passed"))));
        suite.finishedRuns();

        JsonNode run = run(id);

        assertThat(run.properties().stream().map(e -> e.getKey()).toList())
                .containsExactly(
                        "id", "branch", "commit_sha", "state", "result", "url", "web_url", "build_id", "created_at");
        assertThat(run.get("id").stringValue()).isEqualTo(id);
        assertThat(run.get("state").stringValue()).isEqualTo("finished");
        assertThat(run.get("result").stringValue()).isEqualTo("passed");
        assertThat(run.get("build_id").stringValue()).isEqualTo(key);
        assertThat(run.get("url").stringValue()).endsWith(suite.path("/runs/" + id));
        assertThat(run.get("web_url").stringValue())
                .endsWith("/organizations/" + org.slug() + "/analytics/suites/" + suite.slug() + "/runs/" + id);
        assertThat(run.get("created_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void failedIsStickyAndPassedTurnsFailed() {
        String id = runId(suite.upload(upload("sticky", "main", "c1", result("a", "passed"))));
        suite.finishedRuns();
        assertThat(run(id).get("result").stringValue()).isEqualTo("passed");

        suite.upload(upload("sticky", "main", "c1", result("b", "failed")));
        suite.finishedRuns();
        assertThat(run(id).get("result").stringValue()).isEqualTo("failed");

        suite.upload(upload("sticky", "main", "c1", result("b", "passed")));
        suite.finishedRuns();
        assertThat(run(id).get("result").stringValue()).isEqualTo("failed");
    }

    @Test
    void aRunWithNoResultsStaysPending() {
        String id = runId(suite.upload(upload("empty", "main", "c1")));
        suite.finishedRuns();

        assertThat(run(id).get("state").stringValue()).isEqualTo("finished");
        assertThat(run(id).get("result").stringValue()).isEqualTo("pending");
    }

    @Test
    void runsListNewestFirstAndFilter() {
        String first = runId(suite.upload(upload("r1", "main", "aaa", result("a", "passed"))));
        String second = runId(suite.upload(upload("r2", "feature", "bbb", result("a", "failed"))));
        String third = runId(
                suite.upload(upload("3d1a2e5c-0000-4000-8000-000000000003", "main", "ccc", result("a", "passed"))));
        suite.finishedRuns();

        assertThat(ids("/runs")).containsExactly(third, second, first);
        assertThat(ids("/runs?branch=main")).containsExactly(third, first);
        assertThat(ids("/runs?commit_sha=bbb")).containsExactly(second);
        assertThat(ids("/runs?result=failed")).containsExactly(second);
        assertThat(ids("/runs?result=passed&branch=main")).containsExactly(third, first);
        assertThat(ids("/runs?state=finished")).containsExactly(third, second, first);
        assertThat(ids("/runs?state=running")).isEmpty();
        assertThat(ids("/runs?build_id=3d1a2e5c-0000-4000-8000-000000000003")).containsExactly(third);
        assertThat(ids("/runs?created_from=2000-01-01&created_to=2999-01-01T00:00:00Z"))
                .hasSize(3);
        assertThat(ids("/runs?created_to=2000-01-01")).isEmpty();
        assertThat(ids("/runs?result=stale")).isEmpty();
        assertThat(ids("/runs?branch=")).hasSize(3);
    }

    @Test
    void runsArePaged() {
        for (int i = 0; i < 5; i++) {
            suite.upload(upload("page-" + i, "main", "c", result("a", "passed")));
        }
        suite.finishedRuns();

        HttpReply page = suite.get("/runs?per_page=2&page=2");

        assertThat(page.json().size()).isEqualTo(2);
        assertThat(page.header("Link").orElseThrow()).contains("page=3&per_page=2>; rel=\"next\"", "rel=\"prev\"");
    }

    @Test
    void badFilterValuesAre400() {
        for (String query :
                List.of("state=done", "result=green", "build_id=42", "created_from=yesterday", "per_page=500")) {
            HttpReply reply = suite.get("/runs?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("message").stringValue()).as(query).isNotBlank();
        }
    }

    @Test
    void unknownRunsAre404() {
        String id = runId(suite.upload(upload("mine", "main", "c", result("a", "passed"))));
        TestSuite other = org.suite("Elsewhere");

        assertThat(suite.get("/runs/0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40").status())
                .isEqualTo(404);
        assertThat(suite.get("/runs/not-a-uuid").status()).isEqualTo(404);
        assertThat(other.get("/runs/" + id).status()).isEqualTo(404);
        assertThat(other.get("/runs/" + id + "/failed_executions").status()).isEqualTo(404);
        assertThat(suite.get("/runs/" + id).json().get("id").stringValue()).isEqualTo(id);
        assertThat(org.server()
                        .api()
                        .get(org.path("/suites/nope/runs"), org.token(Scope.READ_SUITES))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theRunsApiNeedsReadSuites() {
        HttpReply reply = org.server().api().get(suite.path("/runs"), org.token(Scope.WRITE_SUITES));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").stringValue()).contains("read_suites");
    }

    @Test
    void failedExecutionsCarryEveryFieldAndExpandedOnlyWhenAsked() {
        String failure =
                "{\"scope\":\"Deploy\",\"name\":\"should be available\",\"location\":\"./spec/deploy_spec.rb:23\","
                        + "\"file_name\":\"./spec/deploy_spec.rb\",\"result\":\"failed\",\"failure_reason\":\"it didn't work\","
                        + "\"failure_expanded\":[{\"expanded\":[\"expected 1\"],\"backtrace\":[\"deploy_spec.rb:23\"]}],"
                        + "\"history\":{\"start_at\":0,\"end_at\":3.79073,\"duration\":3.79073},"
                        + "\"tags\":{\"language.name\":\"ruby\",\"scm.branch\":\"main\",\"custom.env\":\"staging\"}}";
        String id = runId(suite.upload(upload("fx", "main", "1c3214fc", failure, result("ok", "passed"))));
        suite.finishedRuns();

        JsonNode plain = suite.get("/runs/" + id + "/failed_executions").json();
        JsonNode expanded = suite.get("/runs/" + id + "/failed_executions?include_failure_expanded=true")
                .json();

        assertThat(plain.size()).isEqualTo(1);
        JsonNode e = plain.get(0);
        assertThat(e.properties().stream().map(p -> p.getKey()).toList())
                .containsExactly(
                        "execution_id",
                        "run_id",
                        "test_id",
                        "run_name",
                        "commit_sha",
                        "created_at",
                        "branch",
                        "failure_reason",
                        "duration",
                        "location",
                        "test_name",
                        "run_url",
                        "test_url",
                        "test_execution_url",
                        "tags",
                        // Verdict's own, after Buildkite's: what the judge found the failure to be.
                        "failure_kind");
        assertThat(e.get("failure_kind").stringValue()).isEqualTo("new");
        assertThat(e.get("run_id").stringValue()).isEqualTo(id);
        assertThat(e.get("run_name").stringValue()).isEqualTo(id);
        assertThat(e.get("commit_sha").stringValue()).isEqualTo("1c3214fc");
        assertThat(e.get("branch").stringValue()).isEqualTo("main");
        assertThat(e.get("failure_reason").stringValue()).isEqualTo("it didn't work");
        assertThat(e.get("duration").doubleValue()).isEqualTo(3.79073);
        assertThat(e.get("location").stringValue()).isEqualTo("./spec/deploy_spec.rb:23");
        assertThat(e.get("test_name").stringValue()).isEqualTo("Deploy should be available");
        String web = "/organizations/" + org.slug() + "/analytics/suites/" + suite.slug();
        assertThat(e.get("run_url").stringValue()).endsWith(web + "/runs/" + id);
        assertThat(e.get("test_url").stringValue())
                .endsWith(web + "/tests/" + e.get("test_id").stringValue());
        assertThat(e.get("test_execution_url").stringValue())
                .endsWith(web + "/tests/" + e.get("test_id").stringValue() + "?execution_id="
                        + e.get("execution_id").stringValue());
        assertThat(e.get("tags").properties().stream().map(p -> p.getKey()).toList())
                .containsExactlyInAnyOrder("language.name", "custom.env");
        assertThat(expanded.get(0)
                        .get("failure_expanded")
                        .get(0)
                        .get("expanded")
                        .get(0)
                        .stringValue())
                .isEqualTo("expected 1");
        assertThat(expanded.get(0)
                        .get("failure_expanded")
                        .get(0)
                        .get("backtrace")
                        .get(0)
                        .stringValue())
                .isEqualTo("deploy_spec.rb:23");
    }

    @Test
    void failedExecutionsWithoutTagsHaveAnEmptyMapAndArePaged() {
        String[] failures = new String[5];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = "{\"name\":\"f" + i + "\",\"result\":\"failed\"}";
        }
        String id = runId(suite.upload(upload("paged", "main", "c", failures)));
        suite.finishedRuns();

        HttpReply page = suite.get("/runs/" + id + "/failed_executions?per_page=2");
        HttpReply withExpanded =
                suite.get("/runs/" + id + "/failed_executions?per_page=1&include_failure_expanded=true");

        assertThat(page.json().size()).isEqualTo(2);
        assertThat(page.json().get(0).get("tags").isObject()).isTrue();
        assertThat(page.json().get(0).get("tags").size()).isZero();
        assertThat(page.json().get(0).get("duration").isNull()).isTrue();
        assertThat(page.header("Link").orElseThrow()).contains("rel=\"next\"");
        assertThat(withExpanded.json().get(0).get("failure_expanded").isArray()).isTrue();
    }
}
