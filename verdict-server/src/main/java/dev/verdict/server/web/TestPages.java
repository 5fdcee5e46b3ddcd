package dev.verdict.server.web;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.Validation;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.ExecutionDetail;
import dev.verdict.core.tests.FlakyEvent;
import dev.verdict.core.tests.FlakyTest;
import dev.verdict.core.tests.Labels;
import dev.verdict.core.tests.MeasuredTest;
import dev.verdict.core.tests.StateChange;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestExecution;
import dev.verdict.core.tests.TestMetrics;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestState;
import dev.verdict.core.tests.TestStore;
import dev.verdict.core.tests.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A suite's tests, one test with its history, and the tests caught flaky. */
public final class TestPages {
    /** A test's page reads at most this many of its executions in its window. */
    static final int HISTORY = 1000;

    private static final int STRIP = 60;

    /** Evidence shown on a test's page; the API pages through all of it. */
    private static final int EVIDENCE = 20;

    private final WebApp app;
    private final Storage storage;

    /** A test's row on the list: the test, measured, and how it changed since the window before. */
    public record TestRow(MeasuredTest measured, TrendCell trend) {}

    /**
     * A trend as a person reads it: {@code text} such as "2.5× slower · −12 pts", a class for its
     * colour ({@code worse}, {@code better}, {@code new}, {@code steady}) and the figures on hover.
     */
    public record TrendCell(String text, String tone, String title) {
        static TrendCell of(Trend trend, TestMetrics now, TestMetrics before, String period) {
            if (trend.newInWindow()) {
                return new TrendCell("new", "new", "no executions in the " + period + " before");
            }
            String title = "average " + Format.duration(before.durationAvg()) + " → "
                    + Format.duration(now.durationAvg()) + ", reliability " + Format.percent(before.reliability())
                    + " → " + Format.percent(now.reliability()) + ", against the " + period + " before";
            if (trend.steady()) {
                return new TrendCell("steady", "steady", title);
            }
            List<String> parts = new ArrayList<>();
            trend.durationRatio()
                    .ifPresent(r -> parts.add(
                            r >= 1
                                    ? String.format(java.util.Locale.ROOT, "%.1f× slower", r)
                                    : String.format(java.util.Locale.ROOT, "%.1f× faster", 1 / r)));
            trend.reliabilityPoints()
                    .ifPresent(p -> parts.add(
                            String.format(java.util.Locale.ROOT, "%+.0f pts", p).replace('-', '−')));
            boolean worse = trend.slower() || trend.lessReliable();
            return new TrendCell(String.join(" · ", parts), worse ? "worse" : "better", title);
        }
    }

    public record TestsModel(
            Chrome chrome,
            List<TestRow> tests,
            java.util.OptionalLong total,
            String search,
            String period,
            List<String> periods,
            String label,
            String state,
            String health,
            String owners,
            String branch,
            String sortBy,
            String order,
            Paging paging,
            String pathAndQuery,
            String org,
            String suite,
            Instant now) {
        public String testPath(UUID test) {
            return WebPaths.test(org, suite, test);
        }

        /** The arrow beside a column's heading: ▼ or ▲ on the column the list is sorted by. */
        public String sortArrow(String column) {
            return column.equals(sortBy) ? (order.equals("desc") ? "▼" : "▲") : "";
        }

        /** The list filtered to one team, from an owner shown on a row. */
        public String ownerLink(String team) {
            return WebPaths.teamTests(org, suite, team);
        }

        /** This list sorted by a column: the other order when it is already sorted by it. */
        public String sortLink(String column) {
            String other = column.equals(sortBy) && order.equals("desc") ? "asc" : "desc";
            String base = pathAndQuery
                    .replaceAll("([?&])(sort_by|order|page)=[^&]*", "$1")
                    .replaceAll("&&+", "&")
                    .replaceAll("[?&]$", "");
            return base + (base.contains("?") ? "&" : "?") + "sort_by=" + column + "&order=" + other;
        }
    }

