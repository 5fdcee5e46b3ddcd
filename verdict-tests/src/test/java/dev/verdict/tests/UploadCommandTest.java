package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import dev.verdict.upload.Commands;
import dev.verdict.upload.UploadCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code verdict upload}, run in-process with an environment of its own, against a real server. */
class UploadCommandTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    @TempDir
    Path dir;

    private HttpServer front;

    record Run(int exit, String out, String err) {}

    Run upload(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Commands.execute(
                new CommandLine(new UploadCommand(env, dir, false)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(exit, out.toString(), err.toString());
    }

    @AfterEach
    void stopFront() {
        if (front != null) {
            front.stop(0);
        }
    }

    @Test
    void aFileOfMoreThanOneUploadGoesInSeveralToOneRun() throws IOException {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Big");
        int total = 12_345;
        StringBuilder xml = new StringBuilder("<testsuites><testsuite name=\"Big\" file=\"test/big_test.py\">");
        for (int i = 0; i < total; i++) {
            xml.append("<testcase classname=\"Big\" name=\"case ").append(i).append("\" time=\"0.01\">");
            if (i % 1000 == 0) {
                xml.append("<failure message=\"boom ")
                        .append(i)
                        .append("\">trace</failure>")
                        .append("<system-out>printed by ")
                        .append(i)
                        .append("</system-out>");
            }
            xml.append("</testcase>");
        }
        Files.writeString(dir.resolve("TEST-big.xml"), xml.append("</testsuite></testsuites>"));

        Run run = upload(
                Map.of(
                        "BUILDKITE_ANALYTICS_TOKEN", suite.uploadToken(),
                        "BUILDKITE_BUILD_ID", "build-big",
                        "BUILDKITE_BRANCH", "main",
                        "BUILDKITE_COMMIT", "c0ffee",
                        "BUILDKITE_BUILD_URL", "https://ci.example/builds/1"),
                "--url",
                SERVER.server().uri().toString(),
                "TEST-big.xml");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err())
                .contains("1 of 1 files")
                .contains("12,345 results")
                .contains("12,345 queued");
        JsonNode runs = suite.finishedRuns();
        assertThat(runs.size()).isEqualTo(1);
        JsonNode theRun = runs.get(0);
        assertThat(run.out().strip()).isEqualTo(theRun.get("web_url").stringValue());
        assertThat(theRun.get("branch").stringValue()).isEqualTo("main");
        assertThat(theRun.get("commit_sha").stringValue()).isEqualTo("c0ffee");
        String runId = theRun.get("id").stringValue();
        assertThat(SERVER.count("SELECT count(*) FROM uploads WHERE run_id = ?", runId))
                .isEqualTo(3);
        assertThat(SERVER.count("SELECT count(*) FROM executions WHERE run_id = ?", runId))
                .isEqualTo(total);
        var failures = suite.failedExecutionsByName(runId);
        assertThat(failures).hasSize(13);
        JsonNode failed = failures.values().stream()
                .filter(f -> f.get("test_name").stringValue().endsWith("case 12000"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.get("failure_reason").stringValue()).isEqualTo("boom 12000");
        assertThat(failed.get("output").get("stdout").stringValue()).isEqualTo("printed by 12000");
    }

    @Test
    void eachFilesFormatIsToldByItsContent() throws IOException {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Mixed");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        for (String sample : List.of("rspec.json", "cucumber.json", "go-test.jsonl", "junit/gradle.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/formats/" + sample)) {
                Files.write(reports.resolve(Path.of(sample).getFileName()), in.readAllBytes());
            }
        }
        Files.writeString(reports.resolve("notes.txt"), "not a report, and not picked");

        Run run = upload(
                Map.of("GITHUB_RUN_NUMBER", "5", "GITHUB_ACTION", "test", "GITHUB_RUN_ATTEMPT", "1"),
                "--url",
                SERVER.server().uri() + "/v1/uploads",
                "--token",
                suite.uploadToken(),
                "--branch",
                "feature",
                "--tag",
                "os=linux",
                "reports");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).startsWith("verdict upload: 4 of 4 files,");
        JsonNode runs = suite.finishedRuns();
        assertThat(runs.size()).isEqualTo(1);
        assertThat(runs.get(0).get("branch").stringValue()).isEqualTo("feature");
        String runId = runs.get(0).get("id").stringValue();
        for (String format : List.of("rspec-json", "cucumber-json", "go-jsonl", "junit")) {
            assertThat(SERVER.count("SELECT count(*) FROM uploads WHERE run_id = ? AND format = ?", runId, format))
                    .as(format)
                    .isEqualTo(1);
        }
        assertThat(SERVER.count("SELECT count(*) FROM executions WHERE run_id = ? AND tags LIKE '%linux%'", runId))
                .isEqualTo(SERVER.count("SELECT count(*) FROM executions WHERE run_id = ?", runId))
                .isPositive();
    }

    @Test
    void throttledAndFailingAnswersAreRetried() throws IOException {
        TestSuite suite = SERVER.newOrganization().suite("Retried");
        AtomicInteger attempts = new AtomicInteger();
        frontAnswering(
                attempt -> switch (attempt) {
                    case 1 -> 429;
                    case 2 -> 503;
                    default -> 0; // passed on to the server
                },
                attempts);
        Files.writeString(dir.resolve("one.xml"), "<testsuite><testcase classname=\"A\" name=\"b\"/></testsuite>");

        Run run = upload(Map.of(), "--url", frontUrl(), "--token", suite.uploadToken(), "one.xml");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(run.err()).contains("1 of 1 files").contains("1 queued");
        assertThat(suite.finishedRuns().size()).isEqualTo(1);
    }

    @Test
    void aServerThatKeepsFailingIsGivenUpOnWithinTheBudget() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        frontAnswering(attempt -> 500, attempts);
        Files.writeString(dir.resolve("one.xml"), "<testsuite><testcase name=\"b\"/></testsuite>");
        String[] args = {"--url", frontUrl(), "--token", "t", "--timeout", "2s", "one.xml"};

        long started = System.nanoTime();
        Run quiet = upload(Map.of(), args);
        double seconds = (System.nanoTime() - started) / 1e9;
        Run strict = upload(Map.of(), concat(args, "--fail-on-error"));

        assertThat(quiet.exit()).isZero();
        assertThat(quiet.err()).contains("one.xml: HTTP 500: the front failed").contains("gave up");
        assertThat(attempts.get()).isGreaterThan(2);
        assertThat(seconds).isLessThan(4);
        assertThat(strict.exit()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsToldOnceAndTheOtherFilesAreNotSent() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        frontAnswering(attempt -> 0, attempts);
        for (int i = 0; i < 5; i++) {
            Files.writeString(dir.resolve(i + ".xml"), "<testsuite><testcase name=\"b\"/></testsuite>");
        }

        Run run = upload(Map.of(), "--url", frontUrl(), "--token", "wrong", "--concurrency", "1", "*.xml");

        assertThat(run.exit()).isZero();
        assertThat(attempts.get()).as("uploads that reached the server").isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.contains("HTTP 401")))
                .singleElement()
                .asString()
                .startsWith("verdict upload: HTTP 401: ")
                .contains("nothing more is sent");
        assertThat(run.err()).doesNotContain("gave up").contains("0 of 5 files, 5 not sent");
    }

    @Test
    void aServerThatIsNotThereIsToldOnceAndTheCommandEndsAtOnce() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        for (int i = 0; i < 8; i++) {
            Files.writeString(dir.resolve(i + ".xml"), "<testsuite><testcase name=\"b\"/></testsuite>");
        }

        long started = System.nanoTime();
        Run run = upload(Map.of(), "--url", "http://127.0.0.1:" + port, "--token", "t", "*.xml", "--fail-on-error");
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(seconds).isLessThan(2);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().filter(line -> line.contains("refused")))
                .as(run.err())
                .singleElement()
                .asString()
                .isEqualTo("verdict upload: cannot connect to http://127.0.0.1:" + port
                        + "/v1/uploads: connection refused, so nothing more is sent");
        assertThat(run.err()).contains("0 of 8 files, 8 not sent").hasLineCount(2);
    }

    @Test
    void anAddressWithoutASchemeIsTakenAsHttp() throws IOException {
        TestSuite suite = SERVER.newOrganization().suite("No scheme");
        Files.writeString(dir.resolve("one.xml"), "<testsuite><testcase classname=\"A\" name=\"b\"/></testsuite>");

        Run run = upload(
                Map.of(),
                "--url",
                "localhost:" + SERVER.server().uri().getPort(),
                "--token",
                suite.uploadToken(),
                "one.xml");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("1 of 1 files").contains("1 queued");
        assertThat(suite.finishedRuns().size()).isEqualTo(1);
    }

    @Test
    void theDefaultBudgetIsThirtySeconds() {
        Run help = upload(Map.of(), "--help");

        assertThat(help.out())
                .containsPattern("--timeout=DURATION\\s+The most the whole command may take")
                .contains("Default: 30s.");
    }

    @Test
    void aBrokenFileSendsNothingAndTheOthersStillGo() throws IOException {
        TestSuite suite = SERVER.newOrganization().suite("Broken");
        Files.writeString(dir.resolve("a-broken.xml"), "<testsuite><testcase name=\"x\"></testsuite>");
        Files.writeString(dir.resolve("b-fine.xml"), "<testsuite><testcase name=\"y\"/></testsuite>");

        Run run = upload(
                Map.of(),
                "--url",
                SERVER.server().uri().toString(),
                "--token",
                suite.uploadToken(),
                "*.xml",
                "--fail-on-error");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("a-broken.xml: ").contains("line 1").contains("1 of 2 files, 1 not sent");
        JsonNode runs = suite.finishedRuns();
        assertThat(runs.size()).isEqualTo(1);
        assertThat(SERVER.count(
                        "SELECT count(*) FROM executions WHERE run_id = ?",
                        runs.get(0).get("id").stringValue()))
                .isEqualTo(1);
    }

    @Test
    void aTokenNoHeaderCanCarryIsAProblemOfItsOwn() throws IOException {
        Files.writeString(dir.resolve("one.xml"), "<testsuite><testcase name=\"b\"/></testsuite>");

        Run run = upload(
                Map.of(),
                "--url",
                SERVER.server().uri().toString(),
                "--token",
                "bad\ntoken",
                "one.xml",
                "--fail-on-error");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("one.xml: ").contains("0 of 1 files, 1 not sent");
    }

    @Test
    void withoutATokenNothingIsSentAndTheBuildGoesOn() throws IOException {
        Files.writeString(dir.resolve("one.xml"), "<testsuite/>");

        Run run = upload(Map.of(), "--url", "http://127.0.0.1:9", "one.xml");

        assertThat(run.exit()).isZero();
        assertThat(run.err())
                .isEqualTo(
                        "verdict upload: no token (--token or BUILDKITE_ANALYTICS_TOKEN), so nothing" + " was sent\n");
    }

    @Test
    void wrongUsageExitsTwoWithOneLine() {
        Map<String, String> env = Map.of("BUILDKITE_ANALYTICS_TOKEN", "t");
        List<Run> runs = List.of(
                upload(env, "--url", "http://x"),
                upload(env, "one.xml"),
                upload(env, "--url", "ftp://x", "one.xml"),
                upload(env, "--url", "http://x", "--format", "nunit", "one.xml"),
                upload(env, "--url", "http://x", "--concurrency", "0", "one.xml"),
                upload(env, "--url", "http://x", "--tag", "novalue", "one.xml"));

        assertThat(runs).allSatisfy(run -> {
            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("verdict: ").endsWith("--help')\n").hasLineCount(1);
        });
        assertThat(runs.get(3).err()).contains("'nunit' is not one of cucumber-json, go-jsonl, jest-json");
    }

    /**
     * A front on the server that answers each attempt with the status given for its number, or
     * passes it on to the real server when given 0.
     */
    private void frontAnswering(IntFunction<Integer> statusForAttempt, AtomicInteger attempts) throws IOException {
        front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient client = HttpClient.newHttpClient();
        front.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = statusForAttempt.apply(attempts.incrementAndGet());
            if (status == 0) {
                passOn(client, exchange, body);
                return;
            }
            if (status == 429) {
                exchange.getResponseHeaders().add("RateLimit-Reset", "1");
            }
            reply(exchange, status, "{\"message\":\"the front failed\"}".getBytes(StandardCharsets.UTF_8));
        });
        front.start();
    }

    private static void passOn(HttpClient client, HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        SERVER.server().uri().resolve(exchange.getRequestURI()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Content-Type", "Content-Encoding")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String frontUrl() {
        return "http://127.0.0.1:" + front.getAddress().getPort();
    }

    private static String[] concat(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }
}
