package dev.verdict.tests;

import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows on Sqlite, with a clock of their own to move. */
class SqliteWorkflowsTest extends WorkflowsContract {
    static final MovableClock CLOCK = new MovableClock(Instant.now());

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