    /** Failures with the same first line, counted, with the newest one to open. */
    public record FailureGroup(String reason, long count, Instant lastSeen, String example) {}

    /** A span of an execution's history, placed on its timeline in percent of the whole. */
    public record Span(String section, String detail, Double duration, double left, double width, int depth) {}

    /** One execution opened from {@code ?execution_id=}. */
    public record ExecutionModel(ExecutionDetail detail, String runPath, Failures.Details failure, List<Span> spans) {}

    public record TestModel(
            Chrome chrome,
            Test test,
            TestMetrics metrics,
            List<String> owners,
            List<TestExecution> strip,
            List<FailureGroup> failures,
            List<FlakyEvent> flips,
            String historyChart,
            String durationChart,
            boolean capped,
            ExecutionModel execution,
            Health health,
            Instant healthSince,
            List<Evidence> evidence,
            boolean moreEvidence,
            List<dev.verdict.core.workflows.WorkflowEvent> workflowEvents,
            Map<String, dev.verdict.core.runs.RunTest.FailingSince> failingSince,
            List<StateChange> stateChanges,
            String period,
            List<String> periods,
            boolean mayWrite,
            String path,
            String org,
            String suite) {
        /** The change that put the test in its current state, when it was recorded. */
        public StateChange lastChange() {
            return stateChanges.isEmpty() || stateChanges.getFirst().state() != test.state()
                    ? null
                    : stateChanges.getFirst();
        }

        /** What the duration chart's lines are measured over: hours for a day, else days. */
        public String durationBucket() {
            return period.equals("1day") ? "hour" : "day";
        }

        /** The period selector's link: this page over another window, without an opened execution. */
        public String periodPath(String other) {
            return path + "?period=" + other;
        }

        public String executionPath(UUID execution) {
            return WebPaths.execution(org, suite, test.id(), execution);
        }

        public String runPath(UUID run) {
            return WebPaths.run(org, suite, run);
        }

        public String workflowPath(UUID workflow) {
            return WebPaths.workflow(org, suite, workflow);
        }
    }

    /** A flaky test with the commits it flipped on. */
    public record FlakyRow(FlakyTest flaky, List<FlakyEvent> flips, String path) {}

    public record FlakyModel(Chrome chrome, List<FlakyRow> tests, String period, List<String> periods, Paging paging) {}

    /** The suite's teams (from its TESTOWNERS file), each linked to its tests. */
    public record TeamsModel(Chrome chrome, List<TestStore.Team> teams, String org, String suite) {
        /** The team's tests in the tests list, with more filters ({@code ""} for none). */
        public String testsPath(String team, String more) {
            return WebPaths.teamTests(org, suite, team) + (more.isEmpty() ? "" : "&" + more);
        }
    }

    TestPages(WebApp app, Storage storage) {
        this.app = app;
        this.storage = storage;
    }

    void routes() {
        String tests = "/organizations/{org}/analytics/suites/{suite}/tests";
        app.add("GET", tests, WebApp.Access.READ, this::list)
                .add("GET", tests + "/{test}", WebApp.Access.READ, this::test)
                .add("GET", "/organizations/{org}/analytics/suites/{suite}/teams", WebApp.Access.READ, this::teams)
                .add("POST", tests + "/{test}/labels", WebApp.Access.WRITE, this::labels)
                .add("POST", tests + "/{test}/state", WebApp.Access.WRITE, this::state)
                .add(
                        "GET",
                        "/organizations/{org}/analytics/suites/{suite}/flaky-tests",
                        WebApp.Access.READ,
                        this::flaky);
    }

