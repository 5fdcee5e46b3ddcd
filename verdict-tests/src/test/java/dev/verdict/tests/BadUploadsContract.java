package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad uploads: each gets a clear 4xx, nothing of it is stored, and the server keeps serving. */
abstract class BadUploadsContract extends SuiteContract {

    @AfterEach
    void nothingWasStoredAndTheServerStillServes() {
        assertThat(suite.get("/runs").json().size()).isZero();
        assertThat(server().api().get("/health", null).status()).isEqualTo(200);
    }

    HttpReply post(String contentType, byte[] body, String encoding) {
        HttpRequest.Builder request = server().api()
                .request("/v1/uploads")
                .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return server().api().send(request.build());
    }

    HttpReply json(String body) {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8), null);
    }

    HttpReply junit(String xml) {
        return file("junit", xml);
    }

    HttpReply file(String format, String data) {
        Multipart form = new Multipart()
                .field("format", format)
                .field("run_env[key]", "k")
                .file("data", "results", "application/octet-stream", data.getBytes(StandardCharsets.UTF_8));
        return post(form.contentType(), form.bytes(), null);
    }

    @Test
    void aBadRunnerReportIs400SayingWhatAndWhere() {
        HttpReply notAReport = file("jest-json", "[{\"name\": \"a\"}]");
        HttpReply noResults = file("jest-json", "{\"numTotalTests\": 1}");
        HttpReply broken = file("jest-json", "{\"testResults\": [\n{\"name\": \"a\", }]}");
        HttpReply inlined = json("{\"format\":\"jest-json\",\"run_env\":{\"key\":\"k\"},\"data\":[]}");

        assertThat(notAReport.status()).isEqualTo(400);
        assertThat(message(notAReport)).contains("not a Jest JSON report");
        assertThat(message(noResults)).contains("testResults");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(message(broken)).contains("not valid JSON", "line 2");
        assertThat(inlined.status()).isEqualTo(422);
        assertThat(message(inlined)).contains("multipart");
        HttpReply notPlaywright = file("playwright-json", "{\"testResults\": []}");
        assertThat(notPlaywright.status()).isEqualTo(400);
        assertThat(message(notPlaywright)).contains("not a Playwright JSON report", "suites");
        assertThat(server().count(
                                "SELECT count(*) FROM uploads WHERE suite_id IN (SELECT id FROM suites WHERE slug = ?)"
                                        + " AND suite_id IN (SELECT id FROM suites WHERE organization_id = (SELECT id FROM"
                                        + " organizations WHERE slug = ?))",
                                suite.slug(),
                                org.slug()))
                .isZero();
    }

    static String message(HttpReply reply) {
        return reply.json().get("message").stringValue();
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        HttpReply reply = json("{\"format\":\"json\",\"run_env\":{\"key\":\"k\"},\n\"data\":[{\"name\":\"a\",}]}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).contains("not valid JSON", "line 2");
    }

    @Test
    void truncatedJsonIs400() {
        HttpReply reply = json("{\"format\":\"json\",\"run_env\":{\"key\":\"k\"},\"data\":[{\"name\":\"a\"}");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void wrongTypesAre400NamingTheField() {
        assertThat(message(json("[]"))).contains("JSON object");
        assertThat(message(json("{\"run_env\":[\"key\"],\"data\":[]}"))).contains("run_env");
        assertThat(message(json("{\"run_env\":{\"key\":\"k\"},\"data\":{\"name\":\"x\"}}")))
                .contains("data");
        assertThat(message(json("{\"format\":7,\"run_env\":{\"key\":\"k\"},\"data\":[]}")))
                .contains("format");
        assertThat(json("{\"run_env\":{\"key\":{\"nested\":1}},\"data\":[]}").status())
                .isEqualTo(400);
    }

    @Test
    void anUnsupportedFormatIs422() {
        HttpReply reply = json("{\"format\":\"rspec-json\",\"run_env\":{\"key\":\"k\"},\"data\":[]}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(message(reply)).contains("rspec-json", "json, junit");
    }

    @Test
    void malformedGzipIs400() {
        HttpReply reply = post("application/json", "this is not gzip".getBytes(StandardCharsets.UTF_8), "gzip");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).contains("gzip");
    }

    @Test
    void truncatedGzipIs400() throws Exception {
        byte[] whole = UploadsContract.gzip(UploadsContract.results("k", UploadsContract.result("a", "passed"))
                .getBytes(StandardCharsets.UTF_8));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        HttpReply reply = post("application/json", truncated, "gzip");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void anUnknownContentEncodingIs415() {
        HttpReply reply = post("application/json", "{}".getBytes(StandardCharsets.UTF_8), "br");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(message(reply)).contains("br");
    }

    @Test
    void aGzipBombStopsAtTheLimitWith413() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write("{\"format\":\"json\",\"run_env\":{\"key\":\"k\"},\"data\":[".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 80; i++) {
                gzip.write(spaces);
            }
        }

        HttpReply reply = post("application/json", out.toByteArray(), "gzip");

        assertThat(out.size()).isLessThan(1 << 20);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(message(reply)).contains("64 MiB");
    }

    @Test
    void malformedMultipartIs400() {
        byte[] body = "--xyz\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\njunit\r\n--xyz"
                .getBytes(StandardCharsets.UTF_8);

        HttpReply reply = post("multipart/form-data; boundary=xyz", body, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).contains("multipart");
    }

    @Test
    void multipartWithoutDataOrFormatIs422() {
        Multipart noData = new Multipart().field("format", "junit").field("run_env[key]", "k");
        Multipart noFormat = new Multipart()
                .field("run_env[key]", "k")
                .file("data", "a.xml", "application/xml", "<testsuite/>".getBytes(StandardCharsets.UTF_8));

        HttpReply first = post(noData.contentType(), noData.bytes(), null);
        HttpReply second = post(noFormat.contentType(), noFormat.bytes(), null);

        assertThat(first.status()).isEqualTo(422);
        assertThat(message(first)).contains("data");
        assertThat(second.status()).isEqualTo(422);
        assertThat(message(second)).contains("format");
    }

    @Test
    void malformedXmlIs400SayingWhere() {
        HttpReply reply =
                junit("<testsuites>\n<testsuite name=\"a\">\n<testcase name=\"x\" classname=\"C\">\n</testsuite>");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).contains("not valid JUnit XML", "line");
    }

    @Test
    void xmlThatIsNotJunitIs400() {
        HttpReply reply = junit("<html><body>hello</body></html>");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(message(reply)).contains("<html>");
    }

    @Test
    void externalEntitiesAreNeverRead() throws Exception {
        Path secret = Files.createTempFile("verdict-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"file://" + secret + "\">]>\n"
                + "<testsuite><testcase classname=\"C\" name=\"&xxe;\"/></testsuite>";

        HttpReply reply = junit(xxe);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void entityExpansionBombsAreRefusedQuickly() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            lol.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        lol.append("]>\n<testsuite><testcase classname=\"C\" name=\"&lol9;\"/></testsuite>");
        long start = System.nanoTime();

        HttpReply reply = junit(lol.toString());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    }
}
