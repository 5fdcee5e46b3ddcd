package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The judge's rules in time, with the server's clock moved: the flaky label goes seven days after
 * the last flip, not before; a broken streak on a branch nobody builds any more closes after seven
 * days; a test is new for its first seven days.
 */
class FlakyRecoveryTest {
    static final MovableClock CLOCK = new MovableClock(Instant.now());

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite()).with(c -> c.withClock(CLOCK));

    @Test
    void theLabelGoesAfterSevenQuietDays() {
        TestSuite suite = SERVER.newOrganization().suite("Quiet");
        send(suite, upload("run-1", "main", "c1", execution("wobbly", "passed", 1), execution("wobbly", "failed", 1)));
        assertThat(flaky(suite)).containsExactly("wobbly");

        CLOCK.advance(Duration.ofDays(7).minusMinutes(1));
        send(suite, upload("run-2", "main", "c2", execution("other", "passed", 1)));
        assertThat(flaky(suite)).containsExactly("wobbly");

        CLOCK.advance(Duration.ofMinutes(1));
        send(suite, upload("run-3", "main", "c3", execution("other", "passed", 1)));
        assertThat(flaky(suite)).isEmpty();
        assertThat(suite.get("/flaky-tests?period=28days")
                        .json()
                        .get(0)
                        .get("last_resolved_at")
                        .stringValue())
                .isEqualTo(dev.verdict.core.Timestamps.format(dev.verdict.core.Timestamps.now(CLOCK)));
        // An instance lists within the period that holds its last occurrence, and only then.
        assertThat(suite.get("/flaky-tests").json().size()).isEqualTo(1);
        assertThat(suite.get("/flaky-tests?period=1day").json().size()).isZero();
    }

    @Test
    void aBrokenStreakOnAnAbandonedBranchClosesAfterSevenDays() {
        TestSuite suite = SERVER.newOrganization().suite("Abandoned");
        send(suite, upload("run-1", "feature/gone", "f1", execution("wip", "failed", 1)));
        send(suite, upload("run-2", "feature/gone", "f2", execution("wip", "failed", 1)));
        assertThat(health(suite, "wip")).isEqualTo("broken");

        CLOCK.advance(Duration.ofDays(7).minusMinutes(1));
        send(suite, upload("run-3", "main", "m1", execution("other", "passed", 1)));
        assertThat(health(suite, "wip")).isEqualTo("broken");

        CLOCK.advance(Duration.ofMinutes(2));
        send(suite, upload("run-4", "main", "m2", execution("other", "passed", 1)));
        // Eight days after it was first seen: neither broken nor new any more.
        assertThat(health(suite, "wip")).isEqualTo("healthy");
        assertThat(health(suite, "other")).isEqualTo("new");
    }

    private static String health(TestSuite suite, String name) {
        var reply = SERVER.api()
                .get(
                        suite.path("/tests?period=28days&per_page=100"),
                        suite.org().token(dev.verdict.core.access.Scope.READ_SUITES),
                        "Buildkite-Version",
                        TestsApiContract.VERSION);
        return reply.json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals(name))
                .findFirst()
                .orElseThrow()
                .get("health")
                .stringValue();
    }

    private static void send(TestSuite suite, String body) {
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }

    private static List<String> flaky(TestSuite suite) {
        return suite.get("/tests?label=flaky")
                .json()
                .valueStream()
                .map(t -> t.get("name").stringValue())
                .toList();
    }
}
