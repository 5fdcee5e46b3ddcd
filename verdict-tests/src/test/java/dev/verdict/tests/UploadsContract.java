package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.Fixtures.Captured;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The upload API with what real collectors send, then read back through the Runs API. */
abstract class UploadsContract {
    abstract TestServer server();

    TestOrganization org;

    @BeforeEach
    void newOrganization() {
        org = server().newOrganization();
    }

    static String results(String key, String... results) {
        return "{\"format\":\"json\",\"run_env\":{\"CI\":\"buildkite\",\"key\":\"" + key + "\",\"branch\":\"main\","
                + "\"commit_sha\":\"abc123\"},\"data\":[" + String.join(",", results) + "]}";
    }

    static String result(String name, String result) {
        return "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"scope\":\"Scope\",\"name\":\"" + name
                + "\",\"result\":\"" + result + "\",\"history\":{\"start_at\":1.0,\"end_at\":1.5,\"duration\":0.5}}";
    }

    HttpReply send(TestSuite suite, HttpRequest.Builder request) {
        return server().api()
                .send(request.header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .build());
    }

    HttpRequest.Builder post(String contentType, byte[] body) {
        return server().api()
                .request("/v1/uploads")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    @Test
    void everyCapturedRequestIsAcceptedAndReadBackThroughTheRunsApi() {
        for (String label :
                Fixtures.all().stream().map(Captured::label).distinct().toList()) {
            TestSuite suite = org.suite(label);
            List<Captured> captured = Fixtures.labelled(label);
            for (Captured request : captured) {
                HttpReply reply =
                        server().api().send(request.replay(server().api().uri("/v1/uploads"), suite.uploadToken()));

                assertThat(reply.status()).as("%s", request).isEqualTo(202);
                JsonNode body = reply.json();
                assertThat(body.get("queued").intValue())
                        .as("%s queued", request)
                        .isEqualTo(request.executions());
                assertThat(body.get("skipped").intValue())
                        .as("%s skipped", request)
                        .isZero();
                assertThat(body.get("errors").isArray()).isTrue();
                assertThat(body.get("id").stringValue())
                        .isEqualTo(body.get("upload_id").stringValue());
                assertThat(body.get("run_url").stringValue())
                        .endsWith("/runs/" + body.get("run_id").stringValue());
                assertThat(body.get("upload_url").stringValue())
                        .endsWith("/v1/uploads/" + body.get("id").stringValue());
            }

            JsonNode runs = suite.finishedRuns();
            assertThat(runs.size())
                    .as("%s: one run for every request with the key", label)
                    .isEqualTo(1);
            JsonNode run = runs.get(0);
            assertThat(run.get("result").stringValue()).as(label).isEqualTo("failed");
            assertThat(run.get("branch").stringValue()).isEqualTo("main");
            assertThat(run.get("commit_sha").stringValue()).isEqualTo("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");
            assertThat(run.get("build_id").stringValue()).isEqualTo("0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40");
            int sent = captured.stream().mapToInt(Captured::executions).sum();
            assertThat(server().count(
                                    "SELECT count(*) FROM executions WHERE run_id = ?",
                                    run.get("id").stringValue()))
                    .as("%s executions", label)
                    .isEqualTo(sent);

            JsonNode failed = suite.get("/runs/" + run.get("id").stringValue() + "/failed_executions?per_page=100")
                    .json();
            if (label.equals("plugin-junit")) {
                assertThat(failed.size()).isEqualTo(2);
            } else {
                checkAgainstSent(label, captured, failed);
            }
        }
    }

    /** Each failed result sent is a failed execution, with its reason, duration and location. */
    private static void checkAgainstSent(String label, List<Captured> captured, JsonNode failed) {
        List<JsonNode> sent = new ArrayList<>();
        captured.forEach(c -> c.json().get("data").forEach(sent::add));
        List<JsonNode> sentFailures = sent.stream()
                .filter(r -> "failed".equals(r.path("result").asString()))
                .toList();
        assertThat(failed.size()).as("%s failed executions", label).isEqualTo(sentFailures.size());
        Map<String, JsonNode> byName = failed.valueStream()
                .collect(Collectors.toMap(f -> f.get("test_name").stringValue(), f -> f, (a, b) -> a));
        for (JsonNode result : sentFailures) {
            String scope = result.path("scope").asString("");
            String name = scope.isEmpty()
                    ? result.get("name").stringValue()
                    : scope + " " + result.get("name").stringValue();
            JsonNode execution = byName.get(name);
            assertThat(execution).as("%s: %s", label, name).isNotNull();
            assertThat(execution.get("failure_reason").asString(null))
                    .isEqualTo(result.path("failure_reason").asString(null));
            assertThat(execution.get("location").asString(null))
                    .isEqualTo(result.path("location").asString(null));
            assertThat(execution.get("duration").doubleValue())
                    .isEqualTo(result.get("history").get("duration").doubleValue());
            assertThat(execution.get("tags").isObject()).isTrue();
            result.path("tags")
                    .properties()
                    .forEach(tag -> assertThat(
                                    execution.get("tags").get(tag.getKey()).stringValue())
                            .isEqualTo(tag.getValue().asString()));
        }
    }

    @Test
    void everyAuthorizationSpellingOfTheCollectorsIsAccepted() {
        TestSuite suite = org.suite("Auth");
        String token = suite.uploadToken();
        for (String header :
                List.of("Token token=\"" + token + "\"", "Token token=" + token, "Token " + token, "Bearer " + token)) {
            HttpReply reply = server().api()
                    .send(post(
                                    "application/json",
                                    results("k-auth", result("a", "passed")).getBytes(StandardCharsets.UTF_8))
                            .header("Authorization", header)
                            .build());
            assertThat(reply.status()).as(header).isEqualTo(202);
        }
    }

    @Test
    void aMissingOrWrongUploadTokenIs401() {
        TestSuite suite = org.suite("Wrong");
        byte[] body = results("k", result("a", "passed")).getBytes(StandardCharsets.UTF_8);
        for (String header : List.of(
                "Token token=\"nope\"", "Basic " + suite.uploadToken(), "Token token=\"" + org.token() + "\"")) {
            HttpReply reply = server().api()
                    .send(post("application/json", body)
                            .header("Authorization", header)
                            .build());
            assertThat(reply.status()).as(header).isEqualTo(401);
            assertThat(reply.json().get("message").stringValue()).contains("upload token");
        }
        assertThat(server().api().send(post("application/json", body).build()).status())
                .isEqualTo(401);
    }

    @Test
    void gzipAndDeflateBodiesAreAccepted() throws Exception {
        TestSuite suite = org.suite("Compressed");
        byte[] json =
                results("k-zip", result("a", "passed"), result("b", "failed")).getBytes(StandardCharsets.UTF_8);

        HttpReply gzip = send(suite, post("application/json", gzip(json)).header("Content-Encoding", "gzip"));
        HttpReply zlib =
                send(suite, post("application/json", deflate(json, false)).header("Content-Encoding", "deflate"));
        HttpReply raw =
                send(suite, post("application/json", deflate(json, true)).header("Content-Encoding", "deflate"));

        assertThat(List.of(gzip.status(), zlib.status(), raw.status())).containsOnly(202);
        assertThat(gzip.json().get("queued").intValue()).isEqualTo(2);
        assertThat(raw.json().get("queued").intValue()).isEqualTo(2);
    }

    @Test
    void whatCollectorsVaryOnIsAccepted() {
        TestSuite suite = org.suite("Lenient");
        String body = "{\"format\":\"json\",\"run_env\":{\"ci\":\"github_actions\",\"key\":\"gha-1-1\",\"number\":42,"
                + "\"CI_UNSET\":null,\"debug\":true},\"tags\":{\"cloud.provider\":\"aws\"},\"data\":["
                // Ruby: external_id, process-monotonic seconds, nested spans
                + "{\"external_id\":\"019eddd0-3d40-7582-a010-7eb1967c61d9\",\"scope\":\"User\",\"name\":\"is valid\","
                + "\"file_name\":\"./spec/user_spec.rb\",\"location\":\"./spec/user_spec.rb:4\",\"result\":\"passed\","
                + "\"history\":{\"section\":\"top\",\"start_at\":442.1,\"end_at\":442.3,\"duration\":0.2,\"children\":"
                + "[{\"section\":\"sql\",\"start_at\":442.15,\"end_at\":442.16,\"duration\":0.01,\"detail\":{\"query\":\"SELECT 1\"},"
                + "\"children\":[]}]}},"
                // Minitest: no id; skip sent as pending with a reason
                + "{\"scope\":\"UserTest\",\"name\":\"test_skip\",\"result\":\"pending\",\"failure_reason\":\"skipped\"},"
                // Playwright: not a UUID, file:line:col, epoch millis without end_at, execution tags
                + "{\"id\":\"5e1b-9a7c\",\"scope\":\" example.spec.ts title\",\"name\":\"works\",\"location\":\"example.spec.ts:3:5\","
                + "\"result\":\"unknown\",\"history\":{\"start_at\":1795854882481,\"duration\":0.25},\"tags\":{\"team\":\"web\"}},"
                // Mocha: no scope at all, location without a line, null duration, empty failure_expanded
                + "{\"name\":\"top level\",\"location\":\"test/a.js\",\"result\":\"skipped\",\"history\":{\"duration\":null},"
                + "\"failure_expanded\":[]},"
                // Jest: null location, failure with expanded lines
                + "{\"scope\":\"calc\",\"name\":\"adds\",\"location\":null,\"result\":\"failed\",\"failure_reason\":\"nope\","
                + "\"failure_expanded\":[{\"expanded\":[\"line\"],\"backtrace\":[\"at x\"]},{\"backtrace\":[\"only\"]}],"
                + "\"history\":{\"start_at\":1795854882481,\"end_at\":1795854882491}}"
                + "]}";

        HttpReply reply = suite.upload(body);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(5);
        assertThat(reply.json().get("skipped").intValue()).isZero();
        JsonNode run = suite.finishedRuns().get(0);
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        assertThat(run.get("build_id").isNull()).isTrue();
        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json()
                .get(0);
        assertThat(failed.get("duration").doubleValue()).isEqualTo(0.01);
        assertThat(failed.get("failure_expanded").get(1).get("backtrace").get(0).stringValue())
                .isEqualTo("only");
        assertThat(failed.get("tags").get("cloud.provider").stringValue()).isEqualTo("aws");
    }

    @Test
    void invalidResultsAreSkippedAndCountedWhileValidOnesAreQueued() {
        TestSuite suite = org.suite("Partial");

        HttpReply reply = suite.upload(results(
                "k-partial",
                "{\"scope\":\"no name\",\"result\":\"passed\"}",
                "{\"name\":\"odd\",\"result\":\"exploded\"}",
                "{\"name\":5}",
                "{\"name\":\"bad tag\",\"tags\":{\"mut.x\":\"y\"}}",
                "[1]",
                result("fine", "passed")));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(1);
        assertThat(reply.json().get("skipped").intValue()).isEqualTo(5);
        List<String> errors = reply.json()
                .get("errors")
                .valueStream()
                .map(JsonNode::stringValue)
                .toList();
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).startsWith("data[0]: name is required");
        assertThat(errors.get(1)).contains("data[1]", "exploded");
        assertThat(errors.get(3)).contains("data[3]", "mut.x");
        assertThat(suite.finishedRuns().get(0).get("result").stringValue()).isEqualTo("passed");
    }

