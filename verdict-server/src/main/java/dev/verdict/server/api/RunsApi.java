package dev.verdict.server.api;

import dev.verdict.core.Ids;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunTest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The Runs API: {@code .../suites/{suite}/runs}, a run, and its failed executions. */
public final class RunsApi {
    private static final String RUNS = SuitesApi.SUITE + "/runs";
    private static final String RUN = RUNS + "/{run}";

    private final Storage storage;
    private final RunLifecycle lifecycle;
    private final Clock clock;
    private final Urls urls;

    public RunsApi(Storage storage, RunLifecycle lifecycle, Clock clock, Urls urls) {
        this.storage = storage;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add("GET", RUNS, Guard.scope(Scope.READ_SUITES), this::list)
                .add("GET", RUN, Guard.scope(Scope.READ_SUITES), this::get)
                .add("GET", RUN + "/failed_executions", Guard.scope(Scope.READ_SUITES), this::failedExecutions)
                .add("GET", RUN + "/explanation", Guard.scope(Scope.READ_SUITES), this::explanation);
    }

    private Reply list(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Instant now = Timestamps.now(clock);
        RunFilter filter = RunFilter.parse(call::query, lifecycle, now);
        return call.page(
                storage.runs().list(suite.id(), filter, call.pageRequest()).map(run -> view(call, suite, run, now)));
    }

    private Reply get(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        return Reply.ok(view(call, suite, run(call, suite), Timestamps.now(clock)));
    }

    private Reply failedExecutions(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Run run = run(call, suite);
        boolean expanded = call.flag("include_failure_expanded");
        String org = call.organization().slug();
        return call.page(storage.runs()
                .failedExecutions(run, call.pageRequest(), expanded)
                .map(e -> FailedExecutionView.of(e, expanded, org, suite.slug(), urls)));
    }

    /** The run's verdict and a page of its failed tests, each with its health, evidence and owners. */
    private Reply explanation(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Run run = run(call, suite);
        Page<RunTest> tests = storage.runs().failedTests(run, call.pageRequest());
        Map<UUID, List<Evidence>> evidence = new HashMap<>();
        PageRequest newest = new PageRequest(1, RunExplanationView.EVIDENCE_SHOWN);
        for (RunTest test : tests.items()) {
            evidence.put(
                    test.testId(),
                    storage.tests().evidence(test.testId(), newest).items());
        }
        String org = call.organization().slug();
        return call.page(
                tests,
                RunExplanationView.of(
                        view(call, suite, run, Timestamps.now(clock)),
                        run.id(),
                        storage.runs().verdict(run),
                        tests.items(),
                        evidence,
                        org,
                        suite.slug(),
                        urls));
    }

    private Run run(Call call, Suite suite) {
        return Ids.parse(call.path("run"))
                .flatMap(id -> storage.runs().find(suite.id(), id))
                .filter(r -> lifecycle.kept(r, Timestamps.now(clock)))
                .orElseThrow(() -> new NotFound("No run found"));
    }

    private RunView view(Call call, Suite suite, Run run, Instant now) {
        RunResult result = lifecycle.resultAt(run.status().result(), run.createdAt(), now);
        return RunView.of(run, result, call.organization().slug(), suite.slug(), urls);
    }
}
