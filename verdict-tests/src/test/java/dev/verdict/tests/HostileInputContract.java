package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Timestamps;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.UploadBuilder;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.runs.RunEnv;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a hostile or careless CI job can send: control characters, fields of any length, numbers no
 * test can take, and uploads that cannot be processed. None of it may stop the queue or be stored
 * as it came.
 */
abstract class HostileInputContract extends SuiteContract {

    static String message(HttpReply reply) {
        return reply.json().get("message").stringValue();
    }

    static String result(String name, String extra) {
        return "{\"scope\":\"s\",\"name\":" + quoted(name) + ",\"result\":\"failed\"" + extra + "}";
    }

    static String quoted(String text) {
        return new String(dev.verdict.core.Json.write(text), StandardCharsets.UTF_8);
    }

    static String upload(String runEnv, String... results) {
        return "{\"format\":\"json\",\"run_env\":{" + runEnv + "},\"data\":[" + String.join(",", results) + "]}";
    }

    @Test
    void controlCharactersAreRemovedFromEveryStoredTextAndTheUploadIsProcessed() {
        HttpReply reply = suite.upload(
                upload(
                        "\"CI\":\"generic\",\"key\":\"k\\u0000ey\",\"branch\":\"ma\\u0000in\",\"commit_sha\":\"c\\u0001\"",
                        result(
                                "a\u0000b",
                                ",\"failure_reason\":\"bro\\u0007ken\\tline\",\"location\":\"x\\u0000.js:1\",\"tags\":{\"t\":\"v\\u0000\"}")));

        assertThat(reply.status()).isEqualTo(202);
        JsonNode run = suite.finishedRuns().get(0);
        assertThat(run.get("branch").stringValue()).isEqualTo("main");
        assertThat(run.get("commit_sha").stringValue()).isEqualTo("c");
        JsonNode failed =
                suite.failedExecutionsByName(run.get("id").stringValue()).get("s ab");
        assertThat(failed).isNotNull();
        assertThat(failed.get("failure_reason").stringValue()).isEqualTo("broken\tline");
        assertThat(failed.get("location").stringValue()).isEqualTo("x.js:1");
        assertThat(suite.get("/runs?branch=main").json().size()).isEqualTo(1);
        assertThat(suite.get("/tests?tags=t:v").json().size()).isEqualTo(1);
    }

    @Test
    void aControlCharacterInAQueryParameterIs400NamingIt() {
        HttpReply runs = suite.get("/runs?branch=%00");
        HttpReply flaky = suite.get("/flaky-tests?search=a%00");
        HttpReply tests = suite.get("/tests?label=%00");

        assertThat(runs.status()).isEqualTo(400);
        assertThat(message(runs)).contains("'branch'", "control character");
        assertThat(flaky.status()).isEqualTo(400);
        assertThat(message(flaky)).contains("'search'");
        assertThat(tests.status()).isEqualTo(400);
        assertThat(message(tests)).contains("'label'");
    }

