package dev.verdict.core.workflows;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.Text;
import dev.verdict.core.Validation;
import dev.verdict.core.tests.Labels;
import dev.verdict.core.tests.TestState;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a workflow is, as a client writes it: one monitor, up to four tag filters, and what to do
 * on an alarm and on a recovery. {@link #read} holds every rule a body must keep; the store keeps
 * the spec as {@link #json()} and reads it back through the same rules.
 */
public record WorkflowSpec(
        String name, Monitor monitor, List<Filter> filters, List<Action> alarmActions, List<Action> recoverActions) {

    public static final int MAX_FILTERS = 4;
    public static final int MAX_ACTIONS = 10;
    public static final int MAX_NAME = 255;
    private static final int MAX_TAG_TEXT = 128;
    private static final int MAX_URL = 2048;

    public WorkflowSpec {
        filters = List.copyOf(filters);
        alarmActions = List.copyOf(alarmActions);
        recoverActions = List.copyOf(recoverActions);
    }

    /** The workflow every new suite gets: the flaky label follows Verdict's flaky judgment. */
    public static WorkflowSpec defaultFlaky() {
        return new WorkflowSpec(
                "Flaky label",
                Monitor.of(MonitorType.FLAKY),
                List.of(),
                List.of(Action.addLabel("flaky")),
                List.of(Action.removeLabel("flaky")));
    }

    /** The actions of an alarm, or of a recovery. */
    public List<Action> actions(boolean alarm) {
        return alarm ? alarmActions : recoverActions;
    }

    /** Whether an execution with these tags is one the monitor weighs. */
    public boolean matches(java.util.function.Function<String, String> tags) {
        for (Filter f : filters) {
            if (!f.matches(tags)) {
                return false;
            }
        }
        return true;
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("monitor", monitor.view());
        view.put("filters", filters.stream().map(Filter::view).toList());
        view.put("alarm_actions", alarmActions.stream().map(Action::view).toList());
        view.put("recover_actions", recoverActions.stream().map(Action::view).toList());
        return view;
    }

    public String json() {
        return new String(Json.write(view()), StandardCharsets.UTF_8);
    }

    /** A spec the store kept: it passed {@link #read} when written. */
    public static WorkflowSpec fromJson(String json) {
        return read(Json.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))), null);
    }

    /**
     * Reads a create body ({@code base} null: monitor required) or an update body (fields absent
     * keep {@code base}'s; a monitor sent whole replaces it).
     *
     * @throws Validation naming every field that breaks a rule
     */
    public static WorkflowSpec read(JsonNode body, WorkflowSpec base) {
        if (body == null || !body.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        Validation.Collector problems = new Validation.Collector();
        String name = base == null ? null : base.name();
        JsonNode nameNode = body.get("name");
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isString() || nameNode.stringValue().isBlank()) {
                problems.add("name", "invalid", "must be a non-blank string");
            } else if (nameNode.stringValue().length() > MAX_NAME || Text.hasControl(nameNode.stringValue())) {
                problems.add(
                        "name",
                        "invalid",
                        "must be at most " + MAX_NAME + " characters, none of them control characters");
            } else {
                name = nameNode.stringValue().strip();
            }
        }
        Monitor monitor =
                body.has("monitor") ? monitor(body.get("monitor"), problems) : base == null ? null : base.monitor();
        if (monitor == null && !body.has("monitor")) {
            problems.add("monitor", "missing", "is required: {\"type\": one of " + MonitorType.allWireNames() + "}");
        }
        List<Filter> filters = body.has("filters")
                ? filters(body.get("filters"), problems)
                : base == null ? List.of() : base.filters();
        List<Action> alarm = body.has("alarm_actions")
                ? actions("alarm_actions", body.get("alarm_actions"), problems)
                : base == null ? List.of() : base.alarmActions();
        List<Action> recover = body.has("recover_actions")
                ? actions("recover_actions", body.get("recover_actions"), problems)
                : base == null ? List.of() : base.recoverActions();
        if (monitor != null && !monitor.type().recovers() && !recover.isEmpty()) {
            problems.add(
                    "recover_actions",
                    "invalid",
                    "must be empty: a " + monitor.type().wireName() + " monitor never recovers");
        }
        if (monitor != null
                && monitor.type() == MonitorType.TRANSITION_COUNT
                && filters.stream().noneMatch(f -> f.key().equals("scm.branch"))) {
            problems.add(
                    "filters", "missing", "must hold a scm.branch filter: transition count is weighed on a branch");
        }
        problems.throwIfAny();
        return new WorkflowSpec(
                name == null ? monitor.type().wireName().replace('_', ' ') : name, monitor, filters, alarm, recover);
    }

    private static Monitor monitor(JsonNode node, Validation.Collector problems) {
        if (node == null || !node.isObject()) {
            problems.add("monitor", "invalid", "must be an object with a type");
            return null;
        }
        JsonNode typeNode = node.get("type");
        MonitorType type = typeNode != null && typeNode.isString()
                ? MonitorType.fromWireName(typeNode.stringValue()).orElse(null)
                : null;
        if (type == null) {
            problems.add("monitor.type", "invalid", "must be one of " + MonitorType.allWireNames());
            return null;
        }
        return switch (type) {
            case TRANSITION_COUNT -> {
                Integer window = integer(node, "window_size", 10, 2, 1000, problems);
                Double alarm = number(node, "alarm_threshold", null, 0, 1, problems);
                Double recover = number(node, "recover_threshold", null, 0, 1, problems);
                yield thresholds(new Monitor(type, window, alarm, recover, null, null), problems);
            }
            case DURATION_THRESHOLD -> {
                Integer window = integer(node, "window_size", 5, 1, 100, problems);
                Double alarm = number(node, "alarm_threshold", null, 0, 86_400, problems);
                Double recover = number(node, "recover_threshold", null, 0, 86_400, problems);
                yield thresholds(new Monitor(type, window, alarm, recover, null, null), problems);
            }
            case PROBABILISTIC_FLAKINESS -> {
                Double alarm = number(node, "alarm_threshold", null, 0, 1, problems);
                Double recover = number(node, "recover_threshold", null, 0, 1, problems);
                yield thresholds(new Monitor(type, null, alarm, recover, null, null), problems);
            }
            case PASSED_ON_RETRY ->
                new Monitor(
                        type,
                        null,
                        null,
                        null,
                        integer(node, "window_days", Monitor.PASSED_ON_RETRY_DAYS, 1, 365, problems),
                        integer(node, "window_executions", Monitor.PASSED_ON_RETRY_EXECUTIONS, 1, 100_000, problems));
            case NEW_TEST, FLAKY, BROKEN -> Monitor.of(type);
        };
    }

    private static Monitor thresholds(Monitor m, Validation.Collector problems) {
        if (m.alarmThreshold() != null && m.recoverThreshold() != null && m.recoverThreshold() >= m.alarmThreshold()) {
            problems.add(
                    "monitor.recover_threshold",
                    "invalid",
                    "must be below monitor.alarm_threshold (" + m.alarmThreshold()
                            + "), so an alarmed test does not recover at once");
        }
        return m;
    }

    private static Integer integer(
            JsonNode node, String field, Integer absent, int min, int max, Validation.Collector problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (absent == null) {
                problems.add("monitor." + field, "missing", "is required");
            }
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            problems.add("monitor." + field, "invalid", "must be a whole number from " + min + " to " + max);
            return absent;
        }
        return value.intValue();
    }

    private static Double number(
            JsonNode node, String field, Double absent, double min, double max, Validation.Collector problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (absent == null) {
                problems.add("monitor." + field, "missing", "is required");
            }
            return absent;
        }
        if (!value.isNumber()
                || value.doubleValue() < min
                || value.doubleValue() > max
                || Double.isNaN(value.doubleValue())) {
            problems.add("monitor." + field, "invalid", "must be a number from " + (long) min + " to " + (long) max);
            return absent;
        }
        return value.doubleValue();
    }

    private static List<Filter> filters(JsonNode node, Validation.Collector problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("filters", "invalid", "must be an array of {key, operator, value}");
            return List.of();
        }
        if (node.size() > MAX_FILTERS) {
            problems.add("filters", "too_long", "may hold at most " + MAX_FILTERS + " filters");
            return List.of();
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode f = node.get(i);
            String where = "filters[" + i + "]";
            String key = text(f, "key", where, problems);
            String value = text(f, "value", where, problems);
            JsonNode op = f.get("operator");
            Filter.Operator operator = op != null && op.isString()
                    ? Filter.Operator.fromWireName(op.stringValue()).orElse(null)
                    : null;
            if (operator == null) {
                problems.add(where + ".operator", "invalid", "must be one of " + Filter.Operator.allWireNames());
            }
            if (key != null && key.startsWith("mut.")) {
                problems.add(
                        where + ".key", "invalid", "must not be a mut. tag: those change after an upload is judged");
            } else if (key != null && value != null && operator != null) {
                filters.add(new Filter(key, operator, value));
            }
        }
        return filters;
    }

    private static String text(JsonNode f, String field, String where, Validation.Collector problems) {
        JsonNode node = f == null || !f.isObject() ? null : f.get(field);
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            problems.add(where + "." + field, "invalid", "must be a non-blank string");
            return null;
        }
        String text = node.stringValue();
        if (text.length() > MAX_TAG_TEXT || Text.hasControl(text)) {
            problems.add(
                    where + "." + field,
                    "invalid",
                    "must be at most " + MAX_TAG_TEXT + " characters, none of them control characters");
            return null;
        }
        return text;
    }

    private static List<Action> actions(String field, JsonNode node, Validation.Collector problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(field, "invalid", "must be an array of {type, ...}");
            return List.of();
        }
        if (node.size() > MAX_ACTIONS) {
            problems.add(field, "too_long", "may hold at most " + MAX_ACTIONS + " actions");
            return List.of();
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode a = node.get(i);
            String where = field + "[" + i + "]";
            JsonNode typeNode = a == null || !a.isObject() ? null : a.get("type");
            Action.Type type = typeNode != null && typeNode.isString()
                    ? Action.Type.fromWireName(typeNode.stringValue()).orElse(null)
                    : null;
            if (type == null) {
                problems.add(where + ".type", "invalid", "must be one of " + Action.Type.allWireNames());
                continue;
            }
            Action action = switch (type) {
                case ADD_LABEL, REMOVE_LABEL -> {
                    String label = text(a, "label", where, problems);
                    if (label == null) {
                        yield null;
                    }
                    // What a label may be is Labels' rule, said in its words, under this field's name.
                    Validation.Collector labelProblems = new Validation.Collector();
                    Labels.check(where + ".label", List.of(label), labelProblems);
                    try {
                        labelProblems.throwIfAny();
                    } catch (Validation refused) {
                        refused.problems().forEach(p -> problems.add(where + ".label", p.code(), p.message()));
                        yield null;
                    }
                    yield new Action(type, label, null, null);
                }
                case CHANGE_STATE -> {
                    JsonNode s = a.get("state");
                    TestState state = s != null && s.isString()
                            ? TestState.fromWireName(s.stringValue()).orElse(null)
                            : null;
                    if (state == null) {
                        problems.add(where + ".state", "invalid", "must be one of enabled, muted, skipped");
                        yield null;
                    }
                    yield new Action(type, null, state, null);
                }
                case WEBHOOK ->
                    url(a, "url", where, problems)
                            .map(u -> new Action(type, null, null, u))
                            .orElse(null);
                case SLACK ->
                    url(a, "webhook_url", where, problems)
                            .map(u -> new Action(type, null, null, u))
                            .orElse(null);
            };
            if (action != null) {
                actions.add(action);
            }
        }
        return actions;
    }

    private static java.util.Optional<String> url(
            JsonNode a, String field, String where, Validation.Collector problems) {
        JsonNode node = a.get(field);
        String text = node != null && node.isString() ? node.stringValue().strip() : null;
        if (text != null && text.length() <= MAX_URL && !Text.hasControl(text)) {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return java.util.Optional.of(text);
                }
            } catch (java.net.URISyntaxException e) {
                // said below
            }
        }
        problems.add(
                where + "." + field, "invalid", "must be an http or https URL of at most " + MAX_URL + " characters");
        return java.util.Optional.empty();
    }
}
