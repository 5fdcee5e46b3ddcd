package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.VERSION;
import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The judge as clients see it: health in the Tests API, the evidence behind it, and what kind each
 * failed execution was. Every history here goes through the real upload API.
 */
abstract class JudgmentContract extends SuiteContract {

    void send(String body) {
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }

    /** Each test's health by name, from the versioned Tests API. */
    Map<String, JsonNode> tests(String query) {
        HttpReply reply = server().api()
                .get(
                        suite.path("/tests?per_page=100" + query),
                        org.token(Scope.READ_SUITES),
                        "Buildkite-Version",
                        VERSION);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, JsonNode> byName = new HashMap<>();
        reply.json().valueStream().forEach(t -> byName.put(t.get("name").stringValue(), t));
        return byName;
    }

    String health(String name) {
        return tests("").get(name).get("health").stringValue();
    }

    JsonNode healthOf(String name, String query) {
        String id = tests("").get(name).get("id").stringValue();
        HttpReply reply = suite.get("/tests/" + id + "/health" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    List<String> signals(String name) {
        List<String> signals = new ArrayList<>();
        healthOf(name, "")
                .get("evidence")
                .forEach(e -> signals.add(e.get("signal").stringValue()));
        return signals;
    }

    /** failure_kind of each failed execution of a run, by test name. */
    Map<String, String> kindsOf(String runId) {
        Map<String, String> kinds = new HashMap<>();
        suite.get("/runs/" + runId + "/failed_executions")
                .json()
                .forEach(e -> kinds.put(
                        e.get("test_name").stringValue(), e.get("failure_kind").stringValue()));
        return kinds;
    }

    String runOf(HttpReply accepted) {
        assertThat(accepted.status()).isEqualTo(202);
        suite.finishedRuns();
        return accepted.json().get("run_id").stringValue();
    }

    static String outage(String key, String commit, int victims, int healthy) {
        String[] results = new String[victims + healthy];
        for (int i = 0; i < victims; i++) {
            // Addresses and ports vary from failure to failure; the reason is the same.
            results[i] = failed("victim" + i, "connect ECONNREFUSED 10.0." + i + "." + (i * 7 % 250) + ":5432");
        }
        for (int i = 0; i < healthy; i++) {
            results[victims + i] = execution("fine" + i, "passed", 0.1);
        }
        return upload(key, "main", commit, results);
    }

    static String failed(String name, String reason) {
        return "{\"scope\":\"Scope\",\"name\":\"" + name + "\",\"result\":\"failed\",\"failure_reason\":\"" + reason
                + "\",\"history\":{\"duration\":0.1}}";
    }

    static String passed(String name) {
        return execution(name, "passed", 0.1);
    }

    @Test
    void anOutageIsEvidenceForNothingAndItsRetryFlipsNoTest() {
        String red = runOf(suite.upload(outage("build-1", "c1", 8, 2)));
        send(outage("build-2", "c1", 0, 2).replace("]}", "," + passedVictims(8) + "]}"));

        assertThat(kindsOf(red)).hasSize(8).containsValue("infrastructure").doesNotContainValue("flaky");
        assertThat(tests("&health=flaky")).isEmpty();
        assertThat(tests("").get("victim0").get("health").stringValue()).isEqualTo("new");
        assertThat(suite.get("/tests?label=flaky").json().size()).isZero();
        assertThat(signals("victim0")).isEmpty();
    }

    private static String passedVictims(int n) {
        List<String> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(passed("victim" + i));
        }
        return String.join(",", results);
    }

    @Test
    void aFewFailuresForOneReasonAreNoOutage() {
        // Two of ten tests failing with the same assertion is a break, not the infrastructure.
        List<String> results = new ArrayList<>();
        results.add(failed("a", "expected 1 to equal 2"));
        results.add(failed("b", "expected 1 to equal 2"));
        for (int i = 0; i < 8; i++) {
            results.add(passed("ok" + i));
        }
        String run = runOf(suite.upload(upload("build-1", "main", "c1", results.toArray(String[]::new))));
        assertThat(kindsOf(run)).containsEntry("Scope a", "new").containsEntry("Scope b", "new");
    }

    @Test
    void passingOnARetryInTheSameRunIsFlakyWithItsEvidence() {
        String run =
                runOf(suite.upload(upload("build-1", "main", "c1", failed("wobbly", "timeout"), passed("wobbly"))));

        JsonNode test = tests("").get("wobbly");
        assertThat(test.get("health").stringValue()).isEqualTo("flaky");
        assertThat(test.get("health_since").stringValue()).matches("\\d{4}-.*Z");
        assertThat(test.get("flaky_score").doubleValue()).isBetween(0.0, 1.0);
        assertThat(test.get("labels").toString()).contains("flaky");
        assertThat(kindsOf(run)).containsEntry("Scope wobbly", "flaky");

        JsonNode health = healthOf("wobbly", "");
        assertThat(health.get("health").stringValue()).isEqualTo("flaky");
        JsonNode evidence = health.get("evidence").get(0);
        assertThat(evidence.get("signal").stringValue()).isEqualTo("retry_flip");
        assertThat(evidence.get("commit_sha").stringValue()).isEqualTo("c1");
        assertThat(evidence.get("run_id").stringValue()).isEqualTo(run);
        assertThat(evidence.get("run_url").stringValue()).endsWith("/runs/" + run);
        assertThat(evidence.get("execution_url").stringValue())
                .contains("/tests/" + test.get("id").stringValue())
                .contains("execution_id=" + evidence.get("execution_id").stringValue());
    }

    @Test
    void passingAndFailingOnOneCommitAcrossRunsIsFlaky() {
        String first =
                runOf(suite.upload(upload("build-1", "main", "c1", failed("wobbly", "timeout"), passed("steady"))));
        assertThat(health("wobbly")).isEqualTo("new");
        assertThat(kindsOf(first)).containsEntry("Scope wobbly", "new");
        send(upload("build-2", "main", "c1", passed("wobbly"), passed("steady")));

        assertThat(health("wobbly")).isEqualTo("flaky");
        // The retry that passed tells what the first run's failure was.
        assertThat(kindsOf(first)).containsEntry("Scope wobbly", "flaky");
        assertThat(health("steady")).isEqualTo("new");
        assertThat(signals("wobbly")).containsExactly("commit_flip");
    }

    @Test
    void failingOnConsecutiveCommitsIsBrokenNeverFlakyUntilFixed() {
        String first = runOf(suite.upload(upload("build-1", "main", "c1", failed("broke", "expected 3 to equal 4"))));
        assertThat(kindsOf(first)).containsEntry("Scope broke", "new");
        String second = runOf(suite.upload(upload("build-2", "main", "c2", failed("broke", "expected 3 to equal 4"))));
        // Retried on the same commit, it fails again: still broken, still not flaky.
        String retry = runOf(suite.upload(upload("build-3", "main", "c2", failed("broke", "expected 3 to equal 4"))));

        // Failing the same way on two commits in a row: chance cannot explain it.
        assertThat(health("broke")).isEqualTo("broken");
        assertThat(kindsOf(second)).containsEntry("Scope broke", "broken");
        assertThat(kindsOf(retry)).containsEntry("Scope broke", "broken");
        JsonNode streak = healthOf("broke", "").get("evidence").get(0);
        assertThat(streak.get("signal").stringValue()).isEqualTo("failure_streak");
        assertThat(streak.get("detail").stringValue()).contains("in 2 runs (2 attempts) since commit c1");
        assertThat(tests("&health=broken").keySet()).containsExactly("broke");
        assertThat(suite.get("/tests?label=flaky").json().size()).isZero();

        send(upload("build-4", "main", "c3", passed("broke")));
        assertThat(health("broke")).isEqualTo("new");
        assertThat(signals("broke")).containsExactly("fixed", "failure_streak");
        assertThat(suite.get("/tests?label=flaky").json().size()).isZero();
    }

    @Test
    void brokenOnAFeatureBranchWhileMainPasses() {
        send(upload("build-1", "main", "m1", passed("feature_test")));
        send(upload("build-2", "feature/x", "f1", failed("feature_test", "nope")));
        send(upload("build-3", "main", "m2", passed("feature_test")));
        send(upload("build-4", "feature/x", "f2", failed("feature_test", "nope")));

        assertThat(health("feature_test")).isEqualTo("broken");
        assertThat(healthOf("feature_test", "")
                        .get("evidence")
                        .get(0)
                        .get("branch")
                        .stringValue())
                .isEqualTo("feature/x");
    }

    @Test
    void aStreakWhoseFailuresDifferNeedsLongerToBeBroken() {
        for (int i = 0; i < 3; i++) {
            send(upload("build-" + i, "main", "c" + i, failed("slowish", "timed out after " + (3000 + i) + " ms")));
        }
        // Three failures in a row, each with another message: more like a flaky test's than a break's.
        assertThat(health("slowish")).isEqualTo("new");
        send(upload("build-3", "main", "c3", failed("slowish", "timed out after 2999 ms")));
        assertThat(health("slowish")).isEqualTo("broken");
    }

    @Test
    void theSameFlipSeenByManyUploadsCountsOnce() {
        send(upload("build-1", "main", "c1", failed("wobbly", "timeout")));
        for (int i = 2; i <= 4; i++) {
            send(upload("build-" + i, "main", "c1", passed("wobbly")));
        }
        assertThat(signals("wobbly")).containsExactly("commit_flip");
    }

    @Test
    void anOutageSeenLateInARunReachesBackToItsEarlierUploads() {
        // Another job of the run failed first, below the outage's share; this one shows the outage.
        List<String> few = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            few.add(failed("victim" + i, "connect ECONNREFUSED 10.0.9." + i + ":5432"));
        }
        for (int i = 0; i < 20; i++) {
            few.add(passed("other" + i));
        }
        String run = runOf(suite.upload(upload("build-1", "main", "c1", few.toArray(String[]::new))));
        assertThat(kindsOf(run)).containsEntry("Scope victim0", "new");
        send(outage("build-1", "c1", 8, 2));
        assertThat(kindsOf(run))
                .containsEntry("Scope victim0", "infrastructure")
                .containsEntry("Scope victim1", "infrastructure");
        // The retry passes: nothing flipped, nothing failed between passes.
        send(outage("build-2", "c1", 0, 2).replace("]}", "," + passedVictims(8) + "]}"));
        assertThat(tests("&health=flaky")).isEmpty();
        assertThat(signals("victim0")).isEmpty();
    }

