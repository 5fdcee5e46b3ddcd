package dev.verdict.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteMcpTest extends McpContract {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    @Override
    TestServer server() {
        return SERVER;
    }
}
