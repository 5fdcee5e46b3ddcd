package dev.verdict.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMcpTest extends McpContract {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.postgres());

    @Override
    TestServer server() {
        return SERVER;
    }
}
