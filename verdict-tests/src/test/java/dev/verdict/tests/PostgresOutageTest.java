package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that stops answering shows in the health check and the server keeps serving, and it
 * recovers by itself when the database comes back. PostgreSQL only: an embedded SQLite file cannot
 * go away underneath its own process in a way worth simulating.
 */
class PostgresOutageTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.postgres());

    @Test
    void healthIs503WhileTheDatabaseRefusesConnectionsThen200Again() {
        PostgresDatabase db = (PostgresDatabase) SERVER.database();
        try {
            db.superuser("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
            db.superuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");

            HttpReply down = SERVER.api().get("/health", null);

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("message").stringValue()).startsWith("storage is not answering");
        } finally {
            db.superuser("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
        }
        // Pooled connections that died with the outage are dropped as they are found, so recovery
        // takes a few checks, not a restart.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> SERVER.api().get("/health", null).status() == 200);
    }
}
