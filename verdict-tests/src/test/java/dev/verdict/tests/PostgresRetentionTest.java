package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRetentionTest extends RetentionContract {
    static final MovableClock CLOCK = new MovableClock(START);

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.postgres()).with(c -> c.withClock(CLOCK));

    @Override
    TestServer server() {
        return SERVER;
    }

    @Override
    MovableClock clock() {
        return CLOCK;
    }

    /** The expired week is dropped while uploads keep arriving: each is acknowledged and processed. */
    @Override
    void expiredByTheChore(String run) throws Exception {
        var suite = SERVER.newOrganization().suite("Busy");
        // The weeks of the moved clock are made first, as the chore has made them by then.
        SERVER.server().storage().retention().prepare(CLOCK.instant());
        try (var uploads = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            var sent = uploads.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(suite.upload(TestsApiContract.upload(
                                            "busy-" + i, "main", "c" + i, TestsApiContract.execution("a", "passed", 1)))
                                    .status())
                            .isEqualTo(202);
                }
                return null;
            });
            SERVER.server().storage().retention().expire(CLOCK.instant(), dev.verdict.core.Retention.DEFAULT);
            sent.get();
        }
        assertThat(suite.finishedRuns().size()).isEqualTo(20);
    }

    /** The week the executions were sent in went as a whole partition, and weeks ahead of now were made. */
    @Override
    void expiredTheEngineWay(Instant at) {
        assertThat(SERVER.count("SELECT count(*) FROM pg_class WHERE relname = ?", partition(at)))
                .isZero();
        assertThat(SERVER.count("SELECT count(*) FROM pg_class WHERE relname = ?", partition(CLOCK.instant())))
                .isEqualTo(1);
        assertThat(SERVER.count("SELECT count(*) FROM pg_inherits WHERE inhparent = 'executions'::regclass"))
                .as("this week and four ahead")
                .isGreaterThanOrEqualTo(5);
    }

    private static String partition(Instant at) {
        long week = 7 * 86_400_000L;
        long monday = 4 * 86_400_000L;
        long start = Math.floorDiv(at.toEpochMilli() - monday, week) * week + monday;
        return "executions_"
                + DateTimeFormatter.ofPattern("yyyyMMdd")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.ofEpochMilli(start));
    }
}
