package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Ids;
import dev.verdict.core.Json;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.Validation;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.Labels;
import dev.verdict.core.tests.StateChange;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.core.tests.TestState;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The Tests API: the list (legacy, or with metrics under {@code Buildkite-Version}), a test, find
 * by identity, labels, and the quarantine states with their lists.
 */
public final class TestsApi {
    static final String TESTS = SuitesApi.SUITE + "/tests";
    private static final String TEST = TESTS + "/{test}";

    /** The first {@code Buildkite-Version} with the metrics shape. */
    private static final LocalDate METRICS_VERSION = LocalDate.of(2026, 8, 1);

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Storage storage;
    private final Clock clock;
    private final Urls urls;

    public TestsApi(Storage storage, Clock clock, Urls urls) {
        this.storage = storage;
        this.clock = clock;
        this.urls = urls;
    }

    public void routes(Router router) {
        Guard read = Guard.scope(Scope.READ_SUITES);
        Guard write = Guard.scope(Scope.WRITE_SUITES);
        // Literal paths before {test}: the first matching route wins.
        router.add("GET", TESTS, read, this::list)
                .add("POST", TESTS + "/find", read, this::find)
                .add("GET", TESTS + "/muted", read, call -> withState(call, TestState.MUTED))
                .add("GET", TESTS + "/skipped", read, call -> withState(call, TestState.SKIPPED))
                // Buildkite's documentation shows PUT for this list; clients that copied it still work.
                .add("PUT", TESTS + "/skipped", read, call -> withState(call, TestState.SKIPPED))
                .add("GET", TEST, read, this::get)
                .add("GET", TEST + "/health", read, this::health)
                .add("GET", TEST + "/state-changes", read, this::stateChanges)
                .add("PATCH", TEST + "/labels", write, this::labels)
                .add("PUT", TEST + "/skip", write, call -> setState(call, TestState.SKIPPED))
                .add("PUT", TEST + "/mute", write, call -> setState(call, TestState.MUTED))
                .add("PUT", TEST + "/enable", write, call -> setState(call, TestState.ENABLED));
    }

    /**
     * Whether the caller asked for the metrics shape: {@code Buildkite-Version} 2026-08-01 or
     * later. Blank is absent; anything but a date is a 400 with Buildkite's message.
     */
    static boolean wantsMetrics(Call call) {
        Optional<String> header =
                call.header("Buildkite-Version").map(String::strip).filter(v -> !v.isEmpty());
        if (header.isEmpty()) {
            return false;
        }
        try {
            if (!VERSION.matcher(header.get()).matches()) {
                throw new DateTimeParseException("not YYYY-MM-DD", header.get(), 0);
            }
            return !LocalDate.parse(header.get()).isBefore(METRICS_VERSION);
        } catch (DateTimeParseException e) {
            throw new BadRequest("Buildkite-Version must be in format YYYY-MM-DD");
        }
    }

    private Reply list(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        String org = call.organization().slug();
        if (!wantsMetrics(call)) {
            return call.page(storage.tests()
                    .list(suite.id(), call.query("label").map(String::strip), call.pageRequest())
                    .map(t -> TestView.legacy(t, org, urls)));
        }
        var query = TestQueries.parse(call::query, Timestamps.now(clock));
        return call.page(storage.tests()
                .measure(suite.id(), query, call.pageRequest())
                .map(t -> TestView.measured(t, org, urls, query.window().to())));
    }

    private Reply get(Call call) {
        Test test = test(call);
        String org = call.organization().slug();
        if (!wantsMetrics(call)) {
            return Reply.ok(TestView.legacy(test, org, urls));
        }
        var window = TestQueries.window(call::query, Timestamps.now(clock));
        return Reply.ok(TestView.measured(test, storage.tests().metrics(test.id(), window), org, urls, window.to()));
    }

    private Reply health(Call call) {
        Test test = test(call);
        var evidence = storage.tests().evidence(test.id(), call.pageRequest());
        return call.page(
                evidence,
                HealthView.of(test, evidence.items(), call.organization().slug(), urls, Timestamps.now(clock)));
    }

