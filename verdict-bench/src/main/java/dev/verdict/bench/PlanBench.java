package dev.verdict.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Start a server on a fresh store, record the timings of F test files through real uploads (R runs on",
            "the default branch, B feature branches), then time test plans of every file over N nodes, each for a",
            "new identifier, and fetches of a plan already made."
        })
final class PlanBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int UPLOAD_RESULTS = 5_000;

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default ${DEFAULT-VALUE}).")
    Store.Kind kind;

    @Option(names = "--files", defaultValue = "10000", description = "Test files (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--nodes", defaultValue = "50", description = "Nodes to plan for (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--runs",
            defaultValue = "10",
            description =
                    "Runs of every file on the default branch: a file keeps its last 10 (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--branches",
            defaultValue = "20",
            description = "Feature branches with a run of every file each (default ${DEFAULT-VALUE}).")
    int branches;

    @Option(names = "--plans", defaultValue = "100", description = "Plans timed (default ${DEFAULT-VALUE}).")
    int plans;

    @Option(names = "--fetches", defaultValue = "500", description = "Cached fetches timed (default ${DEFAULT-VALUE}).")
    int fetches;

    @Override
    public Integer call() throws Exception {
        Stats.progress("plan on " + kind + ": " + files + " files over " + nodes + " nodes, timings from " + runs
                + " runs on main and " + branches + " branches");
        try (Store store = Store.fresh(kind)) {
            String token = IngestBench.cli(
                    store,
                    "token",
                    "create",
                    "--org",
                    "bench",
                    "--scopes",
                    "read_suites,write_suites,read_test_plan,write_test_plan");
            Path log = store.dataDir.resolve("server.log");
            try (ServerProcess server = ServerProcess.start(store, log);
                    HttpClient http = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .build()) {
                URI base = server.uri.resolve("/v2/analytics/organizations/bench/suites/");
                JsonNode suite = JSON.readTree(IngestBench.send(
                                http,
                                HttpRequest.newBuilder(server.uri.resolve("/v2/analytics/organizations/bench/suites"))
                                        .header("Authorization", "Bearer " + token)
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "{\"name\":\"Plans\",\"default_branch\":\"main\",\"show_api_token\":true}"))
                                        .build())
                        .body());
                String uploadToken = suite.get("api_token").stringValue();
                URI plan = base.resolve(suite.get("slug").stringValue() + "/test_plan");
                record(http, server.uri, uploadToken);
                String lastBranch = branches > 0 ? "feature/b" + (branches - 1) : "main";

                Stats.progress("timing " + plans + " plans (after 10 to warm up)");
                double[] planMillis = new double[plans];
                JsonNode made = null;
                for (int p = -10; p < plans; p++) {
                    byte[] body = request("bench-" + p, lastBranch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    byte[] answer = asBktec(
                            http,
                            HttpRequest.newBuilder(plan)
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                    long nanos = System.nanoTime() - start;
                    if (p >= 0) {
                        planMillis[p] = nanos / 1e6;
                    }
                    if (p == plans - 1) {
                        made = JSON.readTree(answer); // the client's parse is no part of the figure
                    }
                }
                Stats.print("plan_p50", Stats.percentile(planMillis, 50), "ms");
                Stats.print("plan_p99", Stats.percentile(planMillis, 99), "ms");
                quality(made);

                Stats.progress("timing " + fetches + " fetches of a kept plan");
                URI fetch = URI.create(plan + "?identifier=bench-0&job_retry_count=1");
                double[] fetchMillis = new double[fetches];
                for (int f = -50; f < fetches; f++) {
                    long start = System.nanoTime();
                    asBktec(http, HttpRequest.newBuilder(fetch).header("Authorization", "Bearer " + token));
                    long nanos = System.nanoTime() - start;
                    if (f >= 0) {
                        fetchMillis[f] = nanos / 1e6;
                    }
                }
                Stats.print("cached_fetch_p50", Stats.percentile(fetchMillis, 50), "ms");
                Stats.print("cached_fetch_p99", Stats.percentile(fetchMillis, 99), "ms");
            }
        }
        Store.stopPostgres();
        return 0;
    }

    /**
     * A plan request as bktec's HTTP client makes it: accepting gzip, and reading the answer
     * inflated (before its own JSON decoding, which is no part of the figures).
     */
    private static byte[] asBktec(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> reply =
                http.send(request.header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException("the test plan API answered " + reply.statusCode());
        }
        boolean gzipped = reply.headers()
                .firstValue("Content-Encoding")
                .filter("gzip"::equalsIgnoreCase)
                .isPresent();
        if (!gzipped) {
            return reply.body();
        }
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(reply.body()))) {
            return in.readAllBytes();
        }
    }

    /** A file's duration in seconds in run {@code r}: log-normal across files, around 20% from run to run. */
    private static double seconds(int file, int run) {
        double base = Math.exp(new SplittableRandom(file).nextGaussian() * 1.2) * 4;
        return base * (0.8 + 0.4 * new SplittableRandom(file * 31L + run).nextDouble());
    }

    static String file(int f) {
        return "spec/area" + f / 100 + "/file" + f + "_spec.rb";
    }

    /** Every file's timings, recorded as uploads are processed: the runs on main, then a run a branch. */
    private void record(HttpClient http, URI server, String uploadToken) throws Exception {
        int total = runs + branches;
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < total; r++) {
            String branch = r < runs ? "main" : "feature/b" + (r - runs);
            Stats.progress("recording run " + (r + 1) + " of " + total + " (" + branch + ")");
            // An upload holds at most 5,000 results: a run of every file is several, as CI jobs send them.
            for (int from = 0; from < files; from += UPLOAD_RESULTS) {
                StringBuilder body = new StringBuilder(UPLOAD_RESULTS * 160);
                body.append("{\"format\":\"json\",\"run_env\":{\"CI\":\"buildkite\",\"key\":\"run-")
                        .append(r)
                        .append("\",\"branch\":\"")
                        .append(branch)
                        .append("\"},\"data\":[");
                for (int f = from; f < Math.min(files, from + UPLOAD_RESULTS); f++) {
                    String s = String.format(Locale.ROOT, "%.3f", seconds(f, r));
                    body.append(f == from ? "" : ",")
                            .append("{\"scope\":\"area")
                            .append(f / 100)
                            .append("\",\"name\":\"file ")
                            .append(f)
                            .append("\",\"file_name\":\"./")
                            .append(file(f))
                            .append("\",\"result\":\"passed\",\"history\":{\"section\":\"top\",\"start_at\":0,")
                            .append("\"end_at\":")
                            .append(s)
                            .append(",\"duration\":")
                            .append(s)
                            .append("}}");
                }
                body.append("]}");
                HttpResponse<String> reply = IngestBench.send(
                        http,
                        HttpRequest.newBuilder(server.resolve("/v1/uploads"))
                                .header("Authorization", "Token token=\"" + uploadToken + "\"")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build());
                if (reply.statusCode() != 202) {
                    throw new IllegalStateException("upload answered " + reply.statusCode() + ": " + reply.body());
                }
                ids.add(JSON.readTree(reply.body()).get("id").stringValue());
            }
        }
        for (String id : ids) {
            IngestBench.waitProcessed(http, server, uploadToken, id);
        }
        // Timings are written just after each upload's commit.
        Thread.sleep(1000);
    }

    private String request(String identifier, String branch) {
        StringBuilder body = new StringBuilder(files * 40);
        body.append("{\"runner\":\"rspec\",\"identifier\":\"")
                .append(identifier)
                .append("\",\"parallelism\":")
                .append(nodes)
                .append(",\"branch\":\"")
                .append(branch)
                .append("\",\"tests\":{\"selectors\":[");
        for (int f = 0; f < files; f++) {
            body.append(f == 0 ? "" : ",")
                    .append("{\"value\":\"")
                    .append(file(f))
                    .append("\"}");
        }
        return body.append("]}}").toString();
    }

    /** How good the last plan is: its longest node over the lower bound, and a round robin's. */
    private void quality(JsonNode plan) {
        long[] load = new long[nodes];
        long[] roundRobin = new long[nodes];
        long total = 0;
        long longest = 0;
        int known = 0;
        int i = 0;
        for (int n = 0; n < nodes; n++) {
            for (JsonNode entry : plan.get("tasks").get(String.valueOf(n)).get("tests")) {
                long ms = entry.get("estimated_duration").longValue();
                load[n] += ms;
                roundRobin[i++ % nodes] += ms;
                total += ms;
                longest = Math.max(longest, ms);
                known += entry.get("timing_sample_size").intValue() > 0 ? 1 : 0;
            }
        }
        double bound = Math.max(longest, (double) total / nodes);
        Stats.print("plan_entries_with_history", known, "entries");
        Stats.print(
                "plan_makespan_to_lower_bound",
                java.util.Arrays.stream(load).max().orElseThrow() / bound,
                "");
        Stats.print(
                "round_robin_makespan_to_lower_bound",
                java.util.Arrays.stream(roundRobin).max().orElseThrow() / bound,
                "");
    }
}
