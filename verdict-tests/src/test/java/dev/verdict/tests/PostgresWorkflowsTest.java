package dev.verdict.tests;

import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows on Postgres, with a clock of their own to move. */
class PostgresWorkflowsTest extends WorkflowsContract {
    static final MovableClock CLOCK = new MovableClock(Instant.now());

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
