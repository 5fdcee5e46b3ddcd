package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one PostgreSQL database, as two processes behind a load balancer would be: uploads
 * sent to either are processed by whichever claims them first, each exactly once.
 */
class SharedQueueTest {
    @RegisterExtension
    static final TestServer FIRST = TestServer.on(TestDatabase.postgres());

    @RegisterExtension
    static final TestServer SECOND = FIRST.sharingItsDatabase();

    static final int UPLOADS = 24;
    static final int RESULTS = 300;

    @Test
    void uploadsToEitherServerAreEachProcessedOnce() throws Exception {
        TestSuite suite = FIRST.newOrganization().suite("Shared");
        List<Future<HttpReply>> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            for (int u = 0; u < UPLOADS; u++) {
                Api api = (u % 2 == 0 ? FIRST : SECOND).api();
                String body = "{\"format\":\"json\",\"run_env\":{\"key\":\"shared-" + u % 4 + "\"},\"data\":["
                        + IntStream.range(0, RESULTS)
                                .mapToObj(i -> "{\"name\":\"t" + i + "\",\"result\":\"" + (i == 0 ? "failed" : "passed")
                                        + "\"}")
                                .collect(Collectors.joining(","))
                        + "]}";
                replies.add(clients.submit(() -> api.send(api.request("/v1/uploads")
                        .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build())));
            }
            for (Future<HttpReply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(202);
            }
        }

        var runs = suite.finishedRuns();

        assertThat(runs.size()).isEqualTo(4);
        assertThat(FIRST.count(
                        "SELECT count(*) FROM executions e JOIN runs r ON r.id = e.run_id" + " WHERE r.run_key LIKE ?",
                        "shared-%"))
                .isEqualTo((long) UPLOADS * RESULTS);
        assertThat(FIRST.count("SELECT count(*) FROM uploads WHERE state <> ?", "processed"))
                .isZero();
        String token = suite.org().token(Scope.READ_SUITES);
        HttpReply fromSecond = SECOND.api().get(suite.path("/runs"), token);
        assertThat(fromSecond.json().size()).isEqualTo(4);
        assertThat(fromSecond.json().valueStream().map(r -> r.get("result").stringValue()))
                .containsOnly("failed");
    }
}
