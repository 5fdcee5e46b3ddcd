package dev.verdict.tests;

import dev.verdict.bench.judgment.ReplayClock;
import dev.verdict.server.http.RateLimits;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresJudgmentEvaluationTest extends JudgmentEvaluationContract {
    static final ReplayClock CLOCK = newClock();

    @RegisterExtension
    static final TestServer SERVER =
            TestServer.on(TestDatabase.postgres()).with(c -> c.withClock(CLOCK).withRateLimits(RateLimits.OFF));

    @Override
    TestServer server() {
        return SERVER;
    }

    @Override
    ReplayClock clock() {
        return CLOCK;
    }
}
