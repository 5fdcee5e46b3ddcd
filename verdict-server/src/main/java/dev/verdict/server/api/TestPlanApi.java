package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
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

    private static Reply plan(String json) {
        return Reply.ok(Json.MAPPER.readTree(json));
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
        plans.filesToSplit(suite, paths, targetSeconds, parallelism).forEach((path, reason) -> {
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

    /** bktec's report of a run (timeline, statistics): read, checked to be JSON, answered 200. */
    private Reply metadata(Call call) {
        SuitesApi.suite(storage, call);
        if (!call.jsonBody().isObject()) {
            throw new BadRequest("test plan metadata must be a JSON object");
        }
        return Reply.ok(Map.of());
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
        return Reply.ok(plans.knownTimings(suite, asked));
    }
}