    private Reply find(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        JsonNode body = call.jsonBody();
        Validation.Collector problems = new Validation.Collector();
        String name = text(body, "name", true, problems);
        String scope = text(body, "scope", false, problems);
        problems.throwIfAny();
        Test test = storage.tests()
                .find(suite.id(), scope == null ? "" : scope, name)
                .orElseThrow(() -> new NotFound("No test found"));
        return Reply.ok(TestView.legacy(test, call.organization().slug(), urls));
    }

    private Reply labels(Call call) {
        Test test = test(call);
        JsonNode body = call.jsonBody();
        Validation.Collector problems = new Validation.Collector();
        String operator = text(body, "operator", true, problems);
        if (operator != null && !operator.equals("add") && !operator.equals("remove")) {
            problems.add("operator", "invalid", "must be add or remove, not '" + operator + "'");
        }
        List<String> labels = new ArrayList<>();
        JsonNode given = body.get("labels");
        if (given == null || given.isNull()) {
            problems.add("labels", "missing", "is required");
        } else if (!given.isArray() || given.valueStream().anyMatch(l -> !l.isString())) {
            problems.add("labels", "invalid", "must be an array of strings");
        } else {
            given.valueStream().map(JsonNode::stringValue).forEach(labels::add);
            Labels.check("labels", labels, problems);
        }
        problems.throwIfAny();
        List<String> none = List.of();
        boolean add = operator.equals("add");
        storage.tests().changeLabels(test.id(), add ? labels : none, add ? none : labels, Timestamps.now(clock));
        return Reply.ok(TestView.legacy(test(call), call.organization().slug(), urls));
    }

    /** Buildkite's clients send no body; Verdict also reads {@code {"reason": "..."}}, kept with the change. */
    private Reply setState(Call call, TestState state) {
        Test test = test(call);
        Optional<String> reason = Optional.empty();
        byte[] body = call.bodyBytes(Call.REST_BODY_LIMIT);
        if (!new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            JsonNode json = Json.read(new java.io.ByteArrayInputStream(body));
            JsonNode value = json.path("reason");
            if (!json.isObject() || !(value.isMissingNode() || value.isNull() || value.isString())) {
                throw new BadRequest("the body must be {\"reason\": \"...\"}, with reason a string");
            }
            reason = StateChange.reason("reason", value.isString() ? value.stringValue() : null);
        }
        storage.tests()
                .setState(
                        test.id(), new StateChange(state, reason, StateChange.by(call.token()), Timestamps.now(clock)));
        return Reply.ok(TestView.legacy(test, call.organization().slug(), urls));
    }

    /** The newest state changes, newest first: a test changes state by hand or by a workflow, rarely. */
    static final int STATE_CHANGES = 100;

    private Reply stateChanges(Call call) {
        Test test = test(call);
        List<java.util.Map<String, Object>> changes = new ArrayList<>();
        for (StateChange c : storage.tests().stateChanges(test.id(), STATE_CHANGES)) {
            java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("state", c.state().wireName());
            view.put("reason", c.reason().orElse(null));
            view.put("changed_by", c.by());
            view.put("changed_at", Timestamps.format(c.at()));
            changes.add(view);
        }
        return Reply.ok(changes);
    }

    private Reply withState(Call call, TestState state) {
        Suite suite = SuitesApi.suite(storage, call);
        String org = call.organization().slug();
        return call.page(storage.tests()
                .withState(suite.id(), state, call.pageRequest())
                .map(t -> TestView.legacy(t, org, urls)));
    }

    /** The test named in the path, within the suite; 404 otherwise. */
    private Test test(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        return Ids.parse(call.path("test"))
                .flatMap(id -> storage.tests().find(suite.id(), id))
                .orElseThrow(() -> new NotFound("No test found"));
    }

    private static String text(JsonNode body, String field, boolean required, Validation.Collector problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(field, "missing", "is required");
            }
            return null;
        }
        if (!value.isString() || (required && value.stringValue().isBlank())) {
            problems.add(field, "invalid", required ? "must be a non-blank string" : "must be a string");
            return null;
        }
        return value.stringValue();
    }
}
