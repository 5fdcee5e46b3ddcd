package dev.verdict.bench;

import dev.verdict.server.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Start a server on a fresh store, post N uploads of 5000 results from C concurrent clients, wait until",
            "every execution is queryable, then bulk-load the same rows with no server to measure the ceiling."
        })
final class IngestBench implements Callable<Integer> {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default ${DEFAULT-VALUE}).")
    Store.Kind kind;

    @Option(names = "--uploads", defaultValue = "100", description = "Uploads to post (default ${DEFAULT-VALUE}).")
    int uploads;

    @Option(names = "--concurrency", defaultValue = "4", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Uploads a second to offer, spread evenly (open loop); 0 sends as fast as the clients can,"
                    + " which measures throughput at saturation. Latency targets are for a rate below that"
                    + " (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "Uploads posted and processed before the clock starts, so the JIT has compiled the hot"
                    + " path (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--workflows",
            defaultValue = "1",
            description = "Workflows on the suite, 0 to 6: 0 deletes the default one (labels flaky tests), 1 keeps it"
                    + " alone, more add transition count, passed on retry, probabilistic flakiness, duration"
                    + " threshold and broken, with label, state, webhook and Slack actions to a local receiver"
                    + " (default ${DEFAULT-VALUE}).")
    int workflows;

    @Option(
            names = "--expiring",
            defaultValue = "0",
            description = "Runs of " + Workload.RESULTS_PER_UPLOAD + " executions each, 200 days old, loaded before the"
                    + " server starts, so retention deletes them while the uploads are measured (default"
                    + " ${DEFAULT-VALUE}: none).")
    int expiring;

    record Ack(String id, long sentNanos, long ackNanos, long ackEpochMillis) {}

    @Override
    public Integer call() throws Exception {
        Stats.progress("ingest on " + kind + ": " + uploads + " uploads x " + Workload.RESULTS_PER_UPLOAD + " results, "
                + concurrency + " clients" + (rate > 0 ? ", " + rate + " uploads/s offered" : ", as fast as they can"));
        double ingestRate;
        try (Store store = Store.fresh(kind)) {
            ingestRate = ingest(store);
        }
        double ceiling = ceiling();
        Stats.print("ceiling_executions_per_second", ceiling, "executions/s");
        Stats.print("ingest_to_ceiling_ratio", ingestRate / ceiling, "");
        Store.stopPostgres();
        return 0;
    }

    private double ingest(Store store) throws Exception {
        long expired = expiring > 0 ? loadExpiring(store) : 0;
        double rate = ingestInto(store);
        if (expiring > 0) {
            Stats.print("expired_executions_deleted_while_measuring", expired - expiredLeft(store), "executions");
        }
        return rate;
    }

    /** Runs past retention, written straight into the store; returns how many executions they hold. */
    private long loadExpiring(Store store) throws Exception {
        long rows = (long) expiring * Workload.RESULTS_PER_UPLOAD;
        Stats.progress("loading " + expiring + " runs (" + rows + " executions) 200 days old, for retention to delete");
        long old = System.currentTimeMillis() - Duration.ofDays(200).toMillis();
        BulkLoader.Fixture fixture =
                BulkLoader.prepare(store, "expiring", Workload.RESULTS_PER_UPLOAD, expiring, old, 60_000);
        BulkLoader.loadExecutions(store, fixture, rows, i -> {
            int run = (int) (i / Workload.RESULTS_PER_UPLOAD);
            return new BulkLoader.Row(
                    fixture.runs().get(run), (int) (i % Workload.RESULTS_PER_UPLOAD), false, fixture.runCreatedAt(run));
        });
        return rows;
    }

    private static long expiredLeft(Store store) throws java.sql.SQLException {
        try (var c = store.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM executions WHERE created_at < "
                        + (System.currentTimeMillis() - Duration.ofDays(180).toMillis()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double ingestInto(Store store) throws Exception {
        String token = cli(store, "token", "create", "--org", "bench", "--scopes", "read_suites,write_suites");
        Path log = store.dataDir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(store, log);
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()) {
            Stats.print("server_start_to_first_answer", server.startMillis, "ms");
            JsonNode suite = JSON.readTree(send(
                            http,
                            HttpRequest.newBuilder(server.uri.resolve("/v2/analytics/organizations/bench/suites"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"name\":\"Bench\",\"default_branch\":\"main\",\"show_api_token\":true}"))
                                    .build())
                    .body());
            String uploadToken = suite.get("api_token").stringValue();
            BenchWorkflows.arrange(http, server.uri, token, suite.get("slug").stringValue(), workflows);

            // Bodies are made before the clock starts: collectors run on other machines, so making
            // them is no part of what is measured (and it would take CPU from the server here).
            Stats.progress("generating " + uploads + " upload bodies");
            List<byte[]> bodies = new ArrayList<>(uploads);
            for (int u = 0; u < uploads; u++) {
                bodies.add(
                        Workload.body(u, java.util.UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8));
            }
            if (warmup > 0) {
                Stats.progress("warming up with " + warmup + " uploads");
                for (int u = 0; u < warmup; u++) {
                    byte[] body = Workload.body(
                                    uploads + u, java.util.UUID.randomUUID().toString())
                            .getBytes(StandardCharsets.UTF_8);
                    HttpResponse<String> reply = post(http, server, uploadToken, body);
                    waitProcessed(
                            http,
                            server.uri,
                            uploadToken,
                            JSON.readTree(reply.body()).get("id").stringValue());
                }
            }
            double cpuBefore = server.cpuSeconds();
            // Resident memory through the run, to show it stays flat rather than only its peak.
            List<double[]> rss = java.util.Collections.synchronizedList(new ArrayList<>());
            long rssStart = System.nanoTime();
            Thread rssSampler = Thread.ofVirtual().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        rss.add(new double[] {(System.nanoTime() - rssStart) / 1e9, server.rssMiB()});
                        Thread.sleep(200);
                    }
                } catch (InterruptedException | java.io.IOException stopped) {
                    // the run is over
                }
            });
            ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
            AtomicInteger next = new AtomicInteger();
            Instant firstSentAt = Instant.now();
            long clockStart = System.nanoTime();
            try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < concurrency; c++) {
                    running.add(clients.submit(() -> {
                        for (int u = next.getAndIncrement(); u < uploads; u = next.getAndIncrement()) {
                            byte[] body = bodies.get(u);
                            pace(clockStart, u);
                            long sent = System.nanoTime();
                            HttpResponse<String> reply = post(http, server, uploadToken, body);
                            long acked = System.nanoTime();
                            if (reply.statusCode() != 202) {
                                throw new IllegalStateException(
                                        "upload answered " + reply.statusCode() + ": " + reply.body());
                            }
                            acks.add(new Ack(
                                    JSON.readTree(reply.body()).get("id").stringValue(),
                                    sent,
                                    acked,
                                    System.currentTimeMillis()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            }
            Stats.progress("all " + uploads + " uploads acknowledged; waiting until every execution is queryable");
            long lastQueryable = 0;
            List<Double> toQueryable = new ArrayList<>();
            for (Ack ack : acks) {
                long processedAt = waitProcessed(http, server.uri, uploadToken, ack.id());
                lastQueryable = Math.max(lastQueryable, processedAt);
                toQueryable.add((double) Math.max(0, processedAt - ack.ackEpochMillis()));
            }
            double seconds = (lastQueryable - firstSentAt.toEpochMilli()) / 1000.0;
            double executions = (double) uploads * Workload.RESULTS_PER_UPLOAD;
            double rate = executions / seconds;
            double[] ackMillis = acks.stream()
                    .mapToDouble(a -> (a.ackNanos() - a.sentNanos()) / 1e6)
                    .toArray();
            Stats.print("executions", executions, "executions");
            Stats.print("elapsed_first_request_to_last_queryable", seconds, "s");
            Stats.print("ingest_executions_per_second", rate, "executions/s");
            Stats.print("workflows_on_the_suite", workflows, "");
            Stats.print("workflow_messages_received", BenchWorkflows.RECEIVED.get(), "messages");
            Stats.print("upload_202_p50", Stats.percentile(ackMillis, 50), "ms");
            Stats.print("upload_202_p99", Stats.percentile(ackMillis, 99), "ms");
            double[] queryable =
                    toQueryable.stream().mapToDouble(Double::doubleValue).toArray();
            Stats.print("upload_202_to_queryable_p50", Stats.percentile(queryable, 50), "ms");
            Stats.print("upload_202_to_queryable_p99", Stats.percentile(queryable, 99), "ms");
            rssSampler.interrupt();
            rssSampler.join();
            Stats.print("server_peak_rss", server.peakRssMiB(), "MiB");
            printRssHalves(rss);
            Stats.print("server_cpu_while_ingesting", server.cpuSeconds() - cpuBefore, "s");
            return rate;
        }
    }

    /** The largest resident size in the first and in the second half of the run: flat means close. */
    private static void printRssHalves(List<double[]> samples) {
        if (samples.size() < 2) {
            return;
        }
        double end = samples.get(samples.size() - 1)[0];
        double first = samples.stream()
                .filter(s -> s[0] <= end / 2)
                .mapToDouble(s -> s[1])
                .max()
                .orElse(0);
        double second = samples.stream()
                .filter(s -> s[0] > end / 2)
                .mapToDouble(s -> s[1])
                .max()
                .orElse(0);
        Stats.print("server_rss_max_first_half", first, "MiB");
        Stats.print("server_rss_max_second_half", second, "MiB");
    }

    /** The same rows, written straight into a fresh store of the same kind. */
    private double ceiling() throws Exception {
        try (Store store = Store.fresh(kind)) {
            BulkLoader.Fixture fixture =
                    BulkLoader.prepare(store, Workload.RESULTS_PER_UPLOAD, uploads, System.currentTimeMillis(), 60_000);
            long rows = (long) uploads * Workload.RESULTS_PER_UPLOAD;
            long now = System.currentTimeMillis();
            Stats.progress("ceiling: bulk-loading " + rows + " rows with no server in between");
            long nanos = BulkLoader.loadExecutions(store, fixture, rows, i -> {
                int upload = (int) (i / Workload.RESULTS_PER_UPLOAD);
                int test = (int) (i % Workload.RESULTS_PER_UPLOAD);
                return new BulkLoader.Row(fixture.runs().get(upload), test, Workload.fails(upload, test), now);
            });
            return rows / (nanos / 1e9);
        }
    }

    static long waitProcessed(HttpClient http, URI server, String token, String upload) throws Exception {
        while (true) {
            JsonNode status = JSON.readTree(send(
                            http,
                            HttpRequest.newBuilder(server.resolve("/v1/uploads/" + upload))
                                    .header("Authorization", "Token token=\"" + token + "\"")
                                    .build())
                    .body());
            switch (status.get("state").stringValue()) {
                case "processed" -> {
                    return Instant.parse(status.get("processed_at").stringValue())
                            .toEpochMilli();
                }
                case "failed" ->
                    throw new IllegalStateException("upload " + upload + " failed: " + status.get("failure"));
                default -> Thread.sleep(20);
            }
        }
    }

    /** With --rate, waits until upload {@code u}'s turn; without, returns at once. */
    private void pace(long clockStart, int u) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long due = clockStart + (long) (u / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    private static HttpResponse<String> post(HttpClient http, ServerProcess server, String token, byte[] body)
            throws Exception {
        return send(
                http,
                HttpRequest.newBuilder(server.uri.resolve("/v1/uploads"))
                        .header("Authorization", "Token token=\"" + token + "\"")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String cli(Store store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(store.flags());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("verdict " + String.join(" ", args) + " failed: " + err);
        }
        return out.toString().strip();
    }
}
