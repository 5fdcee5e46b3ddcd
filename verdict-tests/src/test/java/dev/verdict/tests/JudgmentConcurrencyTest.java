package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one PostgreSQL database judging uploads of the same commit at once: a pass sent
 * to one and a failure sent to the other, at the same moment, still meet, whichever is processed
 * first, and nothing is judged twice.
 */
class JudgmentConcurrencyTest {
    @RegisterExtension
    static final TestServer FIRST = TestServer.on(TestDatabase.postgres());

    @RegisterExtension
    static final TestServer SECOND = FIRST.sharingItsDatabase();

    static final int PAIRS = 12;
    static final int RESULTS = 300;

    @Test
    void aPassAndAFailureOfOneCommitMeetAcrossWorkers() throws Exception {
        TestSuite suite = FIRST.newOrganization().suite("Concurrent");
        List<Future<HttpReply>> replies = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int pair = 0; pair < PAIRS; pair++) {
                for (int side = 0; side < 2; side++) {
                    Api api = (side == 0 ? FIRST : SECOND).api();
                    String body = body("build-" + pair + "-" + side, "commit-" + pair, "wobbly" + pair, side == 0);
                    replies.add(clients.submit(() -> api.send(api.request("/v1/uploads")
                            .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build())));
                }
            }
            for (Future<HttpReply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(202);
            }
        }
        suite.finishedRuns();

        Map<String, String> health = new HashMap<>();
        for (int page = 1; page <= 4; page++) {
            FIRST.api()
                    .get(
                            suite.path("/tests?per_page=100&page=" + page),
                            suite.org().token(Scope.READ_SUITES),
                            "Buildkite-Version",
                            TestsApiContract.VERSION)
                    .json()
                    .forEach(t -> health.put(
                            t.get("name").stringValue(), t.get("health").stringValue()));
        }
        for (int pair = 0; pair < PAIRS; pair++) {
            assertThat(health).as("wobbly" + pair).containsEntry("wobbly" + pair, "flaky");
        }
        assertThat(health.entrySet().stream().filter(e -> e.getValue().equals("flaky")))
                .hasSize(PAIRS);
        // One flip per commit, seen once: each pair's commit is one instance, and one piece of evidence.
        assertThat(FIRST.count("SELECT count(*) FROM flaky_events")).isEqualTo(PAIRS);
        assertThat(FIRST.count("SELECT count(*) FROM test_evidence")).isEqualTo(PAIRS);
        // Each failure reads flaky, also where its worker judged it before the pass was committed
        // and corrected it under the lock.
        assertThat(FIRST.count("SELECT count(*) FROM executions WHERE result = 'failed' AND failure_kind = 'flaky'"))
                .isEqualTo(PAIRS);
    }

    private static String body(String key, String commit, String wobbly, boolean fails) {
        return "{\"format\":\"json\",\"run_env\":{\"key\":\"" + key + "\",\"branch\":\"main\",\"commit_sha\":\""
                + commit + "\"},\"data\":[{\"name\":\"" + wobbly + "\",\"result\":\"" + (fails ? "failed" : "passed")
                + "\",\"failure_reason\":\"timeout\"},"
                + IntStream.range(0, RESULTS)
                        .mapToObj(i -> "{\"name\":\"steady" + i + "\",\"result\":\"passed\"}")
                        .collect(Collectors.joining(","))
                + "]}";
    }
}
