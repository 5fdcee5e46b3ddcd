package dev.verdict.server.web;

import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.RunVerdict;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunExecution;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.runs.RunTest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.TestState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A suite's runs, and one run: what failed in it, and every execution. */
public final class RunPages {
    private static final int FAILURES_SHOWN = 100;

    private final WebApp app;
    private final Storage storage;
    private final RunLifecycle lifecycle;

    public record RunsModel(
            Chrome chrome,
            List<RunRow> runs,
            String branch,
            String commit,
            String result,
            String state,
            Paging paging) {}

    /** One attempt of a failed test, linked to its raw execution. */
    public record AttemptRow(int number, String result, String duration, String path) {}

    /** A badge beside a failed test: its text, its kind (for its look), what it means, a link. */
    public record Badge(String text, String kind, String title, String href) {}

    /** A test that failed in the run, one row however many times it ran. */
    public record TestRow(
            String testPath,
            String testName,
            String location,
            String attempts,
            String outcome,
            List<AttemptRow> attemptRows,
            List<Badge> badges,
            String reason,
            Failures.Details details) {}

    public record RunModel(
            Chrome chrome,
            RunRow run,
            boolean running,
            Map<Result, Long> counts,
            RunVerdict verdict,
            List<TestRow> failedTests,
            boolean moreFailures,
            List<RunExecution> executions,
            String search,
            Paging paging,
            String org,
            String suite) {
        public String testPath(UUID test) {
            return WebPaths.test(org, suite, test);
        }

        public long count(Result result) {
            return counts.getOrDefault(result, 0L);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    RunPages(WebApp app, Storage storage, RunLifecycle lifecycle) {
        this.app = app;
        this.storage = storage;
        this.lifecycle = lifecycle;
    }

    void routes() {
        String runs = "/organizations/{org}/analytics/suites/{suite}/runs";
        app.add("GET", runs, WebApp.Access.READ, this::list).add("GET", runs + "/{run}", WebApp.Access.READ, this::run);
    }

    private WebReply list(WebCall call) {
        Suite suite = call.suite(storage);
        RunFilter filter =
                RunFilter.parse(name -> call.query(name.equals("commit_sha") ? "commit" : name), lifecycle, call.now());
        Page<Run> page = storage.runs().list(suite.id(), filter, call.pageRequest(30));
        String org = call.organization().slug();
        RunsModel model = new RunsModel(
                call.chrome("Runs · " + suite.name(), suite, "runs"),
                page.items().stream()
                        .map(r -> RunRow.of(r, lifecycle, call.now(), org, suite.slug()))
                        .toList(),
                call.query("branch").orElse(""),
                call.query("commit").orElse(""),
                call.query("result").orElse(""),
                call.query("state").orElse(""),
                Paging.of(page, call.pathAndQuery()));
        return WebReply.page(app.templates().render("runs.jte", model));
    }

    private WebReply run(WebCall call) {
        Suite suite = call.suite(storage);
        Run run = Ids.parse(call.path("run"))
                .flatMap(id -> storage.runs().find(suite.id(), id))
                .filter(r -> lifecycle.kept(r, call.now()))
                .orElseThrow(() -> new NotFound("No run " + call.path("run") + " in suite " + suite.slug()));
        String org = call.organization().slug();
        Page<RunTest> failed = storage.runs().failedTests(run, new PageRequest(1, FAILURES_SHOWN));
        List<TestRow> failures = failed.items().stream()
                .sorted(TRIAGE_ORDER)
                .map(t -> row(t, run, org, suite.slug()))
                .toList();
        Page<RunExecution> executions = storage.runs().executions(run, call.query("q"), call.pageRequest(50));
        RunRow row = RunRow.of(run, lifecycle, call.now(), org, suite.slug());
        RunModel model = new RunModel(
                call.chrome(row.title() + " · " + suite.name(), suite, "runs"),
                row,
                run.status().state() == RunState.RUNNING,
                storage.runs().resultCounts(run),
                storage.runs().verdict(run),
                failures,
                failed.hasNext(),
                executions.items(),
                call.query("q").orElse(""),
                Paging.of(executions, call.pathAndQuery()),
                org,
                suite.slug());
        return WebReply.page(app.templates().render("run.jte", model));
    }

    /**
     * What to look at first: failures that count (new, broken, then the infrastructure's and known
     * flaky ones), then flaky passes, then muted tests; by name within each.
     */
    private static final Comparator<RunTest> TRIAGE_ORDER = Comparator.<RunTest>comparingInt(
                    t -> t.muted() ? 2 : t.outcome() == RunTest.Outcome.PASSED_ON_RETRY ? 1 : 0)
            .thenComparing(t -> -FailureKind.orNew(t.kind()).ordinal())
            .thenComparing(t -> Format.testName(t.scope(), t.name()));

    private static TestRow row(RunTest t, Run run, String org, String suite) {
        List<AttemptRow> attempts = new ArrayList<>();
        for (int i = 0; i < t.attempts().size(); i++) {
            RunTest.Attempt a = t.attempts().get(i);
            attempts.add(new AttemptRow(
                    i + 1,
                    a.result().wireName(),
                    Format.duration(a.duration()),
                    WebPaths.execution(org, suite, t.testId(), a.executionId())));
        }
        RunTest.Attempt failure = t.lastFailure();
        return new TestRow(
                failure == null
                        ? WebPaths.test(org, suite, t.testId())
                        : WebPaths.execution(org, suite, t.testId(), failure.executionId()),
                Format.testName(t.scope(), t.name()),
                t.location(),
                t.attemptsInWords(),
                t.outcome() == RunTest.Outcome.PASSED_ON_RETRY ? "passed-on-retry" : "failed",
                attempts,
                badges(t, run, org, suite),
                failure == null ? null : failure.failureReason(),
                failure == null
                        ? Failures.details(null, null)
                        : Failures.details(failure.failureExpanded(), failure.output()));
    }

    /** Why the test failed here, as badges: the judge's kind, since when, health, state, owners. */
    private static List<Badge> badges(RunTest t, Run run, String org, String suite) {
        List<Badge> badges = new ArrayList<>();
        String why = WebPaths.test(org, suite, t.testId()) + "#health";
        FailureKind kind = t.kind();
        if (kind != null) {
            badges.add(new Badge(kind.wireName(), "kind " + kind.wireName(), kind.summary(), why));
        }
        RunTest.FailingSince since = t.failingSince();
        if (t.outcome() == RunTest.Outcome.FAILED && since != null) {
            if (t.newFailureIn(run.id())) {
                badges.add(new Badge(
                        "new failure in this run", "since", "The test passed on this branch before this run", null));
            } else {
                badges.add(new Badge(
                        "failing since "
                                + (since.runNumber() == null ? Format.time(since.at()) : "#" + since.runNumber()),
                        "since",
                        "Failed in " + since.runs() + " runs of this branch in a row, since " + Format.time(since.at()),
                        WebPaths.run(org, suite, since.runId())));
            }
        }
        if (t.health() == Health.FLAKY && kind != FailureKind.FLAKY) {
            badges.add(new Badge("known flaky", "health flaky", "The judge holds this test flaky", why));
        }
        if (t.state() != TestState.ENABLED) {
            badges.add(new Badge(
                    t.state().wireName(),
                    "state " + t.state().wireName(),
                    t.muted() ? "Muted: its failures should not fail the build" : "Skipped: it should not run",
                    WebPaths.test(org, suite, t.testId()) + "#state"));
        }
        for (String team : t.owners()) {
            badges.add(new Badge(team, "owner", "Owned by " + team + " (TESTOWNERS)", null));
        }
        return badges;
    }
}
