package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Retention;
import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Retention: a run past it answers 404 and is not listed at once; expiry then deletes it with its
 * uploads and executions, keeps the rollups long-range metrics read, and deletes those too once
 * they are past the rollup retention. What is inside the retention is never touched.
 */
abstract class RetentionContract {
    /**
     * Weeks after today: on PostgreSQL these executions land in a weekly partition made ahead, not
     * in the one migration 14 made of the store's past.
     */
    static final Instant START = Instant.now().plus(Duration.ofDays(15));

    abstract TestServer server();

    abstract MovableClock clock();

    /** What the engine says of the executions created at {@code at} once they expired: partition gone or rows gone. */
    abstract void expiredTheEngineWay(Instant at);

    @Test
    void aRunPastRetentionIsGoneAndItsRollupsOutliveIt() throws Exception {
        TestSuite suite = server().newOrganization().suite("Kept");
        Instant sent = clock().instant();
        String old = send(suite, upload("old", "main", "c1", execution("a", "passed", 1), execution("b", "failed", 2)));
        clock().advance(Duration.ofHours(2));
        assertThat(server().server().storage().tests().rollUp(clock().instant()))
                .isPositive();

        // Past retention by more than a week, so the week it was sent in is wholly expired.
        clock().advance(Retention.DEFAULT.data().plus(Duration.ofDays(8)));
        assertThat(suite.get("/runs/" + old).status()).isEqualTo(404);
        assertThat(suite.get("/runs/" + old + "/failed_executions").status()).isEqualTo(404);
        assertThat(suite.get("/runs?created_from=2000-01-01")
                        .json()
                        .valueStream()
                        .map(r -> r.get("id").stringValue()))
                .doesNotContain(old);

        expiredByTheChore(old);
        var retention = server().server().storage().retention();
        expireAll(retention);
        String kept = send(suite, upload("new", "main", "c2", execution("a", "passed", 1)));
        expireAll(retention);

        assertThat(server().count("SELECT count(*) FROM runs WHERE id = ?", old))
                .isZero();
        assertThat(server().count("SELECT count(*) FROM uploads WHERE run_id = ?", old))
                .isZero();
        assertThat(server().count("SELECT count(*) FROM executions WHERE run_id = ?", old))
                .isZero();
        expiredTheEngineWay(sent);
        assertThat(suite.get("/runs/" + kept).status()).isEqualTo(200);
        assertThat(server().count("SELECT count(*) FROM executions WHERE run_id = ?", kept))
                .isEqualTo(1);
        assertThat(rollups(suite)).as("rollups outlive their executions").isPositive();

        clock().advance(Retention.DEFAULT.rollups());
        expireAll(retention);
        assertThat(rollups(suite)).as("rollups past the rollup retention").isZero();
    }

    /**
     * The chore does it by itself: a server started now expires at its first round. (On PostgreSQL
     * a second server would stand by while this test's server leads, so it runs a round itself.)
     */
    void expiredByTheChore(String run) throws Exception {
        try (var another = dev.verdict.server.VerdictServer.start(dev.verdict.server.VerdictConfig.defaults(
                        server().database().target(),
                        new dev.verdict.core.suites.SecretBox(dev.verdict.core.suites.SecretBox.newKey()))
                .withClock(clock()))) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> server().count("SELECT count(*) FROM runs WHERE id = ?", run) == 0);
        }
    }

    private long rollups(TestSuite suite) {
        return server().count(
                        "SELECT count(*) FROM test_rollups r JOIN suites s ON s.id = r.suite_id WHERE s.slug = ?",
                        suite.slug());
    }

    private void expireAll(dev.verdict.core.storage.RetentionStore retention) {
        for (int round = 0; round < 20; round++) {
            if (retention.expire(clock().instant(), Retention.DEFAULT) == 0) {
                return;
            }
        }
        throw new AssertionError("expiry did not settle in 20 rounds");
    }

    private String send(TestSuite suite, String body) {
        var reply = suite.upload(body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        suite.finishedRuns();
        return reply.json().get("run_id").stringValue();
    }
}
