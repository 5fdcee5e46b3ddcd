package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database that stops answering shows in the health check, requests answer 503 naming it, and
 * the server recovers by itself when the database comes back, with every acknowledged upload
 * processed and none charged an attempt for the outage. PostgreSQL only: an embedded SQLite file
 * cannot go away underneath its own process in a way worth simulating (its full disk is
 * {@code SqliteDiskFullTest}).
 */
class PostgresOutageTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.postgres());

    /** Refuses every connection to the server's database and ends those it has, as a stopped server would. */
    static void stop(PostgresDatabase db) {
        db.superuser("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
        db.superuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
    }

    static void start(PostgresDatabase db) {
        db.superuser("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
    }

    @Test
    void healthIs503WhileTheDatabaseRefusesConnectionsThen200Again() {
        PostgresDatabase db = (PostgresDatabase) SERVER.database();
        try {
            stop(db);

            HttpReply down = SERVER.api().get("/health", null);

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("message").stringValue()).startsWith("storage is not answering");
        } finally {
            start(db);
        }
        // Pooled connections that died with the outage are dropped as they are found, so recovery
        // takes a few checks, not a restart.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> SERVER.api().get("/health", null).status() == 200);
    }

    @Test
    void whileItIsDownUploadsAndApiCallsAre503WithRetryAfterNamingTheDatabaseAndNothingAcknowledgedIsLost()
            throws Exception {
        PostgresDatabase db = (PostgresDatabase) SERVER.database();
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Outage");
        String reader = org.token();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<HttpReply> refused = new CopyOnWriteArrayList<>();
        AtomicBoolean going = new AtomicBoolean(true);
        Thread uploader = Thread.ofVirtual().start(() -> {
            for (int i = 0; going.get() && i < 2_000; i++) {
                HttpReply reply = suite.upload("{\"format\":\"json\",\"run_env\":{\"CI\":\"generic\",\"key\":\"k" + i
                        + "\"},\"data\":[{\"scope\":\"s\",\"name\":\"t" + i + "\",\"result\":\"passed\"}]}");
                if (reply.status() == 202) {
                    acknowledged.add(reply.json().get("id").stringValue());
                } else {
                    refused.add(reply);
                }
                sleep(20);
            }
        });
        HttpReply runs;
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 5);
            stop(db);
            runs = SERVER.api().get(org.path("/suites/outage/runs"), reader);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !refused.isEmpty());
        } finally {
            start(db);
        }
        int before = acknowledged.size();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 5);
        going.set(false);
        uploader.join();

        assertThat(runs.status()).isEqualTo(503);
        assertThat(runs.header("Retry-After")).isPresent();
        assertThat(runs.json().get("message").stringValue())
                .contains("cannot connect to the database at localhost:")
                .doesNotContain("Exception");
        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isPresent();
            assertThat(reply.json().get("message").stringValue()).contains("cannot connect to the database at");
        });
        String ids = String.join(",", Collections.nCopies(acknowledged.size(), "?"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> SERVER.count(
                                "SELECT count(*) FROM uploads WHERE state = 'processed' AND id IN (" + ids + ")",
                                acknowledged.toArray())
                        == acknowledged.size());
        // A 503 can answer an upload that was stored all the same: the database ended the
        // connection as the commit returned, before saying so (one in thirty refusals when the
        // outage was repeated 40 times). So the suite holds every acknowledged upload, and at most
        // one more for each refusal.
        assertThat(SERVER.count(
                        "SELECT count(*) FROM uploads u JOIN suites s ON s.id = u.suite_id JOIN organizations o ON"
                                + " o.id = s.organization_id WHERE o.slug = ?",
                        org.slug()))
                .isBetween((long) acknowledged.size(), (long) acknowledged.size() + refused.size());
        assertThat(SERVER.count(
                        "SELECT count(*) FROM uploads u JOIN suites s ON s.id = u.suite_id JOIN organizations o ON"
                                + " o.id = s.organization_id WHERE o.slug = ? AND u.attempts > 0",
                        org.slug()))
                .as("the outage counted as no upload's attempt")
                .isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
