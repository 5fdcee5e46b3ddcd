package dev.verdict.server.web;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunOutline;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.Suites;
import dev.verdict.core.tests.MeasuredTest;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The suites of an organization, a new suite, and a suite's summary. */
public final class SuitePages {
    /** The windows a summary can cover, as the Tests API names periods. */
    static final List<String> PERIODS = List.of("1day", "7days", "28days", "90days");

    /** The page's {@code ?period=}, one of {@link #PERIODS}; anything else is {@code otherwise}. */
    static String period(WebCall call, String otherwise) {
        return call.query("period").filter(PERIODS::contains).orElse(otherwise);
    }

    private static final Duration LIST_WINDOW = Duration.ofDays(7);

    private final WebApp app;
    private final Storage storage;
    private final Suites suites;
    private final RunLifecycle lifecycle;
    private final String publicUrl;

    /** A suite in the list, with its last 7 days. */
    public record SuiteRow(String path, String name, String defaultBranch, RunCounts week) {}

    /** Runs of a window by result; reliability is passed ÷ (passed + failed) runs. */
    public record RunCounts(long runs, long passed, long failed) {
        static RunCounts of(List<RunOutline> runs) {
            long passed =
                    runs.stream().filter(r -> r.result() == RunResult.PASSED).count();
            long failed =
                    runs.stream().filter(r -> r.result() == RunResult.FAILED).count();
            return new RunCounts(runs.size(), passed, failed);
        }

        public Double reliability() {
            return passed + failed == 0 ? null : (double) passed / (passed + failed);
        }
    }

    public record SuitesModel(
            Chrome chrome,
            List<SuiteRow> suites,
            boolean mayCreate,
            String problem,
            String name,
            String defaultBranch,
            Paging paging) {}

    /** What a new suite needs to receive its first results. */
    public record CreatedModel(Chrome chrome, String suitePath, String token, String publicUrl) {}

    public record SummaryModel(
            Chrome chrome,
            String period,
            List<String> periods,
            RunCounts counts,
            String runsChart,
            String reliabilityChart,
            String durationChart,
            List<RunRow> recentRuns,
            List<TestStore.OpenStreak> newFailures,
            List<MeasuredTest> broken,
            Map<java.util.UUID, dev.verdict.core.runs.RunTest.FailingSince> brokenSince,
            List<MeasuredTest> mostFailed,
            List<MeasuredTest> flakiest,
            List<MeasuredTest> slowest,
            String defaultBranch,
            String org,
            String suite) {
        public String testPath(java.util.UUID test) {
            return WebPaths.test(org, suite, test);
        }

        public String runPath(java.util.UUID run) {
            return WebPaths.run(org, suite, run);
        }

        /** The suite's tests of one team, from an owner shown beside a test. */
        public String ownerPath(String team) {
            return WebPaths.teamTests(org, suite, team);
        }

        /** The tests list showing what a section shows, in full. */
        public String testsPath(String query) {
            return WebPaths.tests(org, suite) + "?period=" + period + "&" + query;
        }
    }

    SuitePages(WebApp app, Storage storage, Suites suites, RunLifecycle lifecycle, String publicUrl) {
        this.app = app;
        this.storage = storage;
        this.suites = suites;
        this.lifecycle = lifecycle;
        this.publicUrl = publicUrl;
    }

    void routes() {
        String org = "/organizations/{org}/analytics";
        app.add("GET", org, WebApp.Access.READ, call -> list(call, null, "", "", 200))
                .add("POST", org + "/suites", WebApp.Access.WRITE, this::create)
                .add("GET", org + "/suites/{suite}/setup", WebApp.Access.WRITE, this::setup)
                .add("GET", org + "/suites/{suite}", WebApp.Access.READ, this::summary);
    }

    private WebReply list(WebCall call, String problem, String name, String branch, int status) {
        Page<Suite> page = storage.suites().list(call.organization().id(), call.pageRequest(50));
        Instant to = call.now();
        List<SuiteRow> rows = page.items().stream()
                .map(s -> new SuiteRow(
                        WebPaths.suite(call.organization().slug(), s.slug()),
                        s.name(),
                        s.fields().defaultBranch(),
                        RunCounts.of(storage.runs().outlines(s.id(), to.minus(LIST_WINDOW), to.plusMillis(1)))))
                .toList();
        SuitesModel model = new SuitesModel(
                call.chrome("Suites", null, null),
                rows,
                call.mayWrite(),
                problem,
                name,
                branch,
                Paging.of(page, call.pathAndQuery()));
        return WebReply.status(status, app.templates().render("suites.jte", model));
    }

    private WebReply create(WebCall call) {
        String name = call.form("name").orElse("");
        String branch = call.form("default_branch").orElse("main");
        try {
            Suites.Created created =
                    suites.create(call.organization(), new SuiteFields(name, branch, null, null, null, null));
            // Post, then redirect: reloading the page that shows the token makes no second suite.
            return WebReply.redirect(
                    WebPaths.suite(call.organization().slug(), created.suite().slug()) + "/setup");
        } catch (dev.verdict.core.Validation e) {
            return list(call, e.getMessage(), name, branch, 422);
        }
    }

