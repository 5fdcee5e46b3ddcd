package dev.verdict.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteMetricsTest extends MetricsContract {
    static final int PORT = ServerProcess.freePort();

    @RegisterExtension
    static final TestServer SERVER = withMetricsPort(TestDatabase.sqlite(), PORT);

    @Override
    TestServer server() {
        return SERVER;
    }

    @Override
    int metricsPort() {
        return PORT;
    }
}
