package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The flaky rule as clients see it: the {@code flaky} label, and the legacy flaky-tests API. */
abstract class FlakyContract extends SuiteContract {

    void uploadAndWait(String body) {
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }

    List<JsonNode> flakyTests(String query) {
        HttpReply reply = suite.get("/flaky-tests" + query);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().valueStream().toList();
    }

    @Test
    void passAndFailOnOneCommitIsFlaky() {
        uploadAndWait(upload("run-1", "main", "c1", execution("wobbly", "passed", 1), execution("solid", "passed", 1)));
        uploadAndWait(upload("run-2", "main", "c1", execution("wobbly", "failed", 1), execution("solid", "passed", 1)));

        assertThat(labelled("flaky")).containsExactly("wobbly");
        List<JsonNode> flaky = flakyTests("");
        assertThat(flaky).hasSize(1);
        JsonNode test = flaky.getFirst();
        assertThat(test.propertyNames())
                .containsExactly(
                        "id",
                        "web_url",
                        "scope",
                        "name",
                        "location",
                        "file_name",
                        "instances",
                        "latest_occurrence_at",
                        "most_recent_instance_at",
                        "last_resolved_at",
                        "ownership_team_ids");
        assertThat(test.get("name").stringValue()).isEqualTo("wobbly");
        assertThat(test.get("instances").isIntegralNumber()).isTrue();
        assertThat(test.get("instances").longValue()).isEqualTo(1);
        assertThat(test.get("latest_occurrence_at").stringValue()).matches("\\d{4}-.*\\.\\d{3}Z");
        assertThat(test.get("last_resolved_at").isNull()).isTrue();
        assertThat(test.get("ownership_team_ids").isArray()).isTrue();
    }

    @Test
    void aRetryInsideOneUploadIsFlaky() {
        uploadAndWait(
                upload("run-1", "main", "c1", execution("retried", "failed", 1), execution("retried", "passed", 1)));

        assertThat(labelled("flaky")).containsExactly("retried");
    }

    @Test
    void twoUploadsOfOneRunAreComparedToo() {
        uploadAndWait(upload("run-1", "main", "c1", execution("split", "failed", 1), execution("steady", "passed", 1)));
        uploadAndWait(upload("run-1", "main", "c1", execution("split", "passed", 1), execution("steady", "passed", 1)));

        assertThat(labelled("flaky")).containsExactly("split");
    }

    @Test
    void differentCommitsAreNotFlaky() {
        uploadAndWait(upload("run-1", "main", "c1", execution("changed", "passed", 1)));
        uploadAndWait(upload("run-2", "main", "c2", execution("changed", "failed", 1)));
        uploadAndWait(upload("run-3", "main", "c3", execution("changed", "skipped", 1)));
        uploadAndWait(upload("run-4", "main", "c3", execution("changed", "passed", 1)));

        assertThat(labelled("flaky")).isEmpty();
        assertThat(flakyTests("")).isEmpty();
    }

    @Test
    void instancesCountCommitsAndFiltersApply() {
        uploadAndWait(upload("run-1", "main", "c1", execution("wobbly", "passed", 1)));
        uploadAndWait(upload("run-2", "main", "c1", execution("wobbly", "failed", 1)));
        uploadAndWait(upload("run-3", "main", "c1", execution("wobbly", "failed", 1)));
        uploadAndWait(upload("run-4", "feature", "c2", execution("wobbly", "failed", 1)));
        uploadAndWait(upload("run-5", "feature", "c2", execution("wobbly", "passed", 1)));
        uploadAndWait(upload("run-6", "feature", "c3", execution("other", "failed", 1)));
        uploadAndWait(upload("run-7", "feature", "c3", execution("other", "passed", 1)));

        assertThat(flakyTests("").stream().map(t -> t.get("name").stringValue()))
                .containsExactly("other", "wobbly");
        JsonNode wobbly = flakyTests("?search=WOBB").getFirst();
        assertThat(wobbly.get("instances").longValue()).isEqualTo(2);
        assertThat(flakyTests("?branch=main").stream().map(t -> t.get("name").stringValue()))
                .containsExactly("wobbly");
        assertThat(flakyTests("?branch=main").getFirst().get("instances").longValue())
                .isEqualTo(1);
        assertThat(flakyTests("?search=nothing-like-it")).isEmpty();
        assertThat(flakyTests("?period=1hour")).hasSize(2);
        assertThat(flakyTests("?per_page=1")).hasSize(1);
        assertThat(suite.get("/flaky-tests?period=forever").status()).isEqualTo(400);
    }

    @Test
    void theLabelGoesAfterAHundredQuietExecutions() {
        uploadAndWait(
                upload("run-1", "main", "c1", execution("wobbly", "passed", 1), execution("wobbly", "failed", 1)));
        assertThat(labelled("flaky")).containsExactly("wobbly");

        List<String> ninetyNine = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            ninetyNine.add(execution("wobbly", "passed", 1));
        }
        uploadAndWait(upload("run-2", "main", "c2", ninetyNine.toArray(String[]::new)));
        assertThat(labelled("flaky")).containsExactly("wobbly");

        uploadAndWait(upload("run-3", "main", "c3", execution("wobbly", "passed", 1)));
        assertThat(labelled("flaky")).isEmpty();
        JsonNode resolved = flakyTests("").getFirst();
        assertThat(resolved.get("last_resolved_at").stringValue()).matches("\\d{4}-.*Z");

        // Caught again: labelled again.
        uploadAndWait(upload("run-4", "main", "c3", execution("wobbly", "failed", 1)));
        assertThat(labelled("flaky")).containsExactly("wobbly");
    }

    @Test
    void aLabelRemovedByHandCanComeBackWithTheNextEvent() {
        uploadAndWait(
                upload("run-1", "main", "c1", execution("wobbly", "passed", 1), execution("wobbly", "failed", 1)));
        String id = suite.get("/tests").json().get(0).get("id").stringValue();
        server().api()
                .patch(
                        suite.path("/tests/" + id + "/labels"),
                        org.token(Scope.READ_SUITES, Scope.WRITE_SUITES),
                        "{\"operator\":\"remove\",\"labels\":[\"flaky\"]}");
        assertThat(labelled("flaky")).isEmpty();

        uploadAndWait(upload("run-2", "main", "c1", execution("wobbly", "passed", 1)));
        assertThat(labelled("flaky")).containsExactly("wobbly");
    }
}
