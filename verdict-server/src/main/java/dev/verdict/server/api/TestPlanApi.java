package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
import dev.verdict.core.plans.NodeReport;
import dev.verdict.core.plans.PlanJson;
import dev.verdict.core.plans.PlanRecord;
import dev.verdict.core.plans.PlanRequest;
import dev.verdict.core.plans.TestPlans;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The Test Plan API that {@code bktec} splits a suite with (see docs/api.md). Every answer that
 * carries a plan is exactly 200: bktec takes any other success, 201 included, for an error that
 * ends the job. Plans are read with {@code read_test_plan} and made with {@code write_test_plan}.
 */
public final class TestPlanApi {
    /** A plan request names up to 100,000 tests: a body of several megabytes. */
    static final long PLAN_BODY_LIMIT = 32L << 20;

    private final Storage storage;
    private final TestPlans plans;
    private final Clock clock;

    public TestPlanApi(Storage storage, Clock clock) {
        this.storage = storage;
        this.plans = new TestPlans(storage.plans(), storage.tests());
        this.clock = clock;
    }

    public void routes(Router router) {
        String plan = SuitesApi.SUITE + "/test_plan";
        router.add("GET", plan, Guard.scope(Scope.READ_TEST_PLAN), this::find);
        router.add("POST", plan, Guard.scope(Scope.WRITE_TEST_PLAN), this::create);
        router.add("POST", plan + "/filter_tests", Guard.scope(Scope.WRITE_TEST_PLAN), this::filterTests);
        router.add("POST", SuitesApi.SUITE + "/test_plan_metadata", Guard.scope(Scope.WRITE_TEST_PLAN), this::metadata);
        router.add("GET", SuitesApi.SUITE + "/test_plans", Guard.scope(Scope.READ_SUITES), this::history);
        router.add("POST", SuitesApi.SUITE + "/test_files", Guard.scope(Scope.READ_TEST_PLAN), this::testFiles);
    }

    private Reply find(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        String identifier = call.query("identifier").orElseThrow(() -> new BadRequest("identifier is required"));
        return plans.find(suite.id(), identifier, Timestamps.now(clock))
                .map(TestPlanApi::plan)
                .orElseThrow(() -> new NotFound("Test plan not found"));
    }

    private Reply create(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        PlanRequest request = PlanRequest.read(call.jsonBody(PLAN_BODY_LIMIT));
        return plan(plans.plan(suite, request, Timestamps.now(clock)));
    }

    /** A plan as it was stored: bktec gets the same bytes every time, with no reading and writing again. */
    private static Reply plan(PlanJson json) {
        return Reply.okJson(json.utf8(), json::gzip);
    }

    /**
     * The files bktec should split by example (see {@link TestPlans#filesToSplit}). The request
     * names no branch, so timings are the default branch's; a node's share comes from {@code
     * target_time}, else the build's {@code BUILDKITE_PARALLEL_JOB_COUNT} in {@code env}.
     */
    private Reply filterTests(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        JsonNode body = call.jsonBody(PLAN_BODY_LIMIT);
        if (!body.isObject()) {
            throw new BadRequest("a filter_tests request must be a JSON object");
        }
        List<String> paths = new ArrayList<>();
        JsonNode files = body.get("files");
        if (files != null && !files.isNull() && !files.isArray()) {
            throw new BadRequest("files must be an array of {\"path\"}");
        }
        for (int i = 0; files != null && i < files.size(); i++) {
            JsonNode path = files.get(i).get("path");
            if (path == null || !path.isString()) {
                throw new BadRequest("files[" + i + "].path must be a string");
            }
            paths.add(path.stringValue());
        }
        if (paths.size() > PlanRequest.MAX_TESTS) {
            throw new BadRequest("files holds " + paths.size() + " paths; at most " + PlanRequest.MAX_TESTS);
        }
        JsonNode target = body.get("target_time");
        double targetSeconds = target != null && target.isNumber() && target.asDouble() > 0 ? target.asDouble() : 0;
        JsonNode nodes = body.path("env").get("BUILDKITE_PARALLEL_JOB_COUNT");
        int parallelism = nodes == null ? 0 : nodes.isNumber() ? nodes.asInt() : parseCount(nodes.asString(""));
        List<Map<String, Object>> split = new ArrayList<>();
        plans.filesToSplit(suite, paths, targetSeconds, parallelism, clock.instant())
                .forEach((path, reason) -> {
                    Map<String, Object> test = new LinkedHashMap<>();
                    test.put("path", path);
                    test.put("reason", reason);
                    split.add(test);
                });
        return Reply.ok(Map.of("tests", split));
    }

    /** A node count sent as text; 0 when it is none. */
    private static int parseCount(String text) {
        try {
            return Math.max(0, Math.min(PlanRequest.MAX_PARALLELISM, Integer.parseInt(text.strip())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * bktec's report of a node's run (timeline, statistics): what the node took is recorded beside
     * its plan's prediction. Answered 200 {} whether or not the plan is known: it is a report.
     */
    private Reply metadata(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        NodeReport.read(call.jsonBody()).ifPresent(report -> plans.report(suite, report, Timestamps.now(clock)));
        return Reply.ok(Map.of());
    }

    /**
     * The suite's plans, newest first, with their predicted and reported durations; with {@code
     * identifier}, that build step's plans only (a retried step's plan is made again once the
     * first has expired).
     */
    private Reply history(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        return call.page(plans.history(suite, call.query("identifier"), call.pageRequest())
                .map(TestPlanApi::view));
    }

    /** A plan's record as the API answers it: durations in ms, errors as fractions. */
    static Map<String, Object> view(PlanRecord plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("identifier", plan.identifier());
        view.put("branch", plan.branch().isEmpty() ? null : plan.branch());
        view.put("created_at", Timestamps.format(plan.createdAt()));
        view.put("parallelism", plan.parallelism());
        view.put("nodes_reported", plan.reported());
        view.put("predicted_makespan_ms", plan.predictedMakespan());
        view.put("actual_makespan_ms", plan.actualMakespan().orElse(null));
        view.put("makespan_error", plan.makespanError().orElse(null));
        Map<String, Object> worst = null;
        if (plan.worstNode().isPresent()) {
            worst = node(plan, plan.worstNode().getAsInt());
        }
        view.put("worst_node", worst);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int n = 0; n < plan.parallelism(); n++) {
            nodes.add(node(plan, n));
        }
        view.put("nodes", nodes);
        return view;
    }

    private static Map<String, Object> node(PlanRecord plan, int n) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("node_number", n);
        node.put("predicted_ms", plan.predicted().get(n));
        node.put("actual_ms", plan.actual().get(n));
        return node;
    }

    /** Older clients' timings by path, in milliseconds: known files only. */
    private Reply testFiles(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        JsonNode paths = call.jsonBody(PLAN_BODY_LIMIT).get("paths");
        if (paths == null || !paths.isArray()) {
            throw new BadRequest("paths must be an array of file paths");
        }
        if (paths.size() > PlanRequest.MAX_TESTS) {
            throw new BadRequest("paths holds " + paths.size() + " paths; at most " + PlanRequest.MAX_TESTS);
        }
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (!paths.get(i).isString()) {
                throw new BadRequest("paths[" + i + "] must be a string");
            }
            asked.add(paths.get(i).stringValue());
        }
        return Reply.ok(plans.knownTimings(suite, asked, clock.instant()));
    }
}
