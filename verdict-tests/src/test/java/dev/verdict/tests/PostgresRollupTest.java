package dev.verdict.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRollupTest extends RollupContract {
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
}
