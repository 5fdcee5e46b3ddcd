package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.storage.JdbcStorage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster: three server processes on one PostgreSQL database behind a round-robin load
 * balancer, sharing a secret key. Uploads spread over all three; one node is killed with SIGKILL
 * while it has uploads in hand, and every acknowledged upload is processed exactly once; the
 * background chores run on one node at a time, and on another once that one dies; a web session
 * signed in through one node is good on every node; and a node stopped with SIGTERM answers the
 * upload it is receiving before it exits.
 */
class ClusterTest {
    private static final int NODES = 3;
    private static final int UPLOADS = 36;
    private static final int RESULTS = 1000;
    private static final int KILL_AFTER_ACKS = 10;

    @TempDir
    Path logs;

    private final PostgresDatabase database = (PostgresDatabase) TestDatabase.postgres();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private RoundRobinProxy proxy;
    private String token;
    private String uploadToken;

    @BeforeEach
    void startTheCluster() throws Exception {
        proxy = RoundRobinProxy.start();
        String key = Base64.getEncoder().encodeToString(SecretBox.newKey());
        List<String> flags = List.of(
                "--database-url",
                database.target().jdbcUrl(),
                "--public-url",
                proxy.uri().toString());
        for (int i = 0; i < NODES; i++) {
            nodes.add(
                    ServerProcess.start(flags, Map.of("VERDICT_SECRET_KEY", key), logs.resolve("node-" + i + ".log")));
        }
        for (ServerProcess node : nodes) {
            proxy.add(node.awaitHealthy().uri());
        }
        try (JdbcStorage storage = JdbcStorage.open(database.target())) {
            token = new AccessTokens(storage.access(), Clock.systemUTC())
                    .create(
                            storage.access().ensureOrganization("cluster"),
                            EnumSet.allOf(Scope.class),
                            Optional.of("cluster test"));
        }
        uploadToken = new Api(proxy.uri())
                .post(
                        "/v2/analytics/organizations/cluster/suites",
                        token,
                        "{\"name\":\"Cluster\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue();
    }

    @AfterEach
    void stopTheCluster() throws Exception {
        for (ServerProcess node : nodes) {
            node.close();
        }
        proxy.close();
    }

    @Test
    void aNodeKilledMidIngestLosesAndRepeatsNothingAndAnotherTakesItsChores() throws Exception {
        ServerProcess leader = awaitOneLeader(nodes);
        Api api = new Api(proxy.uri());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        AtomicLong processedAtTheKill = new AtomicLong(-1);
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < UPLOADS; i++) {
                String key = "cluster-" + i;
                clients.submit(() -> {
                    HttpReply reply = api.upload(uploadToken, CrashContract.body(key));
                    if (reply.status() == 202) {
                        acknowledged.put(key, reply.json().get("run_id").stringValue());
                        if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
                            processedAtTheKill.set(count("SELECT count(*) FROM uploads WHERE state = ?", "processed"));
                            leader.kill(); // SIGKILL: its transactions in hand die with its connections
                        }
                    } else {
                        // Cut off on the killed node: not acknowledged, so nothing is promised.
                        assertThat(reply.status()).as(reply.body()).isEqualTo(502);
                    }
                    return null;
                });
            }
        }
        List<ServerProcess> alive =
                nodes.stream().filter(n -> n.process().isAlive()).toList();
        assertThat(alive).hasSize(NODES - 1);
        // The chores move to one of the two left: no lease to wait out, the lock went with the session.
        assertThat(awaitOneLeader(alive)).isNotSameAs(leader);

        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM uploads WHERE state <> ?", "processed") == 0);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(UPLOADS - 4);
        // The kill must catch the cluster with uploads in hand, or this test would prove nothing.
        assertThat(processedAtTheKill.get()).isBetween(0L, (long) KILL_AFTER_ACKS - 1);
        for (Map.Entry<String, String> upload : acknowledged.entrySet()) {
            assertThat(count("SELECT count(*) FROM executions WHERE run_id = ?", upload.getValue()))
                    .as("executions of acknowledged upload %s", upload.getKey())
                    .isEqualTo(RESULTS);
            assertThat(count("SELECT count(*) FROM uploads WHERE run_id = ?", upload.getValue()))
                    .isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM executions WHERE result = ?", "failed") % RESULTS)
                .as("no upload is half-written")
                .isZero();
        for (ServerProcess node : nodes) {
            assertThat(proxy.answered(node.uri()))
                    .as("requests answered by %s", node.uri())
                    .isPositive();
        }
        assertThat(leaderLines(leader))
                .as("the first leader took the chores once")
                .isEqualTo(1);
    }

    @Test
    void aWebSessionSignedInOnOneNodeIsGoodOnEvery() {
        WebSession signedIn = new WebSession(proxy.uri());
        WebSession.Page answer = signedIn.signIn(token);
        assertThat(answer.status()).as(answer.body()).isEqualTo(303);
        for (ServerProcess node : nodes) {
            WebSession there = new WebSession(node.uri());
            there.cookie(signedIn.cookie());
            WebSession.Page runs = there.get(dev.verdict.server.web.WebPaths.runs("cluster", "cluster"));
            assertThat(runs.status()).as("%s: %s", node.uri(), runs.body()).isEqualTo(200);
            assertThat(runs.body()).contains("Cluster");
        }
    }

    @Test
    void aNodeStoppedWithSigtermAnswersTheUploadItIsReceivingAndThenExits() throws Exception {
        ServerProcess stopping = nodes.getFirst();
        // As a load balancer does once a node is told to stop: nothing new is sent its way.
        proxy.remove(stopping.uri());
        PipedOutputStream body = new PipedOutputStream();
        PipedInputStream sent = new PipedInputStream(body, 1 << 16);
        CompletableFuture<HttpResponse<String>> reply;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            reply = client.sendAsync(
                    HttpRequest.newBuilder(stopping.uri().resolve("/v1/uploads"))
                            .header("Authorization", "Token token=\"" + uploadToken + "\"")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> sent))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String whole = CrashContract.body("sigterm");
            int half = whole.length() / 2;
            write(body, whole.substring(0, half));
            // The request is in hand when the signal comes.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sent.available() == 0);
            Thread.sleep(300);
            stopping.terminate();
            Thread.sleep(500);
            assertThat(stopping.process().isAlive())
                    .as("still finishing the upload")
                    .isTrue();
            write(body, whole.substring(half));
            body.close();
            HttpResponse<String> answered = reply.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
            String runId = tools.jackson.databind.json.JsonMapper.shared()
                    .readTree(answered.body())
                    .get("run_id")
                    .stringValue();
            assertThat(stopping.process().waitFor(30, TimeUnit.SECONDS))
                    .as("exited after SIGTERM")
                    .isTrue();
            assertThat(stopping.log()).contains("Verdict is stopping");
            // Acknowledged, so processed: by the stopping node before it left, or by another.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> count("SELECT count(*) FROM executions WHERE run_id = ?", runId) == RESULTS);
            assertThat(count("SELECT count(*) FROM uploads WHERE state <> ?", "processed"))
                    .isZero();
        }
    }

    /** Whether a new request to this node finds its door shut: no connection, or 503. */
    private boolean refusedOrUnavailable(ServerProcess node) {
        try {
            return node.api().post("/v1/uploads", null, "{}").status() == 503;
        } catch (RuntimeException refused) {
            return refused.getCause() instanceof java.net.ConnectException;
        }
    }

    private static void write(OutputStream body, String text) throws IOException {
        body.write(text.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    /** Waits until exactly one of these nodes says it runs the background chores, and returns it. */
    private static ServerProcess awaitOneLeader(List<ServerProcess> candidates) {
        AtomicInteger most = new AtomicInteger();
        List<ServerProcess> leaders = new ArrayList<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    leaders.clear();
                    for (ServerProcess node : candidates) {
                        HttpReply health = node.api().get("/health", null);
                        if (health.status() == 200
                                && health.json().get("background").stringValue().equals("leader")) {
                            leaders.add(node);
                        }
                    }
                    most.accumulateAndGet(leaders.size(), Math::max);
                    return leaders.size() == 1;
                });
        assertThat(most.get()).as("nodes leading at once").isEqualTo(1);
        return leaders.getFirst();
    }

    private static long leaderLines(ServerProcess node) {
        return node.log()
                .lines()
                .filter(l -> l.contains("this server now runs the cluster's background chores"))
                .count();
    }

    private long count(String sql, String parameter) {
        return database.count(sql, parameter);
    }
}
