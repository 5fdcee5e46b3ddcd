package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Uploads a results file, checks how many results were queued, and reads back the failed executions. */
final class ResultFiles {
    private ResultFiles() {}

    static Map<String, JsonNode> upload(TestSuite suite, String format, byte[] data, int results) {
        HttpReply accepted = suite.uploadFile(format, data);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("queued").intValue()).isEqualTo(results);
        return suite.failedExecutionsByName(
                suite.finishedRuns().get(0).get("id").stringValue());
    }
}
