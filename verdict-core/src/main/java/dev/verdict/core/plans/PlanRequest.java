package dev.verdict.core.plans;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Text;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A request for a test plan, as {@code bktec} sends it: v3 names its tests as {@code selectors}
 * ({@code [{value}]}) with a {@code location_prefix} beside them, v2 as {@code files} ({@code
 * [{path}]}); both send {@code examples} for the files split by example. Bounded: a plan names at
 * most {@link #MAX_TESTS} tests, each at most {@link #MAX_TEXT} characters.
 */
public record PlanRequest(
        String identifier,
        String runner,
        int parallelism,
        int maxParallelism,
        double targetTimeSeconds,
        String branch,
        String locationPrefix,
        List<Item> tests) {
    public static final int MAX_TESTS = 100_000;
    public static final int MAX_TEXT = 2_000;
    /** bktec refuses more nodes than this itself. */
    public static final int MAX_PARALLELISM = 1_000;

    /** What a plan's entries say they are: bktec reads {@code value} of a selector, {@code path} of the others. */
    public enum Format {
        SELECTOR,
        FILE,
        EXAMPLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One test to place: a selector or file by its text, an example with its identity as sent. */
    public record Item(Format format, String text, String identifier, String scope, String name) {}

    public static PlanRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequest("a test plan request must be a JSON object");
        }
        String identifier = text(body, "identifier", true);
        int parallelism = number(body, "parallelism", 0, MAX_PARALLELISM);
        int maxParallelism = number(body, "max_parallelism", 0, MAX_PARALLELISM);
        if (parallelism < 1 && maxParallelism < 1) {
            throw new BadRequest("parallelism must be between 1 and " + MAX_PARALLELISM);
        }
        JsonNode target = body.get("target_time");
        double targetTime = target == null || target.isNull() ? 0 : target.asDouble();
        if (!(targetTime >= 0) || Double.isInfinite(targetTime)) {
            throw new BadRequest("target_time must be a number of seconds, not negative");
        }
        List<Item> tests = new ArrayList<>();
        JsonNode given = body.get("tests");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new BadRequest("tests must be an object of selectors, files and examples");
            }
            items(given, "selectors", "value", Format.SELECTOR, tests);
            items(given, "files", "path", Format.FILE, tests);
            items(given, "examples", "path", Format.EXAMPLE, tests);
        }
        return new PlanRequest(
                identifier,
                text(body, "runner", false),
                parallelism,
                maxParallelism,
                targetTime,
                text(body, "branch", false),
                text(body, "location_prefix", false),
                List.copyOf(tests));
    }

    private static void items(JsonNode tests, String field, String key, Format format, List<Item> into) {
        JsonNode list = tests.get(field);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new BadRequest("tests." + field + " must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "tests." + field + "[" + i + "]";
            JsonNode entry = list.get(i);
            if (!entry.isObject()) {
                throw new BadRequest(where + " must be an object");
            }
            if (into.size() == MAX_TESTS) {
                throw new BadRequest("a test plan names at most " + MAX_TESTS + " tests");
            }
            into.add(new Item(
                    format,
                    text(entry, key, true, where),
                    text(entry, "identifier", false, where),
                    text(entry, "scope", false, where),
                    text(entry, "name", false, where)));
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        return text(node, field, required, null);
    }

    private static String text(JsonNode node, String field, boolean required, String where) {
        String name = where == null ? field : where + "." + field;
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(name + " is required");
            }
            return "";
        }
        if (!value.isString()) {
            throw new BadRequest(name + " must be a string");
        }
        String text = value.stringValue();
        if (required && text.isBlank()) {
            throw new BadRequest(name + " must not be blank");
        }
        if (text.length() > MAX_TEXT) {
            throw new BadRequest(name + " is " + text.length() + " characters; at most " + MAX_TEXT);
        }
        if (Text.hasControl(text)) {
            throw new BadRequest(name + " holds a control character");
        }
        return text;
    }

    private static int number(JsonNode node, String field, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new BadRequest(field + " must be a whole number between " + min + " and " + max);
        }
        return value.asInt();
    }
}