    private WebReply list(WebCall call) {
        Suite suite = call.suite(storage);
        String period = call.query("period").orElse("7days");
        TestQuery query =
                TestQueries.parse(name -> name.equals("period") ? Optional.of(period) : call.query(name), call.now());
        Page<MeasuredTest> page = storage.tests().measure(suite.id(), query, call.pageRequest(30));
        Map<UUID, TestMetrics> before = before(suite, query, page.items());
        List<TestRow> rows = page.items().stream()
                .map(t -> {
                    TestMetrics was = before.getOrDefault(t.test().id(), TestMetrics.NONE);
                    return new TestRow(t, TrendCell.of(Trend.of(t.metrics(), was), t.metrics(), was, period));
                })
                .toList();
        TestsModel model = new TestsModel(
                call.chrome("Tests · " + suite.name(), suite, "tests"),
                rows,
                page.total(),
                call.query("search").orElse(""),
                period,
                SuitePages.PERIODS,
                call.query("label").orElse(""),
                call.query("state").orElse(""),
                call.query("health").orElse(""),
                call.query("owners").orElse(""),
                call.query("branch").orElse(""),
                query.sort().wireName(),
                query.ascending() ? "asc" : "desc",
                Paging.of(page, call.pathAndQuery()),
                call.pathAndQuery(),
                call.organization().slug(),
                suite.slug(),
                call.now());
        return WebReply.page(app.templates().render("tests.jte", model));
    }

    /** The page's tests measured over the window before, their executions picked as the query picks them. */
    private Map<UUID, TestMetrics> before(Suite suite, TestQuery query, List<MeasuredTest> tests) {
        if (tests.isEmpty()) {
            return Map.of();
        }
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        tests.forEach(t -> ids.add(t.test().id()));
        Map<UUID, TestMetrics> before = new java.util.HashMap<>();
        storage.tests()
                .measure(suite.id(), query.over(query.previousWindow(), ids), new PageRequest(1, ids.size()))
                .items()
                .forEach(t -> before.put(t.test().id(), t.metrics()));
        return before;
    }

    private WebReply test(WebCall call) {
        Suite suite = call.suite(storage);
        Test test = test(call, suite);
        TestStore tests = storage.tests();
        Instant to = call.now();
        String period = SuitePages.period(call, "28days");
        TestQuery.Window window = new TestQuery.Window(to.minus(TestQueries.period(period)), to);
        String org = call.organization().slug();
        List<Instant> buckets = Chart.buckets(window.from(), window.to());
        Duration step = Chart.step(window.from(), window.to());
        List<TestExecution> history;
        List<TestMetrics> daily;
        TestMetrics metrics;
        List<String> owners;
        List<FlakyEvent> flips;
        ExecutionModel execution;
        Page<Evidence> evidence;
        List<dev.verdict.core.workflows.WorkflowEvent> workflowEvents;
        Map<String, dev.verdict.core.runs.RunTest.FailingSince> streaks;
        List<StateChange> changes;
        try (Reads reads = new Reads()) {
            var failing = reads.start(() -> tests.failingSince(test.id()));
            var changed = reads.start(() -> tests.stateChanges(test.id(), EVIDENCE));
            var alarms = reads.start(() -> storage.workflows().testEvents(test.id(), EVIDENCE));
            var read = reads.start(() -> tests.executions(test.id(), window, HISTORY));
            var perBucket = reads.start(() -> tests.metrics(
                    test.id(),
                    buckets.stream()
                            .map(start -> bucketWindow(start, step, window))
                            .toList()));
            var measured = reads.start(() -> tests.metrics(test.id(), window));
            var owned = reads.start(() -> tests.owners(test.id()));
            var flipped = reads.start(() -> tests.flakyEvents(test.id(), 20));
            var why = reads.start(() -> tests.evidence(test.id(), new PageRequest(1, EVIDENCE)));
            var opened = reads.start(() -> call.query("execution_id")
                    .map(id -> Ids.parse(id)
                            .flatMap(e -> tests.execution(test.id(), e))
                            .orElseThrow(() -> new NotFound("No execution " + id + " of this test")))
                    .map(detail -> new ExecutionModel(
                            detail,
                            WebPaths.run(org, suite.slug(), detail.execution().runId()),
                            Failures.details(detail.failureExpanded(), detail.output()),
                            spans(detail.history())))
                    .orElse(null));
            history = Reads.get(read);
            daily = Reads.get(perBucket);
            metrics = Reads.get(measured);
            owners = Reads.get(owned);
            flips = Reads.get(flipped);
            execution = Reads.get(opened);
            evidence = Reads.get(why);
            workflowEvents = Reads.get(alarms);
            streaks = Reads.get(failing);
            changes = Reads.get(changed);
        }
        TestModel model = new TestModel(
                call.chrome(Format.testName(test.scope(), test.name()), suite, "tests"),
                test,
                metrics,
                owners,
                history.subList(0, Math.min(STRIP, history.size())).reversed(),
                failureGroups(history, org, suite.slug(), test.id()),
                flips,
                historyChart(daily, buckets),
                durationChart(history, daily, buckets, step),
                history.size() == HISTORY,
                execution,
                test.health().at(to),
                test.health().sinceAt(to),
                evidence.items(),
                evidence.hasNext(),
                workflowEvents,
                streaks,
                changes,
                period,
                SuitePages.PERIODS,
                call.mayWrite(),
                WebPaths.test(org, suite.slug(), test.id()),
                org,
                suite.slug());
        return WebReply.page(app.templates().render("test.jte", model));
    }

