package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteRetentionTest extends RetentionContract {
    static final MovableClock CLOCK = new MovableClock(START);

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite()).with(c -> c.withClock(CLOCK));

    @Override
    TestServer server() {
        return SERVER;
    }

    @Override
    MovableClock clock() {
        return CLOCK;
    }

    @Override
    void expiredTheEngineWay(Instant at) {
        assertThat(SERVER.count("SELECT count(*) FROM executions WHERE created_at <= ?", at.toEpochMilli()))
                .isZero();
    }
}
