package dev.verdict.server.api;

import dev.verdict.core.Ids;
import dev.verdict.core.Validation;
import dev.verdict.core.access.Scope;
import dev.verdict.core.ingest.TagRules;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The execution tags API: {@code PUT .../execution-tags} replaces the mutable ({@code mut.}) tags
 * of each listed execution, all or nothing. Every problem is a 422 naming the element; unknown
 * executions are named by id.
 */
public final class ExecutionTagsApi {
    public static final int MAX_EXECUTIONS = 100_000;
    /** 100,000 executions with a few tags each need more than the REST default of 1 MiB; the
     * body is read whole (as a tree), so the limit also bounds the memory one request takes. */
    private static final long BODY_LIMIT = 16L << 20;
    /** Problems listed in one answer; the rest are counted. */
    private static final int MAX_PROBLEMS = 20;

    private final Storage storage;

    public ExecutionTagsApi(Storage storage) {
        this.storage = storage;
    }

    public void routes(Router router) {
        router.add("PUT", SuitesApi.SUITE + "/execution-tags", Guard.scope(Scope.WRITE_SUITES), this::replace);
    }

    private Reply replace(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Map<UUID, Map<String, String>> tags = read(call.jsonBody(BODY_LIMIT));
        List<UUID> unknown = storage.tests().replaceMutableTags(suite.id(), tags);
        if (!unknown.isEmpty()) {
            Validation.Collector problems = new Validation.Collector();
            unknown.stream()
                    .limit(MAX_PROBLEMS)
                    .forEach(
                            id -> problems.add("executions", "not_found", "has no execution " + id + " in this suite"));
            problems.throwIfAny();
        }
        return Reply.ok(Map.of("updated", tags.size()));
    }

    private static Map<UUID, Map<String, String>> read(JsonNode body) {
        Validation.Collector problems = new Validation.Collector();
        JsonNode executions = body.get("executions");
        if (executions == null || !executions.isArray() || executions.isEmpty()) {
            problems.add("executions", "missing", "must be a non-empty array of {\"id\", \"tags\"}");
            problems.throwIfAny();
        }
        if (executions.size() > MAX_EXECUTIONS) {
            problems.add("executions", "too_long", "may hold at most " + MAX_EXECUTIONS + " executions");
            problems.throwIfAny();
        }
        Map<UUID, Map<String, String>> tags = new LinkedHashMap<>();
        int listed = 0;
        for (int i = 0; i < executions.size() && listed < MAX_PROBLEMS; i++) {
            String where = "executions[" + i + "]";
            JsonNode execution = executions.get(i);
            JsonNode id = execution.get("id");
            var parsed = id != null && id.isString() ? Ids.parse(id.stringValue()) : java.util.Optional.<UUID>empty();
            String problem = parsed.isEmpty() ? "id must be an execution's UUID" : tagsProblem(execution.get("tags"));
            if (problem == null && tags.containsKey(parsed.get())) {
                problem = "id " + parsed.get() + " is listed twice";
            }
            if (problem != null) {
                problems.add(where, "invalid", problem);
                listed++;
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            execution
                    .get("tags")
                    .properties()
                    .forEach(e -> values.put(e.getKey(), e.getValue().stringValue()));
            tags.put(parsed.get(), values);
        }
        problems.throwIfAny();
        return tags;
    }

    /** What is wrong with an element's tags, or null. */
    private static String tagsProblem(JsonNode tags) {
        if (tags == null || !tags.isObject() || tags.valueStream().anyMatch(v -> !v.isString())) {
            return "tags must be an object of strings ({} removes them all)";
        }
        Map<String, String> values = new LinkedHashMap<>();
        tags.properties().forEach(e -> values.put(e.getKey(), e.getValue().stringValue()));
        return TagRules.mutableProblem(values).map(p -> "tags " + p).orElse(null);
    }
}