    private WebReply teams(WebCall call) {
        Suite suite = call.suite(storage);
        TeamsModel model = new TeamsModel(
                call.chrome("Teams · " + suite.name(), suite, "teams"),
                storage.tests().teams(suite.id()),
                call.organization().slug(),
                suite.slug());
        return WebReply.page(app.templates().render("teams.jte", model));
    }

    private WebReply labels(WebCall call) {
        Suite suite = call.suite(storage);
        Test test = test(call, suite);
        List<String> add = call.form("add").map(List::of).orElse(List.of());
        List<String> remove = call.formValues("remove");
        Validation.Collector problems = new Validation.Collector();
        Labels.check("label", add, problems);
        problems.throwIfAny();
        storage.tests().changeLabels(test.id(), add, remove, call.now());
        return WebReply.redirect(WebPaths.test(call.organization().slug(), suite.slug(), test.id()));
    }

    private WebReply state(WebCall call) {
        Suite suite = call.suite(storage);
        Test test = test(call, suite);
        TestState state = call.form("state")
                .flatMap(TestState::fromWireName)
                .orElseThrow(() -> new BadRequest("state must be enabled, muted or skipped"));
        storage.tests()
                .setState(
                        test.id(),
                        new StateChange(
                                state,
                                StateChange.reason("reason", call.form("reason").orElse(null)),
                                StateChange.by(call.token()),
                                call.now()));
        return WebReply.redirect(WebPaths.test(call.organization().slug(), suite.slug(), test.id()));
    }

    private WebReply flaky(WebCall call) {
        Suite suite = call.suite(storage);
        String period = SuitePages.period(call, "28days");
        Instant since = call.now().minus(TestQueries.period(period));
        Page<FlakyTest> page = storage.tests()
                .flaky(
                        suite.id(),
                        new TestStore.FlakyFilter(since, call.query("branch"), call.query("search")),
                        call.pageRequest(30));
        String org = call.organization().slug();
        List<FlakyRow> rows = page.items().stream()
                .map(f -> new FlakyRow(
                        f,
                        storage.tests().flakyEvents(f.test().id(), 5),
                        WebPaths.test(org, suite.slug(), f.test().id())))
                .toList();
        FlakyModel model = new FlakyModel(
                call.chrome("Flaky tests · " + suite.name(), suite, "flaky"),
                rows,
                period,
                SuitePages.PERIODS,
                Paging.of(page, call.pathAndQuery()));
        return WebReply.page(app.templates().render("flaky.jte", model));
    }

    private Test test(WebCall call, Suite suite) {
        return Ids.parse(call.path("test"))
                .flatMap(id -> storage.tests().find(suite.id(), id))
                .orElseThrow(() -> new NotFound("No test " + call.path("test") + " in suite " + suite.slug()));
    }