    /**
     * How to send the suite results, with its upload token: the page a new suite lands on. It takes
     * write_suites, as reading the token through the API does.
     */
    private WebReply setup(WebCall call) {
        Suite suite = call.suite(storage);
        CreatedModel model = new CreatedModel(
                call.chrome("Set up " + suite.name(), suite, "summary"),
                WebPaths.suite(call.organization().slug(), suite.slug()),
                suites.revealUploadToken(suite),
                publicUrl);
        return WebReply.page(app.templates().render("suite-created.jte", model));
    }

    private WebReply summary(WebCall call) {
        Suite suite = call.suite(storage);
        String period = period(call, "7days");
        Instant to = call.now();
        Instant from = to.minus(dev.verdict.core.tests.TestQueries.period(period));
        String org = call.organization().slug();
        TestStore tests = storage.tests();
        List<RunOutline> outlines;
        List<RunRow> recent;
        List<TestStore.OpenStreak> fresh;
        List<MeasuredTest> broken;
        List<MeasuredTest> mostFailed;
        List<MeasuredTest> flakiest;
        List<MeasuredTest> slowest;
        String branch = suite.fields().defaultBranch();
        try (Reads reads = new Reads()) {
            var newFailures = reads.start(() -> tests.newFailures(suite.id(), from, TOP));
            var brokenNow = reads.start(() -> top(suite, period, to, "broken"));
            var ranked = reads.start(() -> tests.tops(suite.id(), new TestQuery.Window(from, to), TOP));
            var flakyNow = reads.start(() -> top(suite, period, to, "flaky"));
            var outlined = reads.start(() -> storage.runs().outlines(suite.id(), from, to.plusMillis(1)));
            var recentRuns = reads.start(
                    () -> storage.runs().list(suite.id(), noFilter(to), new PageRequest(1, 8)).items().stream()
                            .map(r -> RunRow.of(r, lifecycle, to, org, suite.slug()))
                            .toList());
            outlines = Reads.get(outlined);
            recent = Reads.get(recentRuns);
            fresh = Reads.get(newFailures);
            broken = Reads.get(brokenNow);
            TestStore.Tops tops = Reads.get(ranked);
            mostFailed = tops.mostFailed();
            slowest = tops.slowest();
            flakiest = Reads.get(flakyNow);
        }
        Map<java.util.UUID, dev.verdict.core.runs.RunTest.FailingSince> brokenSince =
                tests.failingSince(broken.stream().map(t -> t.test().id()).toList(), branch);
        List<Instant> buckets = Chart.buckets(from, to);
        SummaryModel model = new SummaryModel(
                call.chrome(suite.name(), suite, "summary"),
                period,
                PERIODS,
                RunCounts.of(outlines),
                runsChart(outlines, buckets, Chart.step(from, to)),
                reliabilityChart(outlines, buckets, Chart.step(from, to)),
                durationChart(outlines, buckets, Chart.step(from, to)),
                recent,
                fresh,
                broken,
                brokenSince,
                mostFailed,
                flakiest,
                slowest,
                branch,
                org,
                suite.slug());
        return WebReply.page(app.templates().render("suite.jte", model));
    }

    /** How many tests each of the summary's lists shows. */
    static final int TOP = 8;

    /**
     * The first tests of the window of one health, least reliable first, as the tests list shows
     * them with {@code health} and that sort: the same query and rules as the Tests API.
     */
    private List<MeasuredTest> top(Suite suite, String period, Instant now, String health) {
        Map<String, String> params =
                Map.of("period", period, "health", health, "sort_by", "reliability", "order", "asc");
        TestQuery query = dev.verdict.core.tests.TestQueries.parse(name -> Optional.ofNullable(params.get(name)), now);
        return storage.tests()
                .measure(suite.id(), query, new PageRequest(1, TOP))
                .items();
    }

    private RunFilter noFilter(Instant now) {
        return RunFilter.parse(name -> Optional.empty(), lifecycle, now);
    }

    private static String runsChart(List<RunOutline> runs, List<Instant> buckets, Duration step) {
        return Chart.resultBars(
                "runs", "pending or stale", buckets, step, runs, RunOutline::createdAt, run -> switch (run.result()) {
                    case PASSED -> Chart.Outcome.PASSED;
                    case FAILED -> Chart.Outcome.FAILED;
                    default -> Chart.Outcome.OTHER;
                });
    }

    private static String reliabilityChart(List<RunOutline> runs, List<Instant> buckets, Duration step) {
        double[] passed = new double[buckets.size()];
        double[] judged = new double[buckets.size()];
        for (RunOutline run : runs) {
            int i = Chart.bucket(buckets, run.createdAt(), step);
            if (i >= 0 && (run.result() == RunResult.PASSED || run.result() == RunResult.FAILED)) {
                judged[i]++;
                if (run.result() == RunResult.PASSED) {
                    passed[i]++;
                }
            }
        }
        List<Double> reliability = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            reliability.add(judged[i] == 0 ? null : 100 * passed[i] / judged[i]);
        }
        return new Chart(Chart.Kind.LINES, "%", buckets)
                .series("reliability", "pass", reliability)
                .json();
    }

    /** A finished run took from its first upload to its last result. */
    private static String durationChart(List<RunOutline> runs, List<Instant> buckets, Duration step) {
        return Chart.percentiles(
                        buckets,
                        step,
                        runs,
                        RunOutline::createdAt,
                        run -> run.state() == RunState.FINISHED
                                ? Duration.between(run.createdAt(), run.updatedAt())
                                                .toMillis()
                                        / 1000.0
                                : null)
                .json();
    }
}