    @Test
    void aFailureBetweenPassesOnTheDefaultBranchIsFlaky() {
        for (int i = 0; i < 4; i++) {
            send(upload("build-" + i, "main", "c" + i, passed("rare")));
        }
        send(upload("build-4", "main", "c4", failed("rare", "timeout")));
        assertThat(health("rare")).isEqualTo("new");
        send(upload("build-5", "main", "c5", passed("rare")));

        assertThat(health("rare")).isEqualTo("flaky");
        assertThat(signals("rare")).containsExactly("isolated_failure");
    }

    @Test
    void oneFailureBetweenPassesOnAFeatureBranchIsNotEnough() {
        for (int i = 0; i < 10; i++) {
            send(upload("build-" + i, "main", "c" + i, passed("fixed_by_author")));
        }
        send(upload("build-f1", "feature/y", "f1", failed("fixed_by_author", "typo")));
        send(upload("build-f2", "feature/y", "f2", passed("fixed_by_author")));

        assertThat(health("fixed_by_author")).isEqualTo("new");
        assertThat(signals("fixed_by_author")).containsExactly("isolated_failure");
        assertThat(healthOf("fixed_by_author", "").get("flaky_score").doubleValue())
                .isLessThan(0.5);
    }

    @Test
    void theEvidenceIsPaged() {
        for (int i = 0; i < 3; i++) {
            send(upload("build-" + i, "main", "c" + i, failed("wobbly", "timeout"), passed("wobbly")));
        }
        String id = tests("").get("wobbly").get("id").stringValue();
        HttpReply page = suite.get("/tests/" + id + "/health?per_page=2");
        assertThat(page.json().get("evidence").size()).isEqualTo(2);
        assertThat(page.header("Link").orElseThrow()).contains("rel=\"next\"");
        assertThat(suite.get("/tests/" + id + "/health?per_page=2&page=2")
                        .json()
                        .get("evidence")
                        .size())
                .isEqualTo(1);
        assertThat(suite.get("/tests/" + id + "/health?per_page=0").status()).isEqualTo(400);
    }

    @Test
    void theHealthFilterNamesItsValues() {
        HttpReply reply = server().api()
                .get(suite.path("/tests?health=sickly"), org.token(Scope.READ_SUITES), "Buildkite-Version", VERSION);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").stringValue())
                .contains("health must be one of")
                .contains("sickly");
    }
}
