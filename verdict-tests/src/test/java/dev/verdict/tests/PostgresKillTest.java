package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing acknowledged is lost when PostgreSQL itself dies: killed with SIGKILL, backends and
 * all, while uploads arrive and are processed, then started again on its data. Processing commits
 * do not wait for their flush (the queued payload they work from did), so the kill may take the
 * last of them with it: their uploads are queued again and processed again, and every
 * acknowledged upload ends with its executions present exactly once. The server stays up
 * throughout and carries on by itself, with what it remembers in memory (test ids, judgment
 * state) still true of the database that came back; every upload checks the judgment state it
 * remembers against the tables in this suite.
 */
class PostgresKillTest {
    private static final int UPLOADS = 40;
    private static final int RESULTS = 1000;
    private static final int KILL_AFTER_ACKS = 20;

    static final PostgresDatabase DATABASE = PostgresDatabase.onItsOwnServer(dataDirectory());

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(DATABASE);

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory("verdict-killed-postgres");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        DATABASE.stopOwnServer();
    }

    @Test
    void everyAcknowledgedUploadIsProcessedExactlyOnceAfterPostgresIsKilled() throws Exception {
        TestSuite suite = SERVER.newOrganization().suite("Killed");
        Api api = SERVER.api();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        AtomicLong processedBeforeTheKill = new AtomicLong(-1);
        List<Future<?>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < UPLOADS; i++) {
                String key = "killed-" + i;
                sent.add(clients.submit(() -> {
                    HttpReply reply = api.upload(suite.uploadToken(), CrashContract.body(key));
                    if (reply.status() == 202) {
                        acknowledged.put(key, reply.json().get("run_id").stringValue());
                        if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
                            processedBeforeTheKill.set(
                                    DATABASE.count("SELECT count(*) FROM uploads WHERE state = ?", "processed"));
                            DATABASE.crash();
                            DATABASE.restart();
                        }
                    } else {
                        // Refused while the database was down: not acknowledged, nothing promised.
                        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                    }
                    return null;
                }));
            }
            for (Future<?> upload : sent) {
                upload.get(); // an answer other than 202 or 503 fails here
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> DATABASE.count("SELECT count(*) FROM uploads WHERE state <> ?", "processed") == 0);

        // The kill must catch the server with work in hand, or this test would prove nothing.
        assertThat(processedBeforeTheKill.get()).isBetween(0L, (long) acknowledged.size() - 1);
        for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
            assertThat(DATABASE.count("SELECT count(*) FROM executions WHERE run_id = ?", upload.getValue()))
                    .as("executions of acknowledged upload %s", upload.getKey())
                    .isEqualTo(RESULTS);
        }
        assertThat(DATABASE.count("SELECT count(*) FROM executions WHERE result = ?", "failed") % RESULTS)
                .as("no upload is half-written")
                .isZero();
        assertThat(DATABASE.count("SELECT count(*) FROM uploads WHERE attempts > ?", 0))
                .as("the database's death is no upload's fault")
                .isZero();
    }
}
