package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.VERSION;
import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rollups change how fast metrics are read, never what they say: every answer is the same before
 * and after the hours are rolled up, whatever the window's edges and filters.
 */
abstract class RollupContract {
    /** A Tuesday morning, so windows cross hours, days and the rolled-up edge. */
    static final Instant START = Instant.parse("2026-03-10T10:30:00Z");

    abstract TestServer server();

    abstract MovableClock clock();

    @Test
    void metricsAreTheSameBeforeAndAfterTheRollup() {
        TestOrganization org = server().newOrganization();
        TestSuite suite = org.suite("Rolled");
        send(suite, upload("r1", "main", "c1", execution("a", "passed", 1), execution("b", "failed", 2)));
        clock().advance(Duration.ofMinutes(45));
        send(suite, upload("r2", "feature", "c2", execution("a", "failed", 3), execution("b", "passed", 4)));
        clock().advance(Duration.ofDays(2));
        send(suite, upload("r3", "main", "c3", execution("a", "passed", 5), execution("c", "skipped", 6)));
        clock().advance(Duration.ofHours(3));
        send(suite, upload("r4", "main", "c4", execution("a", "passed", 7)));
        clock().advance(Duration.ofMinutes(20));
        String a = suite.get("/tests?per_page=100")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals("a"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .stringValue();

        List<String> queries = List.of(
                "/tests",
                "/tests?period=28days&sort_by=reliability&order=asc",
                "/tests?min_timestamp=" + START + "&max_timestamp=" + START.plus(Duration.ofDays(2)),
                "/tests?min_timestamp=" + START.plusMillis(1),
                "/tests?min_timestamp=2026-03-10T11:00:00Z&max_timestamp=2026-03-12T11:15:00Z",
                "/tests?min_timestamp=2026-03-11&max_timestamp=2026-03-12",
                "/tests?branch=main",
                "/tests?branch=!main&period=14days",
                "/tests?branch=feat*&period=14days",
                "/tests?tags=result:~failed",
                "/tests?tags=result:^passed&sort_by=duration_max",
                "/tests?tags=result:passed",
                "/tests/" + a,
                "/tests/" + a + "?min_timestamp=2026-03-10T11:00:00Z");
        Map<String, String> before = answers(org, suite, queries);
        var tests = server().server().storage().tests();
        java.util.UUID aId = java.util.UUID.fromString(a);
        var window = new dev.verdict.core.tests.TestQuery.Window(START.minus(Duration.ofHours(1)), clock().instant());
        var edge = new dev.verdict.core.tests.TestQuery.Window(START.plusMillis(1), START.plus(Duration.ofDays(2)));
        var historyBefore = List.of(
                tests.executions(aId, window, 100), tests.executions(aId, window, 2), tests.executions(aId, edge, 100));
        assertThat(historyBefore.get(0)).hasSize(4);
        assertThat(historyBefore.get(1)).hasSize(2);

        int hours = server().server().storage().tests().rollUp(clock().instant());

        assertThat(hours).isPositive();
        assertThat(server().count("SELECT count(*) FROM test_rollups WHERE span = ?", 3_600_000L))
                .isPositive();
        assertThat(server().count("SELECT count(*) FROM test_rollups WHERE span = ?", 86_400_000L))
                .isPositive();
        assertThat(answers(org, suite, queries)).isEqualTo(before);
        // A test's history is read guided by the rollups afterwards: the same executions.
        assertThat(List.of(
                        tests.executions(aId, window, 100),
                        tests.executions(aId, window, 2),
                        tests.executions(aId, edge, 100)))
                .isEqualTo(historyBefore);
        assertThat(server().server().storage().tests().rollUp(clock().instant()))
                .isZero();
        // The sums are real: a week holds every execution of a.
        assertThat(before.get("/tests/" + a)).contains("\"executions_count\":4");
        assertThat(Set.copyOf(before.values())).hasSizeGreaterThan(5);

        // And they are what is read: changed behind the server's back, the answer changes with them.
        server().database().update("UPDATE test_rollups SET passed = passed + 1000 WHERE test_id = '" + a + "'");
        String changed = answers(org, suite, List.of("/tests/" + a)).get("/tests/" + a);
        assertThat(tools.jackson.databind.json.JsonMapper.shared()
                        .readTree(changed)
                        .get("executions_count")
                        .longValue())
                .isGreaterThan(1000);
    }

    @Test
    void theTestsListComparesEachTestWithTheWindowBefore() {
        TestOrganization org = server().newOrganization();
        TestSuite suite = org.suite("Trends");
        send(
                suite,
                upload(
                        "t1",
                        "main",
                        "c1",
                        execution("slowing", "passed", 1),
                        execution("wobbling", "passed", 1),
                        execution("steady", "passed", 2)));
        clock().advance(Duration.ofHours(25));
        send(
                suite,
                upload(
                        "t2",
                        "main",
                        "c2",
                        execution("slowing", "passed", 2.5),
                        execution("wobbling", "failed", 1),
                        execution("wobbling", "passed", 1),
                        execution("steady", "passed", 2.02),
                        execution("newcomer", "passed", 1)));
        clock().advance(Duration.ofMinutes(5));
        WebSession web = new WebSession(server().server().uri());
        assertThat(web.signIn(org.token()).status()).isEqualTo(303);
        String page = "/organizations/" + org.slug() + "/analytics/suites/" + suite.slug() + "/tests?period=1day";

        Map<String, String> before = trends(web, page);
        assertThat(before)
                .containsEntry("Scope slowing", "worse 2.5× slower")
                .containsEntry("Scope wobbling", "worse −50 pts")
                .containsEntry("Scope steady", "steady steady")
                .containsEntry("Scope newcomer", "new new");
        // The earlier window read from the rollups says the same.
        assertThat(server().server().storage().tests().rollUp(clock().instant()))
                .isPositive();
        assertThat(trends(web, page)).isEqualTo(before);
        // Filtered to one branch, the earlier window counts that branch only: main's tests had no
        // executions on another branch, so each is new there.
        send(suite, upload("t3", "feature", "c3", execution("slowing", "passed", 1)));
        assertThat(trends(web, page + "&branch=feature")).containsExactly(Map.entry("Scope slowing", "new new"));
    }

    /** Each row's test and its trend cell as "tone text". */
    private static Map<String, String> trends(WebSession web, String page) {
        var reply = web.get(page);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, String> trends = new LinkedHashMap<>();
        for (var row : reply.document().select("tbody tr")) {
            var trend = row.selectFirst(".trend");
            trends.put(row.selectFirst("td a").text(), trend.className().replace("trend ", "") + " " + trend.text());
        }
        return trends;
    }

    private Map<String, String> answers(TestOrganization org, TestSuite suite, List<String> queries) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String query : queries) {
            HttpReply reply = server().api()
                    .get(
                            suite.path(query.replace("^", "%5E")),
                            org.token(Scope.READ_SUITES),
                            "Buildkite-Version",
                            VERSION);
            assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
            answers.put(query, reply.body());
        }
        return answers;
    }

    private void send(TestSuite suite, String body) {
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }
}