    @Test
    void aPoisonUploadNeverHoldsUpAGoodOneQueuedAfterItAndFailsWithItsReason() {
        UUID suiteId = UUID.fromString(suite.get("").json().get("id").stringValue());
        ParsedUpload nothing = new ParsedUpload(
                "json", new RunEnv(Map.of("key", "poison-" + UUID.randomUUID())), List.of(), 0, List.of());
        UploadStore.Queued poison = server().server()
                .storage()
                .uploads()
                .enqueue(
                        suiteId,
                        nothing,
                        "not a payload".getBytes(StandardCharsets.UTF_8),
                        Timestamps.now(Clock.systemUTC()));

        long posted = System.nanoTime();
        HttpReply good = suite.upload(upload("\"CI\":\"generic\",\"key\":\"good\"", result("fine", "")));
        String goodId = good.json().get("id").stringValue();
        Awaitility.await()
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> status(goodId).get("state").stringValue().equals("processed"));
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(1));

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> status(poison.uploadId().toString())
                        .get("state")
                        .stringValue()
                        .equals("failed"));
        JsonNode failed = status(poison.uploadId().toString());
        assertThat(failed.get("failure").stringValue()).contains("payload format");
        assertThat(failed.get("attempts").intValue()).isEqualTo(3);
    }

    JsonNode status(String uploadId) {
        Api api = server().api();
        return api.send(api.request("/v1/uploads/" + uploadId)
                        .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .GET()
                        .build())
                .json();
    }

    @Test
    void anOverlongIdentitySkipsTheResultAndOverlongFreeTextIsCutWithAMarker() {
        String longName = "n".repeat(UploadBuilder.MAX_IDENTITY_CHARS + 1);
        String longReason = "r".repeat(UploadBuilder.MAX_FAILURE_REASON_CHARS * 2);
        String longLine = "l".repeat(100_000);
        String lines = String.join(",", java.util.Collections.nCopies(4, quoted(longLine)));

        HttpReply reply = suite.upload(upload(
                "\"CI\":\"generic\",\"key\":\"long\"",
                result(longName, ""),
                result(
                        "kept",
                        ",\"failure_reason\":" + quoted(longReason) + ",\"failure_expanded\":[{\"expanded\":[" + lines
                                + "]}]")));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(1);
        assertThat(reply.json().get("skipped").intValue()).isEqualTo(1);
        assertThat(reply.json().get("errors").get(0).stringValue()).contains("data[0]", "name is longer than");
        JsonNode run = suite.finishedRuns().get(0);
        JsonNode kept =
                suite.failedExecutionsByName(run.get("id").stringValue()).get("s kept");
        String reason = kept.get("failure_reason").stringValue();
        assertThat(reason)
                .hasSizeLessThanOrEqualTo(UploadBuilder.MAX_FAILURE_REASON_CHARS)
                .endsWith("characters cut]");
        JsonNode expanded = kept.get("failure_expanded").get(0).get("expanded");
        assertThat(expanded).hasSize(3);
        assertThat(expanded.get(2).stringValue()).contains("2 lines cut");
    }

    @Test
    void anOverlongRunEnvValueIs422NamingTheFieldAndNothingIsStored() {
        HttpReply reply = suite.upload(
                upload("\"CI\":\"generic\",\"key\":\"k\",\"branch\":" + quoted("b".repeat(50_000)), result("a", "")));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(message(reply)).contains("run_env[branch]", "at most 1024");
        assertThat(suite.get("/runs").json().size()).isZero();
    }

    @Test
    void impossibleNumbersSkipTheResultWithAReason() {
        HttpReply reply = suite.upload(upload(
                "\"CI\":\"generic\",\"key\":\"numbers\"",
                result("negative", ",\"history\":{\"duration\":-1}"),
                result("backwards", ",\"history\":{\"start_at\":10,\"end_at\":5}"),
                result("huge", ",\"history\":{\"duration\":1e999}"),
                result("fine", ",\"history\":{\"start_at\":1,\"end_at\":3.5}")));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(1);
        assertThat(reply.json().get("skipped").intValue()).isEqualTo(3);
        assertThat(reply.json().get("errors").valueStream().map(JsonNode::stringValue))
                .anySatisfy(e -> assertThat(e).contains("data[0]", "negative"))
                .anySatisfy(e -> assertThat(e).contains("data[1]", "before"))
                .anySatisfy(e -> assertThat(e).contains("data[2]", "does not fit"));
        JsonNode run = suite.finishedRuns().get(0);
        assertThat(suite.failedExecutionsByName(run.get("id").stringValue())
                        .get("s fine")
                        .get("duration")
                        .doubleValue())
                .isEqualTo(2.5);
    }

    @Test
    void aJunitTestcaseWithANegativeTimeIsSkippedWithAReason() {
        String xml = "<testsuite name=\"s\"><testcase classname=\"c\" name=\"neg\" time=\"-3\"/>"
                + "<testcase classname=\"c\" name=\"ok\" time=\"1\"/></testsuite>";

        HttpReply reply = suite.uploadFile("junit", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(1);
        assertThat(reply.json().get("errors").get(0).stringValue()).contains("duration");
    }

    @Test
    void aRunnerReportOfTheWrongShapeIs400NamingWhereAndNothingIsStored() {
        HttpReply cucumber = suite.uploadFile(
                "cucumber-json", "[{\"name\": \"F\", \"elements\": \"none\"}]".getBytes(StandardCharsets.UTF_8));
        HttpReply jest = suite.uploadFile(
                "jest-json",
                "{\"testResults\": [{\"name\": \"a.test.js\", \"assertionResults\": ["
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(cucumber.status()).isEqualTo(400);
        assertThat(message(cucumber)).contains("Cucumber", "feature 0", "elements");
        assertThat(jest.status()).isEqualTo(400);
        assertThat(message(jest)).contains("line 1");
        assertThat(suite.get("/runs").json().size()).isZero();
    }
}