    private static List<FailureGroup> failureGroups(List<TestExecution> history, String org, String suite, UUID test) {
        Map<String, FailureGroup> groups = new LinkedHashMap<>();
        for (TestExecution e : history) {
            if (e.result() != Result.FAILED) {
                continue;
            }
            String reason = e.failureReason() == null || e.failureReason().isBlank()
                    ? "(no failure reason)"
                    : e.failureReason().lines().findFirst().orElse("").strip();
            FailureGroup seen = groups.get(reason);
            groups.put(
                    reason,
                    seen == null
                            ? new FailureGroup(reason, 1, e.createdAt(), WebPaths.execution(org, suite, test, e.id()))
                            : new FailureGroup(reason, seen.count() + 1, seen.lastSeen(), seen.example()));
        }
        return groups.values().stream()
                .sorted((a, b) -> Long.compare(b.count(), a.count()))
                .limit(20)
                .toList();
    }

    /** A bucket of the chart as a window of its own, within the page's window. */
    private static TestQuery.Window bucketWindow(Instant start, Duration step, TestQuery.Window window) {
        Instant from = start.isBefore(window.from()) ? window.from() : start;
        Instant end = start.plus(step).minusMillis(1);
        return new TestQuery.Window(from, end.isAfter(window.to()) ? window.to() : end);
    }

    /** Exact counts per bucket: the Tests API's own metrics, read from the rollups and edges. */
    private static String historyChart(List<TestMetrics> daily, List<Instant> buckets) {
        return new Chart(Chart.Kind.BARS, "executions", buckets)
                .series(
                        "passed",
                        "pass",
                        daily.stream().map(m -> (double) m.passed()).toList())
                .series(
                        "failed",
                        "fail",
                        daily.stream().map(m -> (double) m.failed()).toList())
                .series(
                        "skipped or other",
                        "other",
                        daily.stream()
                                .map(m -> (double) (m.skipped() + m.pending() + m.unknown()))
                                .toList())
                .json();
    }

    /**
     * Each execution read (the newest {@value #HISTORY}) as a point, with their p50 and p95 per
     * bucket over them, and the exact average of every bucket, so a test that runs often still
     * shows its whole window's trend.
     */
    private static String durationChart(
            List<TestExecution> history, List<TestMetrics> daily, List<Instant> buckets, Duration step) {
        return Chart.scatter(
                        buckets,
                        step,
                        history,
                        TestExecution::createdAt,
                        TestExecution::duration,
                        e -> e.result() == Result.FAILED,
                        daily.stream().map(TestMetrics::durationAvg).toList())
                .json();
    }

    /**
     * The spans a collector sent in {@code history.children}, nested ones indented, each placed by
     * its start and duration relative to the whole execution's.
     */
    static List<Span> spans(String historyJson) {
        var history = Failures.parse(historyJson);
        List<Span> spans = new ArrayList<>();
        double start = history.path("start_at").asDouble(0);
        double total = history.path("duration").asDouble(0);
        if (total <= 0) {
            total = history.path("end_at").asDouble(start) - start;
        }
        addSpans(history.path("children"), start, total, 0, spans);
        return spans;
    }

    private static void addSpans(
            tools.jackson.databind.JsonNode children, double start, double total, int depth, List<Span> spans) {
        for (var child : children) {
            if (spans.size() >= 500) {
                return;
            }
            double at = child.path("start_at").asDouble(start);
            double duration =
                    child.path("duration").asDouble(child.path("end_at").asDouble(at) - at);
            double left = total > 0 ? Math.max(0, Math.min(100, 100 * (at - start) / total)) : 0;
            double width = total > 0 ? Math.max(0.5, Math.min(100 - left, 100 * duration / total)) : 100;
            var detail = child.path("detail");
            String text = detail.path("query").isString()
                    ? detail.path("query").stringValue()
                    : detail.path("url").isString()
                            ? detail.path("method").asString("") + " "
                                    + detail.path("url").stringValue()
                            : detail.path("content").isString()
                                    ? detail.path("content").stringValue()
                                    : "";
            spans.add(new Span(child.path("section").asString("span"), text.strip(), duration, left, width, depth));
            addSpans(child.path("children"), start, total, depth + 1, spans);
        }
    }
}