    @Test
    void moreThan5000ResultsIs413AndNothingIsStored() {
        TestSuite suite = org.suite("Huge");
        String many = IntStream.range(0, 5001)
                .mapToObj(i -> "{\"name\":\"t" + i + "\",\"result\":\"passed\"}")
                .collect(Collectors.joining(","));

        HttpReply reply = suite.upload(results("k-huge", many));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("message").stringValue()).contains("5000", "run_env[key]");
        assertThat(suite.get("/runs").json().size()).isZero();
    }

    @Test
    void exactly5000ResultsAreAccepted() {
        TestSuite suite = org.suite("Full");
        String many = IntStream.range(0, 5000)
                .mapToObj(i -> "{\"name\":\"t" + i + "\",\"result\":\"passed\"}")
                .collect(Collectors.joining(","));

        HttpReply reply = suite.upload(results("k-full", many));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(5000);
        String run = suite.finishedRuns().get(0).get("id").stringValue();
        assertThat(server().count("SELECT count(*) FROM executions WHERE run_id = ?", run))
                .isEqualTo(5000);
    }

    @Test
    void aMissingRunKeyOrBadUploadTagsIs422AndNothingIsStored() {
        TestSuite suite = org.suite("Keyless");

        HttpReply keyless = suite.upload(
                "{\"format\":\"json\",\"run_env\":{\"CI\":\"generic\"},\"data\":[" + result("a", "passed") + "]}");
        HttpReply badTags =
                suite.upload("{\"format\":\"json\",\"run_env\":{\"key\":\"k\"},\"tags\":{\"1bad\":\"x\"},\"data\":[]}");

        assertThat(keyless.status()).isEqualTo(422);
        assertThat(keyless.json().get("message").stringValue()).contains("run_env[key]");
        assertThat(badTags.status()).isEqualTo(422);
        assertThat(badTags.json().get("message").stringValue()).contains("1bad");
        assertThat(suite.get("/runs").json().size()).isZero();
    }

    @Test
    void multipartJunitAndJsonFilesAreAccepted() {
        TestSuite suite = org.suite("Multipart");
        byte[] xml = Fixtures.file("plugin-junit", "0001.part-data.xml");
        Multipart junit = new Multipart()
                .file("data", "TEST-x.xml", "application/octet-stream", xml)
                .field("format", "junit")
                .field("run_env[CI]", "buildkite")
                .field("run_env[key]", "k-multi")
                .field("tags[team]", "core");
        Multipart json = new Multipart()
                .field("format", "json")
                .field("run_env[key]", "k-multi")
                .file(
                        "data",
                        "results.json",
                        "application/octet-stream",
                        ("[" + result("from json", "passed") + "]").getBytes(StandardCharsets.UTF_8));

        HttpReply first = send(suite, post(junit.contentType(), junit.bytes()));
        HttpReply second = send(suite, post(json.contentType(), json.bytes()));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("queued").intValue()).isEqualTo(8);
        assertThat(second.json().get("queued").intValue()).isEqualTo(1);
        JsonNode run = suite.finishedRuns().get(0);
        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json();
        assertThat(failed.valueStream()
                        .map(f -> f.get("test_name").stringValue())
                        .toList())
                .allMatch(name -> name.startsWith("example.CalcTest "));
        assertThat(failed.get(0).get("tags").get("team").stringValue()).isEqualTo("core");
        assertThat(failed.get(0).get("failure_reason").stringValue()).isNotBlank();
        assertThat(failed.get(0).get("failure_expanded").get(0).get("expanded").size())
                .isPositive();
    }

    /** The documented curl upload, as the pipeline plugin runs it: curl builds the multipart form. */
    @Test
    void theDocumentedCurlUploadOfJunitXmlWorks() throws Exception {
        TestSuite suite = org.suite("Curl");
        java.nio.file.Path xml = java.nio.file.Files.createTempFile("junit", ".xml");
        java.nio.file.Files.write(xml, Fixtures.file("plugin-junit", "0001.part-data.xml"));
        List<String> command = List.of(
                "curl",
                "-sS",
                "-X",
                "POST",
                "-H",
                "Authorization: Token token=\"" + suite.uploadToken() + "\"",
                "-F",
                "data=@" + xml,
                "-F",
                "format=junit",
                "-F",
                "run_env[CI]=buildkite",
                "-F",
                "run_env[key]=\"curl-run-1\"",
                "-F",
                "run_env[branch]=main",
                "-F",
                "run_env[commit_sha]=abc",
                "-F",
                "tags[team]=core",
                server().api().uri("/v1/uploads").toString());
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as(output).isZero();

        JsonNode answer =
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(output);

        assertThat(answer.get("queued").intValue()).as(output).isEqualTo(8);
        JsonNode run = suite.finishedRuns().get(0);
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        assertThat(run.get("branch").stringValue()).isEqualTo("main");
        assertThat(suite.get("/runs?per_page=1").json().size()).isEqualTo(1);
    }

    @Test
    void concurrentUploadsWithOneKeyLandInOneRun() throws Exception {
        TestSuite suite = org.suite("Parallel");
        int uploads = 12;
        List<Future<HttpReply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(uploads)) {
            for (int i = 0; i < uploads; i++) {
                String body = results(
                        "k-parallel",
                        IntStream.range(0, 50)
                                .mapToObj(j -> "{\"name\":\"t" + j + "\",\"result\":\"passed\"}")
                                .toArray(String[]::new));
                replies.add(pool.submit(() -> suite.upload(body)));
            }
            for (Future<HttpReply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(202);
            }
        }

        JsonNode runs = suite.finishedRuns();

        assertThat(runs.size()).isEqualTo(1);
        assertThat(replies.stream()
                        .map(r -> r.resultNow().json().get("run_id").stringValue())
                        .distinct())
                .hasSize(1);
        assertThat(server().count(
                                "SELECT count(*) FROM executions WHERE run_id = ?",
                                runs.get(0).get("id").stringValue()))
                .isEqualTo(uploads * 50L);
        assertThat(server().count(
                                "SELECT count(*) FROM tests t JOIN suites s ON s.id = t.suite_id WHERE s.slug = ?"
                                        + " AND s.organization_id = ?",
                                suite.slug(),
                                org.organization().id()))
                .isEqualTo(50);
    }

    @Test
    void anUploadsStatusCanBeRead() {
        TestSuite suite = org.suite("Status");
        JsonNode accepted =
                suite.upload(results("k-status", result("a", "passed"))).json();
        suite.finishedRuns();

        HttpReply status = server().api()
                .send(server().api()
                        .request("/v1/uploads/" + accepted.get("id").stringValue())
                        .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .build());
        HttpReply otherSuite = server().api()
                .send(server().api()
                        .request("/v1/uploads/" + accepted.get("id").stringValue())
                        .header(
                                "Authorization",
                                "Token token=\"" + org.suite("Other").uploadToken() + "\"")
                        .build());

        assertThat(status.json().get("state").stringValue()).isEqualTo("processed");
        assertThat(status.json().get("queued").intValue()).isEqualTo(1);
        assertThat(otherSuite.status()).isEqualTo(404);
    }

    @Test
    void uploadHealthListsTheSuitesUploadsNewestFirstWithWhatWasSkippedAndWhy() {
        TestSuite suite = org.suite("Health");
        JsonNode partial = suite.upload(
                        results("k-h1", "{\"name\":\"odd\",\"result\":\"exploded\"}", result("a", "passed")))
                .json();
        suite.finishedRuns();
        JsonNode whole = suite.upload(results("k-h2", result("b", "passed"))).json();
        suite.finishedRuns();

        HttpReply first = suite.get("/uploads?per_page=1");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get(0).get("id").stringValue())
                .isEqualTo(whole.get("id").stringValue());
        assertThat(first.header("Link").orElse("")).contains("rel=\"next\"");
        JsonNode older = suite.get("/uploads?per_page=1&page=2").json().get(0);
        assertThat(older.get("id").stringValue()).isEqualTo(partial.get("id").stringValue());
        assertThat(older.get("state").stringValue()).isEqualTo("processed");
        assertThat(older.get("format").stringValue()).isEqualTo("json");
        assertThat(older.get("queued").intValue()).isEqualTo(1);
        assertThat(older.get("skipped").intValue()).isEqualTo(1);
        assertThat(older.get("errors").get(0).stringValue()).contains("data[0]", "exploded");
        assertThat(older.get("run_url").stringValue())
                .contains("/runs/" + older.get("run_id").stringValue());
        assertThat(suite.get("/uploads?state=queued").json()).isEmpty();
        assertThat(suite.get("/uploads?state=processed").json()).hasSize(2);
        HttpReply bad = suite.get("/uploads?state=lost");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").stringValue()).contains("state must be queued, processed, failed");
        HttpReply stranger = server().api()
                .get(suite.path("/uploads"), server().newOrganization().token(Scope.READ_SUITES));
        assertThat(stranger.status()).isEqualTo(404);
    }

    @Test
    void junitInAJsonStringIsAcceptedAsThe2022DocsShowed() {
        TestSuite suite = org.suite("Old form");
        String xml = "<testsuite><testcase classname=\\\"C\\\" name=\\\"ok\\\"/></testsuite>";

        HttpReply reply =
                suite.upload("{\"format\":\"junit\",\"run_env\":{\"key\":\"k-2022\"},\"data\":\"" + xml + "\"}");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.json().get("queued").intValue()).isEqualTo(1);
    }

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, new java.util.zip.Deflater(6, raw))) {
            deflate.write(data);
        }
        return out.toByteArray();
    }
}
