package dev.verdict.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Fill a fresh store with runs and executions (written directly, no server), start a server on it and",
            "measure the latency of the Runs and Tests APIs' queries."
        })
final class QueryBench implements Callable<Integer> {
    private static final int WARMUP = 300;
    private static final int SAMPLES = 1000;
    private static final int TESTS = 5000;
    private static final double FAILING = 0.1;

    @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or postgres (default ${DEFAULT-VALUE}).")
    Store.Kind kind;

    @Option(names = "--runs", defaultValue = "100000", description = "Runs to create (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--executions",
            defaultValue = "10000000",
            description = "Executions to create, spread over the runs (default ${DEFAULT-VALUE}).")
    long executions;

    @Option(
            names = "--run-every",
            defaultValue = "1m",
            converter = dev.verdict.upload.Units.DurationConverter.class,
            description = "Time between runs, the newest now (default ${DEFAULT-VALUE}); a history longer than the"
                    + " retention (180 days: 100000 runs every 3m) has retention expire its oldest before measuring,"
                    + " and keep running while measured.")
    Duration runEvery;

    @Override
    public Integer call() throws Exception {
        try (Store store = Store.fresh(kind)) {
            Stats.progress("query on " + kind + ": filling " + runs + " runs and " + executions + " executions");
            long newest = System.currentTimeMillis();
            BulkLoader.Fixture fixture = BulkLoader.prepare(store, TESTS, runs, newest, runEvery.toMillis());
            long perRun = Math.max(1, executions / runs);
            long nanos = BulkLoader.loadExecutions(store, fixture, executions, i -> {
                int run = (int) Math.min(runs - 1, i / perRun);
                int test = (int) ((i % perRun) * 7 % TESTS);
                boolean failed = new SplittableRandom(i).nextDouble() < FAILING;
                return new BulkLoader.Row(fixture.runs().get(run), test, failed, fixture.runCreatedAt(run));
            });
            Stats.print("fill_executions_per_second", executions / (nanos / 1e9), "executions/s");
            analyze(store);
            Stats.print("disk_per_million_executions", store.bytesOnDisk() / (executions / 1e6) / (1 << 20), "MiB");
            String token = IngestBench.cli(store, "token", "create", "--org", "bench", "--scopes", "read_suites");
            try (ServerProcess server = ServerProcess.start(store, store.dataDir.resolve("server.log"));
                    HttpClient http = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(10))
                            .build()) {
                String suite = "/v2/analytics/organizations/bench/suites/"
                        + fixture.suite().slug();
                awaitRollups(store);
                awaitRetention(store);
                SplittableRandom random = new SplittableRandom(7);
                // Runs past retention answer 404: those asked for are the ones still kept.
                long keptFrom = System.currentTimeMillis()
                        - dev.verdict.core.Retention.DEFAULT.data().toMillis()
                        + Duration.ofDays(1).toMillis();
                List<UUID> runIds = java.util.stream.IntStream.range(0, runs)
                        .filter(r -> fixture.runCreatedAt(r) >= keptFrom)
                        .mapToObj(fixture.runs()::get)
                        .toList();
                measure(http, server, token, "runs_list_first_page", i -> suite + "/runs");
                measure(http, server, token, "runs_list_page_1000", i -> suite + "/runs?page=1000");
                measure(
                        http,
                        server,
                        token,
                        "runs_list_filtered_branch",
                        i -> suite + "/runs?branch=main&result=failed");
                measure(http, server, token, "run", i -> suite + "/runs/" + runIds.get(random.nextInt(runIds.size())));
                measure(
                        http,
                        server,
                        token,
                        "run_failed_executions",
                        i -> suite + "/runs/" + runIds.get(random.nextInt(runIds.size())) + "/failed_executions");
                measure(
                        http,
                        server,
                        token,
                        "run_explanation",
                        i -> suite + "/runs/" + runIds.get(random.nextInt(runIds.size())) + "/explanation");
                // Every bulk-loaded failure has the same reason: a search that matches reads its
                // 1,000 newest; one that matches nothing compares every failure of the week. Enough
                // samples that a p99 is not one request's bad luck.
                measure(
                        http,
                        server,
                        token,
                        "failure_search_7days",
                        i -> suite + "/failures?search=got:%20500",
                        false,
                        20,
                        200);
                measure(
                        http,
                        server,
                        token,
                        "failure_search_no_match_7days",
                        i -> suite + "/failures?search=no%20such%20failure",
                        false,
                        5,
                        50);
                // A window's edges are still read from executions (a 7-day window here holds a
                // million of them), so these take fewer samples.
                String test = fixture.tests().get(0).toString();
                measure(http, server, token, "tests_list_legacy", i -> suite + "/tests", false, WARMUP, SAMPLES);
                measure(http, server, token, "test_7days", i -> suite + "/tests/" + test, true, 20, 100);
                measure(http, server, token, "flaky_tests", i -> suite + "/flaky-tests", false, WARMUP, SAMPLES);
                measure(http, server, token, "tests_list_1hour", i -> suite + "/tests?period=1hour", true, 20, 100);
                measure(http, server, token, "tests_list_1day", i -> suite + "/tests?period=1day", true, 3, 20);
                measure(http, server, token, "tests_list_7days", i -> suite + "/tests", true, 2, 10);
                measurePages(http, server, token, fixture, runIds, random);
                Stats.print("server_peak_rss", server.peakRssMiB(), "MiB");
            }
        }
        Store.stopPostgres();
        return 0;
    }

    /** The web UI's pages, server-side rendered, each asked for with a signed-in session's cookie. */
    private static void measurePages(
            HttpClient http,
            ServerProcess server,
            String token,
            BulkLoader.Fixture fixture,
            List<UUID> runIds,
            SplittableRandom random)
            throws Exception {
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(server.uri.resolve("/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        // Forms must say they come from the server's own pages.
                        .header("Origin", server.uri.getScheme() + "://" + server.uri.getAuthority())
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie =
                signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String suite =
                "/organizations/bench/analytics/suites/" + fixture.suite().slug();
        String everyRun = fixture.tests().get(0).toString();
        String neverRun = fixture.tests().get(1).toString();
        // At least 100 samples a page, the slow ones too: a p99 of fewer is the one slowest request.
        page(http, server, cookie, "web_suites", i -> "/organizations/bench/analytics", 20, 100);
        page(http, server, cookie, "web_suite_summary_7days", i -> suite, 5, 100);
        page(http, server, cookie, "web_runs", i -> suite + "/runs", WARMUP, SAMPLES);
        page(
                http,
                server,
                cookie,
                "web_run",
                i -> suite + "/runs/" + runIds.get(random.nextInt(runIds.size())),
                WARMUP,
                SAMPLES);
        page(http, server, cookie, "web_tests_7days", i -> suite + "/tests", 5, 100);
        page(http, server, cookie, "web_tests_search_7days", i -> suite + "/tests?search=case%2012", 5, 100);
        page(http, server, cookie, "web_test_90days", i -> suite + "/tests/" + everyRun + "?period=90days", 10, 100);
        page(http, server, cookie, "web_teams", i -> suite + "/teams", WARMUP, SAMPLES);
        page(http, server, cookie, "web_uploads", i -> suite + "/uploads", WARMUP, SAMPLES);
        page(http, server, cookie, "web_test_in_every_run", i -> suite + "/tests/" + everyRun, 20, 100);
        page(http, server, cookie, "web_test_in_no_run", i -> suite + "/tests/" + neverRun, 20, 100);
        page(http, server, cookie, "web_flaky_tests", i -> suite + "/flaky-tests", WARMUP, SAMPLES);
    }

    private static void page(
            HttpClient http,
            ServerProcess server,
            String cookie,
            String name,
            IntFunction<String> path,
            int warmup,
            int samples)
            throws Exception {
        time(
                http,
                name,
                warmup,
                samples,
                i -> HttpRequest.newBuilder(server.uri.resolve(path.apply(i)))
                        .header("Cookie", cookie)
                        .build());
    }

    /**
     * Waits until the server's background rollup has caught up with the bulk-loaded history, as
     * it would have on a live server, and prints how long that took.
     */
    private static void awaitRollups(Store store) throws Exception {
        long closed = dev.verdict.core.tests.Rollup.closedBefore(java.time.Instant.now(), java.util.Optional.empty());
        awaitChore(
                store,
                "the server to roll up the executions by hour and day",
                "rollup_catch_up",
                "SELECT rolled_to FROM rollup_state WHERE id = 1",
                closed);
        // The rollups were written by the server just now: a live database has their statistics
        // (autovacuum's analyze), and without them a small store's plans would be the worse ones.
        if (store.kind == Store.Kind.postgres) {
            try (var c = store.connect();
                    var s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE) test_rollups");
            }
        }
    }

    /**
     * Waits for retention to expire what the fill put past it. A live store expires a few runs a
     * minute as they age; the fill hands the server weeks at once, and measuring while it works
     * through them would time that one-off backlog, not the store. Retention keeps running.
     */
    private static void awaitRetention(Store store) throws Exception {
        long expiredBefore = System.currentTimeMillis()
                - dev.verdict.core.Retention.DEFAULT.data().toMillis();
        awaitChore(
                store,
                "retention to expire what is older than it keeps",
                "retention_catch_up",
                // Runs expire by their last update (JdbcRetention), so that is what is asked.
                "SELECT min(updated_at) FROM runs",
                // A minute's slack: the chore's rounds are a minute apart.
                expiredBefore - Duration.ofMinutes(1).toMillis());
    }

    /**
     * Waits, at most 30 minutes, until {@code query}'s one value reaches {@code target}: a chore
     * of the server catching up with what the fill handed it at once. Prints how long it took.
     */
    private static void awaitChore(Store store, String what, String stat, String query, long target) throws Exception {
        long started = System.nanoTime();
        Stats.progress("query: waiting for " + what);
        while (true) {
            try (var c = store.connect();
                    var s = c.createStatement();
                    var rs = s.executeQuery(query)) {
                if (rs.next() && rs.getLong(1) >= target) {
                    break;
                }
            } catch (java.sql.SQLException notYet) {
                // The rollups' state row appears with the first rollup; SQLite may be busy meanwhile.
            }
            if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                throw new IllegalStateException("waited 30 minutes for " + what);
            }
            Thread.sleep(500);
        }
        Stats.print(stat, (System.nanoTime() - started) / 1e9, "s");
    }

    /**
     * What a live database has and a bulk-loaded one lacks: planner statistics and, on PostgreSQL,
     * a visibility map (autovacuum's work), without which index-only scans still visit the table.
     */
    private static void analyze(Store store) throws java.sql.SQLException {
        try (var c = store.connect();
                var s = c.createStatement()) {
            if (store.kind == Store.Kind.postgres) {
                s.execute("VACUUM (ANALYZE) runs");
                s.execute("VACUUM (ANALYZE) executions");
                s.execute("VACUUM (ANALYZE) tests");
            } else {
                s.execute("ANALYZE");
            }
        }
    }

    private static void measure(
            HttpClient http, ServerProcess server, String token, String name, IntFunction<String> path)
            throws Exception {
        measure(http, server, token, name, path, false, WARMUP, SAMPLES);
    }

    /** Times {@code samples} requests, one at a time, after {@code warmup}; with the Tests API's version header. */
    private static void measure(
            HttpClient http,
            ServerProcess server,
            String token,
            String name,
            IntFunction<String> path,
            boolean versioned,
            int warmup,
            int samples)
            throws Exception {
        time(http, name, warmup, samples, i -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri.resolve(path.apply(i)))
                    .header("Authorization", "Bearer " + token);
            return (versioned ? builder.header("Buildkite-Version", "2026-08-01") : builder).build();
        });
    }

    /** Times {@code samples} requests, one at a time, after {@code warmup}; each must answer 200. */
    private static void time(HttpClient http, String name, int warmup, int samples, IntFunction<HttpRequest> request)
            throws Exception {
        double[] millis = new double[samples];
        for (int i = -warmup; i < samples; i++) {
            HttpRequest next = request.apply(i);
            long started = System.nanoTime();
            HttpResponse<String> reply = http.send(next, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            if (reply.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + reply.statusCode() + ": " + reply.body());
            }
            if (i >= 0) {
                millis[i] = took / 1e6;
            }
        }
        Stats.print(name + "_p50", Stats.percentile(millis, 50), "ms");
        Stats.print(name + "_p99", Stats.percentile(millis, 99), "ms");
    }
}
