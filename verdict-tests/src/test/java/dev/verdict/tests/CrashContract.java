package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.server.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: a server process killed with SIGKILL while uploads are arriving
 * and being processed, then restarted on the same store, ends with every acknowledged upload's
 * executions present exactly once, and no upload half-written.
 */
abstract class CrashContract {
    private static final int UPLOADS = 40;
    private static final int RESULTS = 1000;
    private static final int KILL_AFTER_ACKS = 20;

    @TempDir
    Path dataDir;

    abstract List<String> storeFlags();

    /** The store the server processes use, for counting what they wrote. */
    abstract TestDatabase database();

    long count(String sql, String parameter) {
        return database().count(sql, parameter);
    }

    @Test
    void everyAcknowledgedUploadIsProcessedExactlyOnceAfterAKill() throws Exception {
        String token = cli("token", "create", "--org", "crash", "--scopes", "read_suites,write_suites");
        int port = ServerProcess.freePort();
        Process server = start(port);
        Api api = new Api(URI.create("http://localhost:" + port));
        String uploadToken = api.post(
                        "/v2/analytics/organizations/crash/suites",
                        token,
                        "{\"name\":\"Crash\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue();

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < UPLOADS; i++) {
                String key = "crash-" + i;
                clients.submit(() -> {
                    try {
                        HttpReply reply = api.upload(uploadToken, body(key));
                        if (reply.status() == 202) {
                            acknowledged.put(key, reply.json().get("run_id").stringValue());
                            if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
                                server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                            }
                        }
                    } catch (RuntimeException connectionRefusedAfterTheKill) {
                        // not acknowledged, so nothing is promised about it
                    }
                });
            }
        }
        server.waitFor();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);
        // The kill must catch the server with work in hand, or this test would prove nothing.
        assertThat(count("SELECT count(*) FROM uploads WHERE state = ?", "queued"))
                .as("uploads still queued when the server was killed")
                .isPositive();

        Process restarted = start(port);
        try {
            String read = cli("token", "create", "--org", "crash", "--scopes", "read_suites");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/v2/analytics/organizations/crash/suites/crash/runs?state=running", read)
                            .json()
                            .isEmpty());
            for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
                assertThat(count("SELECT count(*) FROM executions WHERE run_id = ?", upload.getValue()))
                        .as("executions of acknowledged upload %s", upload.getKey())
                        .isEqualTo(RESULTS);
            }
            assertThat(count("SELECT count(*) FROM executions WHERE result = ?", "failed") % RESULTS)
                    .as("no upload is half-written")
                    .isZero();
            assertThat(count("SELECT count(*) FROM uploads WHERE state <> ?", "processed"))
                    .isZero();
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    @Test
    void aQueuedWebhookIsSentAfterAKill() throws Exception {
        String token = cli("token", "create", "--org", "outbox", "--scopes", "read_suites,write_suites");
        int port = ServerProcess.freePort();
        Process server = start(port);
        Api api = new Api(URI.create("http://localhost:" + port));
        String suites = "/v2/analytics/organizations/outbox/suites";
        String uploadToken = api.post(
                        suites, token, "{\"name\":\"Outbox\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.otherwise(503);
            HttpReply workflow = api.post(
                    suites + "/outbox/workflows",
                    token,
                    "{\"monitor\": {\"type\": \"new_test\"},"
                            + " \"alarm_actions\": [{\"type\": \"webhook\", \"url\": \"" + receiver.url("/hook")
                            + "\"}]}");
            assertThat(workflow.status()).as(workflow.body()).isEqualTo(201);
            String results = IntStream.range(0, 20)
                    .mapToObj(i -> "{\"scope\":\"Outbox\",\"name\":\"t" + i + "\",\"result\":\"passed\"}")
                    .collect(Collectors.joining(","));
            HttpReply upload = api.upload(
                    uploadToken, "{\"format\":\"json\",\"run_env\":{\"key\":\"outbox-1\"},\"data\":[" + results + "]}");
            assertThat(upload.status()).isEqualTo(202);
            // Every first attempt is refused, and the kill comes while they are being recorded.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> receiver.received().size() >= 20);
            server.destroyForcibly().waitFor(); // SIGKILL, with 20 deliveries owed
            assertThat(count("SELECT count(*) FROM workflow_deliveries WHERE state = ?", "pending"))
                    .isEqualTo(20);

            receiver.otherwise(200);
            Process restarted = start(port);
            try {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() ->
                                count("SELECT count(*) FROM workflow_deliveries WHERE state = ?", "delivered") == 20);
                var taken = receiver.received().stream()
                        .filter(r -> r.answered() == 200)
                        .map(r -> r.header("X-Verdict-Delivery"))
                        .collect(Collectors.toSet());
                assertThat(taken).hasSize(20);
                // Each was taken once, and said so; a refusal the kill cut off before it was
                // recorded left its delivery due again when its lease ran out.
                assertThat(database().count("SELECT count(*) FROM workflow_delivery_attempts WHERE status = ?", 200))
                        .isEqualTo(20);
                assertThat(database().count("SELECT count(*) FROM workflow_delivery_attempts WHERE status = ?", 503))
                        .isBetween(0L, 20L);
            } finally {
                restarted.destroyForcibly().waitFor();
            }
        }
    }

    static String body(String key) {
        String results = IntStream.range(0, RESULTS)
                .mapToObj(i -> "{\"scope\":\"Crash\",\"name\":\"t" + i
                        + "\",\"result\":\"failed\",\"failure_reason\":\"boom\"," + "\"history\":{\"duration\":0.01}}")
                .collect(Collectors.joining(","));
        return "{\"format\":\"json\",\"run_env\":{\"key\":\"" + key + "\"},\"data\":[" + results + "]}";
    }

    private Process start(int port) {
        return ServerProcess.start(port, flags(), Map.of(), dataDir.resolve("server-" + System.nanoTime() + ".log"))
                .awaitHealthy()
                .process();
    }

    private List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        flags.addAll(storeFlags());
        return flags;
    }

    private String cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags());
        StringWriter out = new StringWriter();
        int exit = Main.execute(
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), all.toArray(String[]::new));
        assertThat(exit).isZero();
        return out.toString().strip();
    }
}
