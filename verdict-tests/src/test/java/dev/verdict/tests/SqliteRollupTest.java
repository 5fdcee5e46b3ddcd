package dev.verdict.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteRollupTest extends RollupContract {
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
}
