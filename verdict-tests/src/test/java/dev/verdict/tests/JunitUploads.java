package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Uploads a JUnit XML file with curl's form fields, and reads back the run's failed executions. */
final class JunitUploads {
    private JunitUploads() {}

    static Map<String, JsonNode> upload(TestServer server, TestSuite suite, byte[] xml, int results) {
        Multipart form = new Multipart()
                .field("format", "junit")
                .field("run_env[CI]", "generic")
                .field("run_env[key]", UUID.randomUUID().toString())
                .file("data", "junit.xml", "application/xml", xml);
        HttpReply accepted = server.api()
                .send(server.api()
                        .request("/v1/uploads")
                        .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .header("Content-Type", form.contentType())
                        .POST(form.publisher())
                        .build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("queued").intValue()).isEqualTo(results);
        String run = suite.finishedRuns().get(0).get("id").stringValue();
        return suite.get("/runs/" + run + "/failed_executions?include_failure_expanded=true")
                .json()
                .valueStream()
                .collect(Collectors.toMap(e -> e.get("test_name").stringValue(), e -> e));
    }
}
