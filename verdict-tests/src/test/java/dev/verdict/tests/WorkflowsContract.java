package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.core.workflows.Workflows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Workflows over HTTP: the API's shapes and rules, every monitor's alarm and recovery, filters,
 * hysteresis, each action, and webhooks to a real local receiver that fails and then recovers.
 * The server's clock is movable, so retries and day-based recovery are tested by moving it.
 */
abstract class WorkflowsContract extends SuiteContract {
    abstract MovableClock clock();

    WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    String writeToken() {
        return org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
    }

    /**
     * Time moves on between requests, as it does on a real server: the clock stands still
     * otherwise, and lists ordered by time would tie.
     */
    void tick() {
        clock().advance(Duration.ofMillis(5));
    }

    HttpReply create(String body) {
        tick();
        return server().api().post(suite.path("/workflows"), writeToken(), body);
    }

    JsonNode created(String body) {
        HttpReply reply = create(body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    void send(String body) {
        tick();
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }

    List<JsonNode> events(JsonNode workflow) {
        HttpReply reply = suite.get("/workflows/" + workflow.get("id").stringValue() + "/events");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().valueStream().toList();
    }

    /** Each event as "type name", oldest first. */
    List<String> edges(JsonNode workflow) {
        List<String> edges = new ArrayList<>();
        for (JsonNode e : events(workflow).reversed()) {
            edges.add(e.get("type").stringValue() + " "
                    + e.get("test").get("name").stringValue());
        }
        return edges;
    }

    static String pass(String name) {
        return execution(name, "passed", 1);
    }

    static String fail(String name) {
        return execution(name, "failed", 1);
    }

    static String timed(String name, double seconds) {
        return execution(name, "passed", seconds);
    }

    @Test
    void aWorkflowIsCreatedReadChangedAndDeletedInBuildkitesShapes() {
        JsonNode w = created("""
                {"monitor": {"type": "transition_count", "window_size": 100, "alarm_threshold": 0.1,
                             "recover_threshold": 0.05},
                 "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
                 "alarm_actions": [{"type": "add_label", "label": "flaky"}],
                 "recover_actions": [{"type": "remove_label", "label": "flaky"}]}""");
        String id = w.get("id").stringValue();
        assertThat(w.get("url").stringValue()).endsWith(suite.path("/workflows/" + id));
        assertThat(w.get("web_url").stringValue()).contains("/analytics/suites/" + suite.slug() + "/workflows/" + id);
        assertThat(w.get("monitor").get("type").stringValue()).isEqualTo("transition_count");
        assertThat(w.get("monitor").get("window_size").intValue()).isEqualTo(100);
        assertThat(w.get("monitor").get("alarm_threshold").doubleValue()).isEqualTo(0.1);
        assertThat(w.get("filters").get(0).get("operator").stringValue()).isEqualTo("is");
        assertThat(w.get("alarm_actions").get(0).get("label").stringValue()).isEqualTo("flaky");
        assertThat(w.get("webhook_secret").stringValue()).startsWith("whsec_");

        // Every suite starts with the default workflow: the flaky label follows the judgment.
        JsonNode list = suite.get("/workflows").json();
        assertThat(list.valueStream().map(x -> x.get("monitor").get("type").stringValue()))
                .containsExactly("flaky", "transition_count");
        HttpReply got = suite.get("/workflows/" + id);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().has("webhook_secret")).isFalse();

        HttpReply patched = server().api()
                .patch(
                        suite.path("/workflows/" + id),
                        writeToken(),
                        "{\"monitor\": {\"type\": \"transition_count\","
                                + " \"window_size\": 10, \"alarm_threshold\": 0.3, \"recover_threshold\": 0.1}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("monitor").get("window_size").intValue()).isEqualTo(10);
        assertThat(patched.json().get("filters").size()).as("kept").isEqualTo(1);

        HttpReply secret =
                server().api().get(suite.path("/workflows/" + id + "?show_webhook_secret=true"), writeToken());
        assertThat(secret.json().get("webhook_secret").stringValue())
                .isEqualTo(w.get("webhook_secret").stringValue());
        HttpReply readOnly = suite.get("/workflows/" + id + "?show_webhook_secret=true");
        assertThat(readOnly.status()).isEqualTo(403);

        assertThat(server().api()
                        .delete(suite.path("/workflows/" + id), writeToken())
                        .status())
                .isEqualTo(204);
        assertThat(suite.get("/workflows/" + id).status()).isEqualTo(404);
        assertThat(server().api()
                        .delete(suite.path("/workflows/" + id), writeToken())
                        .status())
                .isEqualTo(404);
        assertThat(suite.get("/workflows/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void aBadBodyIsRefusedNamingEveryField() {
        HttpReply reply = create("""
                {"monitor": {"type": "duration_threshold", "window_size": 500, "alarm_threshold": 1,
                             "recover_threshold": 2},
                 "filters": [{"key": "scm.branch", "operator": "contains", "value": "main"}],
                 "alarm_actions": [{"type": "webhook", "url": "ftp://example.com"},
                                   {"type": "change_state", "state": "frozen"},
                                   {"type": "add_label", "label": "a,b"}]}""");
        assertThat(reply.status()).isEqualTo(422);
        String message = reply.json().get("message").stringValue();
        assertThat(message)
                .contains("monitor.window_size")
                .contains("monitor.recover_threshold")
                .contains("filters[0].operator")
                .contains("alarm_actions[0].url")
                .contains("alarm_actions[1].state")
                .contains("alarm_actions[2].label");

        assertThat(create("{\"monitor\": {\"type\": \"sometimes\"}}")
                        .json()
                        .get("message")
                        .stringValue())
                .contains("monitor.type");
        assertThat(create("{\"filters\": []}").json().get("message").stringValue())
                .contains("monitor is required");
        assertThat(create("{\"monitor\": {\"type\": \"transition_count\", \"alarm_threshold\": 0.5,"
                                + " \"recover_threshold\": 0.1}}")
                        .json()
                        .get("message")
                        .stringValue())
                .contains("scm.branch");
        String five = "{\"key\": \"a\", \"operator\": \"is\", \"value\": \"b\"}";
        assertThat(create("{\"monitor\": {\"type\": \"new_test\"}, \"filters\": ["
                                + String.join(",", five, five, five, five, five) + "]}")
                        .json()
                        .get("message")
                        .stringValue())
                .contains("at most 4");
        assertThat(create("{\"monitor\": {\"type\": \"new_test\"}, \"recover_actions\": [{\"type\": \"add_label\","
                                + " \"label\": \"x\"}]}")
                        .status())
                .isEqualTo(422);
        // Nothing refused was kept.
        assertThat(suite.get("/workflows").json().size()).isEqualTo(1);
    }

    @Test
    void transitionCountAlarmsOnTheFilteredBranchAndRecovers() {
        JsonNode w = created("""
                {"monitor": {"type": "transition_count", "window_size": 5, "alarm_threshold": 0.4,
                             "recover_threshold": 0.2},
                 "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
                 "alarm_actions": [{"type": "add_label", "label": "unstable"}],
                 "recover_actions": [{"type": "remove_label", "label": "unstable"}]}""");
        send(upload("r1", "main", "c1", pass("wobbly"), pass("steady")));
        // Flips on another branch are outside the filter.
        for (int i = 0; i < 4; i++) {
            send(upload("f" + i, "feature", "f" + i, i % 2 == 0 ? fail("wobbly") : pass("wobbly")));
        }
        assertThat(edges(w)).isEmpty();
        send(upload("r2", "main", "c2", fail("wobbly"), pass("steady"))); // PF: 0.2
        assertThat(labelled("unstable")).isEmpty();
        send(upload("r3", "main", "c3", pass("wobbly"), pass("steady"))); // PFP: 0.4
        assertThat(labelled("unstable")).containsExactly("wobbly");
        send(upload("r4", "main", "c4", fail("wobbly"), pass("steady"))); // PFPF: 0.6, still alarmed
        assertThat(edges(w)).containsExactly("alarm Scope wobbly");
        for (int i = 5; i < 9; i++) {
            send(upload("r" + i, "main", "c" + i, pass("wobbly"), pass("steady")));
        }
        // FPPPP: 0.2 is not below the recover threshold; PPPPP is.
        assertThat(edges(w)).containsExactly("alarm Scope wobbly");
        send(upload("r9", "main", "c9", pass("wobbly"), pass("steady")));
        assertThat(edges(w)).containsExactly("alarm Scope wobbly", "recover Scope wobbly");
        assertThat(labelled("unstable")).isEmpty();
        JsonNode alarm = events(w).getLast();
        assertThat(alarm.get("event").stringValue()).isEqualTo("workflow.alarm");
        assertThat(alarm.get("workflow_event").get("type").stringValue()).isEqualTo("transition_count");
        assertThat(alarm.get("workflow_event").get("score").doubleValue()).isEqualTo(0.4);
        assertThat(alarm.get("actions").get(0).get("outcome").stringValue()).isEqualTo("applied");
    }

    @Test
    void durationThresholdMutesASlowTestAndEnablesItOnceFast() {
        JsonNode w = created("""
                {"monitor": {"type": "duration_threshold", "window_size": 3, "alarm_threshold": 2,
                             "recover_threshold": 1},
                 "alarm_actions": [{"type": "change_state", "state": "muted"}],
                 "recover_actions": [{"type": "change_state", "state": "enabled"}]}""");
        send(upload("r1", "main", "c1", timed("slow", 0.5), timed("quick", 0.1)));
        send(upload("r2", "main", "c2", timed("slow", 3), timed("quick", 0.1)));
        // Fast, fast (known only as fast), 3 s: p50 is fast.
        assertThat(edges(w)).isEmpty();
        send(upload("r3", "main", "c3", timed("slow", 2.5), timed("quick", 0.1)));
        assertThat(edges(w)).containsExactly("alarm Scope slow");
        assertThat(suite.get("/tests/muted")
                        .json()
                        .valueStream()
                        .map(t -> t.get("name").stringValue()))
                .containsExactly("slow");
        send(upload("r4", "main", "c4", timed("slow", 1.5), timed("quick", 0.1)));
        assertThat(edges(w)).as("1.5 s is not below 1 s").containsExactly("alarm Scope slow");
        send(upload("r5", "main", "c5", timed("slow", 0.5), timed("quick", 0.1)));
        send(upload("r6", "main", "c6", timed("slow", 0.5), timed("quick", 0.1)));
        assertThat(edges(w)).containsExactly("alarm Scope slow", "recover Scope slow");
        assertThat(suite.get("/tests/muted").json().size()).isZero();
        // Each change the workflow made is in the test's history, saying which workflow and why.
        String slow = suite.get("/tests?per_page=100")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals("slow"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .stringValue();
        assertThat(suite.get("/tests/" + slow + "/state-changes")
                        .json()
                        .valueStream()
                        .map(c -> c.get("state").stringValue() + " by "
                                + c.get("changed_by").stringValue() + ": "
                                + c.get("reason").stringValue()))
                .containsExactly(
                        "enabled by workflow 'duration threshold': the duration threshold monitor recovered",
                        "muted by workflow 'duration threshold': the duration threshold monitor raised an alarm");
    }

    @Test
    void passedOnRetryAlarmsOnAFlipAndRecoversAfterQuietExecutionsOrDays() {
        JsonNode w = created("""
                {"monitor": {"type": "passed_on_retry", "window_days": 2, "window_executions": 3},
                 "alarm_actions": [{"type": "add_label", "label": "retried"}],
                 "recover_actions": [{"type": "remove_label", "label": "retried"}]}""");
        send(upload("r1", "main", "c1", fail("wobbly"), pass("wobbly"), fail("later"), pass("later")));
        assertThat(labelled("retried")).containsExactlyInAnyOrder("wobbly", "later");
        JsonNode alarm = events(w).getFirst();
        assertThat(alarm.get("workflow_event").get("execution_commit_sha").stringValue())
                .isEqualTo("c1");
        assertThat(alarm.get("workflow_event").get("window_executions").intValue())
                .isEqualTo(3);
        // A second flip while alarmed is no new alarm.
        send(upload("r2", "main", "c2", fail("wobbly"), pass("wobbly")));
        assertThat(edges(w)).hasSize(2);
        for (int i = 3; i < 6; i++) {
            send(upload("r" + i, "main", "c" + i, pass("wobbly")));
        }
        assertThat(edges(w)).hasSize(3).contains("recover Scope wobbly");
        assertThat(labelled("retried")).containsExactly("later");
        clock().advance(Duration.ofDays(2));
        send(upload("r7", "main", "c7", pass("other")));
        assertThat(edges(w)).hasSize(4).contains("recover Scope later");
        assertThat(labelled("retried")).isEmpty();
    }

    @Test
    void newTestAlarmsOnceForATestNeverSeenInTheScope() {
        JsonNode w = created("""
                {"monitor": {"type": "new_test"},
                 "filters": [{"key": "scm.branch", "operator": "starts_with", "value": "ma"}],
                 "alarm_actions": [{"type": "add_label", "label": "new"}]}""");
        send(upload("r0", "feature", "f0", pass("elsewhere")));
        send(upload("r1", "main", "c1", pass("first"), pass("elsewhere")));
        send(upload("r2", "main", "c2", pass("first"), pass("second")));
        assertThat(edges(w)).containsExactly("alarm Scope first", "alarm Scope second");
        assertThat(labelled("new")).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void theJudgesMonitorsAlarmOnBrokenAndFlakyAndRecover() {
        JsonNode broken = created("""
                {"monitor": {"type": "broken"},
                 "alarm_actions": [{"type": "add_label", "label": "broken"}],
                 "recover_actions": [{"type": "remove_label", "label": "broken"}]}""");
        send(upload("r1", "main", "c1", fail("regressed"), pass("fine")));
        send(upload("r2", "main", "c2", fail("regressed"), pass("fine")));
        send(upload("r3", "main", "c3", fail("regressed"), pass("fine")));
        assertThat(edges(broken)).containsExactly("alarm Scope regressed");
        assertThat(labelled("broken")).containsExactly("regressed");
        assertThat(labelled("flaky")).as("broken is never flaky").isEmpty();
        send(upload("r4", "main", "c4", pass("regressed"), pass("fine")));
        assertThat(edges(broken)).containsExactly("alarm Scope regressed", "recover Scope regressed");
        assertThat(labelled("broken")).isEmpty();

        JsonNode flaky = suite.get("/workflows").json().get(0);
        assertThat(flaky.get("monitor").get("type").stringValue()).isEqualTo("flaky");
        send(upload("r5", "main", "c5", fail("wobbly"), pass("wobbly")));
        assertThat(edges(flaky)).containsExactly("alarm Scope wobbly");
        assertThat(labelled("flaky")).containsExactly("wobbly");
    }

    @Test
    void anOutagesFailuresAreSeenByNoMonitor() {
        JsonNode w = created("""
                {"monitor": {"type": "transition_count", "window_size": 4, "alarm_threshold": 0.25,
                             "recover_threshold": 0.1},
                 "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
                 "alarm_actions": [{"type": "add_label", "label": "unstable"}]}""");
        List<String> passing = new ArrayList<>();
        List<String> outage = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            passing.add(pass("t" + i));
            outage.add(execution("Scope", "t" + i, "failed", 1, Map.of())
                    .replace(
                            "\"result\":\"failed\"",
                            "\"result\":\"failed\",\"failure_reason\":\"connect ECONNREFUSED 10.0.0." + i + ":5432\""));
        }
        send(upload("r1", "main", "c1", passing.toArray(String[]::new)));
        send(upload("r2", "main", "c2", outage.toArray(String[]::new)));
        send(upload("r3", "main", "c3", passing.toArray(String[]::new)));
        assertThat(edges(w)).isEmpty();
        assertThat(labelled("unstable")).isEmpty();
    }

    @Test
    void aWebhookIsSignedRetriedUntilItIsTakenAndRecordedOnce() throws Exception {
        JsonNode w = created("{\"monitor\": {\"type\": \"new_test\"}, \"alarm_actions\": [{\"type\": \"webhook\","
                + " \"url\": \"" + receiver.url("/hook") + "\"}, {\"type\": \"slack\", \"webhook_url\": \""
                + receiver.url("/slack") + "\"}]}");
        String secret = w.get("webhook_secret").stringValue();
        receiver.answer(500); // the first request, whichever comes first, fails
        send(upload("r1", "main", "c1", pass("brand new")));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> receiver.received().size() >= 2);
        // The failed one is due again 10 s later: move the clock past it.
        clock().advance(Duration.ofSeconds(11));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> receiver.received().size() >= 3);
        Thread.sleep(1500); // and nothing more comes
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.received().stream().filter(r -> r.answered() == 200))
                .hasSize(2);

        WebhookReceiver.Received hook = receiver.received("/hook").getLast();
        JsonNode body = dev.verdict.core.Json.read(
                new java.io.ByteArrayInputStream(hook.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(body.get("event").stringValue()).isEqualTo("workflow.alarm");
        assertThat(body.get("workflow_id").stringValue()).isEqualTo(w.get("id").stringValue());
        assertThat(body.get("subject").get("type").stringValue()).isEqualTo("test");
        assertThat(body.get("subject").get("test_full_name").stringValue()).isEqualTo("Scope brand new");
        assertThat(body.get("workflow_event").get("type").stringValue()).isEqualTo("new_test");
        String signature = hook.header(Workflows.SIGNATURE_HEADER);
        assertThat(signature).matches("timestamp=\\d+,signature=[0-9a-f]{64}");
        String timestamp = signature.substring("timestamp=".length(), signature.indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                HexFormat.of().formatHex(mac.doFinal((timestamp + "." + hook.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(signature).endsWith("signature=" + expected);
        assertThat(Instant.ofEpochSecond(Long.parseLong(timestamp)))
                .isBetween(clock().instant().minusSeconds(60), clock().instant().plusSeconds(1));
        WebhookReceiver.Received slack = receiver.received("/slack").getLast();
        assertThat(slack.header(Workflows.SIGNATURE_HEADER)).isNull();
        assertThat(slack.body()).contains("\"text\"").contains("Scope brand new");

        JsonNode event = events(w).getFirst();
        assertThat(event.get("actions")
                        .valueStream()
                        .map(a -> a.get("delivery").get("state").stringValue()))
                .containsExactly("delivered", "delivered");
        assertThat(event.get("actions")
                        .valueStream()
                        .mapToInt(a -> a.get("delivery").get("attempts").intValue())
                        .sum())
                .isEqualTo(3);
    }

    @Test
    void probabilisticFlakinessFollowsTheJudgesScore() {
        JsonNode w = created("""
                {"monitor": {"type": "probabilistic_flakiness", "alarm_threshold": 0.5, "recover_threshold": 0.2},
                 "alarm_actions": [{"type": "add_label", "label": "pfs"}],
                 "recover_actions": [{"type": "remove_label", "label": "pfs"}]}""");
        send(upload("r1", "main", "c1", pass("wobbly"), pass("wobbly"), pass("wobbly"), pass("wobbly")));
        send(upload("r2", "main", "c2", fail("wobbly"), pass("wobbly"), pass("wobbly")));
        assertThat(edges(w)).containsExactly("alarm Scope wobbly");
        JsonNode score = events(w).getFirst().get("workflow_event").get("score");
        assertThat(score.doubleValue()).isGreaterThanOrEqualTo(0.5);
        List<String> passes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            passes.add(pass("wobbly"));
        }
        send(upload("r3", "main", "c3", passes.toArray(String[]::new)));
        assertThat(edges(w)).containsExactly("alarm Scope wobbly", "recover Scope wobbly");
        assertThat(events(w).getFirst().get("workflow_event").get("score").doubleValue())
                .isLessThan(0.2);
        assertThat(labelled("pfs")).isEmpty();
    }

    @Test
    void aboveFiveHundredEventsAMinuteNotificationsAreSuppressedButLabelsStillChange() {
        JsonNode w = created("{\"monitor\": {\"type\": \"new_test\"}, \"alarm_actions\": [{\"type\": \"add_label\","
                + " \"label\": \"fresh\"}, {\"type\": \"webhook\", \"url\": \"" + receiver.url("/many") + "\"}]}");
        List<String> tests = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            tests.add(pass("t" + i));
        }
        send(upload("r1", "main", "c1", tests.toArray(String[]::new)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> receiver.received("/many").size() >= 500);
        assertThat(server().count("SELECT count(*) FROM test_labels WHERE label = ?", "fresh"))
                .isEqualTo(510);
        HttpReply page = suite.get("/workflows/" + w.get("id").stringValue() + "/events?per_page=100&page=6");
        List<String> outcomes = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            suite.get("/workflows/" + w.get("id").stringValue() + "/events?per_page=100&page=" + p)
                    .json()
                    .valueStream()
                    .forEach(e ->
                            outcomes.add(e.get("actions").get(1).get("outcome").stringValue()));
        }
        assertThat(page.status()).isEqualTo(200);
        assertThat(outcomes).hasSize(510);
        assertThat(outcomes.stream().filter("queued"::equals)).hasSize(500);
        assertThat(outcomes.stream().filter("suppressed"::equals)).hasSize(10);
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.received("/many").size() == 500);
    }
}
