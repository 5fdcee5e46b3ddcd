package dev.verdict.server.web;

import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.RunVerdict;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.FailedExecution;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunExecution;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
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

    /** One failed execution, with its failure's details as lines. */
    public record Failure(
            String testPath,
            String testName,
            String location,
            String reason,
            Failures.Details details,
            Double duration,
            FailureKind kind,
            String whyPath) {
        public String kindName() {
            return kind == null ? null : kind.wireName();
        }

        /** What the badge means, for its title. */
        public String kindTitle() {
            return kind == null ? null : kind.summary();
        }
    }

    public record RunModel(
            Chrome chrome,
            RunRow run,
            boolean running,
            Map<Result, Long> counts,
            RunVerdict verdict,
            List<Failure> failures,
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
        RunFilter filter = RunFilter.parse(
                name -> call.query(name.equals("commit_sha") ? "commit" : name), lifecycle.staleBefore(call.now()));
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
                .orElseThrow(() -> new NotFound("No run " + call.path("run") + " in suite " + suite.slug()));
        String org = call.organization().slug();
        Page<FailedExecution> failed =
                storage.runs().failedExecutions(run.id(), new PageRequest(1, FAILURES_SHOWN), true);
        List<Failure> failures = failed.items().stream()
                .map(e -> new Failure(
                        WebPaths.execution(org, suite.slug(), e.testId(), e.id()),
                        Format.testName(e.scope(), e.name()),
                        e.location(),
                        e.failureReason(),
                        Failures.details(e.failureExpanded(), e.output()),
                        e.duration(),
                        e.failureKind(),
                        WebPaths.test(org, suite.slug(), e.testId()) + "#health"))
                .toList();
        Page<RunExecution> executions = storage.runs().executions(run.id(), call.query("q"), call.pageRequest(50));
        RunModel model = new RunModel(
                call.chrome("Run " + Format.orNone(run.number()) + " · " + suite.name(), suite, "runs"),
                RunRow.of(run, lifecycle, call.now(), org, suite.slug()),
                run.status().state() == RunState.RUNNING,
                storage.runs().resultCounts(run.id()),
                storage.runs().verdict(run.id()),
                failures,
                failed.hasNext(),
                executions.items(),
                call.query("q").orElse(""),
                Paging.of(executions, call.pathAndQuery()),
                org,
                suite.slug());
        return WebReply.page(app.templates().render("run.jte", model));
    }
}
