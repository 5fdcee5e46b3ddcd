package dev.verdict.core.ingest;

import dev.verdict.core.Json;
import dev.verdict.core.TestPaths;
import dev.verdict.core.Text;
import dev.verdict.core.Validation;
import dev.verdict.core.runs.RunEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collects an upload as its readers find the parts (JSON bodies and multipart forms can give them
 * in any order), validates each result on its own, and builds the upload to queue.
 *
 * <p>The rules, from Buildkite's upload API and what real collectors send: an invalid result is
 * skipped and counted, with a reason in {@code errors}, while the valid ones are queued; more than
 * {@value #MAX_RESULTS} results reject the whole upload; a missing {@code run_env[key]} or invalid
 * upload-level tags reject it too, since they concern every result.
 *
 * <p>Every text is bounded and cleaned of control characters ({@link Text}) here, whatever format
 * it came in: a result whose identity (scope, name) is too long to be one is skipped, free text
 * too long is cut with a marker, and a {@code run_env} value too long rejects the upload (422), as
 * it would otherwise be repeated in every runs list.
 */
public final class UploadBuilder {
    public static final int MAX_RESULTS = 5000;
    private static final int MAX_ERRORS = 50;
    /** History times above this are epoch milliseconds (Jest, Playwright), not seconds. */
    private static final double EPOCH_MILLIS_THRESHOLD = 1e11;

    /** The longest scope, and the longest name: past it, a result is skipped. */
    public static final int MAX_IDENTITY_CHARS = 4 << 10;

    public static final int MAX_LOCATION_CHARS = 1 << 10;
    public static final int MAX_FAILURE_REASON_CHARS = 16 << 10;
    /** All lines of {@code failure_expanded} together; past it the rest are left out, and a line says so. */
    public static final int MAX_FAILURE_EXPANDED_CHARS = 256 << 10;
    /** The JSON of a result's history (spans): past it only the timing is kept. */
    public static final int MAX_HISTORY_CHARS = 256 << 10;
    /** {@code run_env} values: the few that are free text may be longer than the names and ids. */
    private static final int MAX_RUN_ENV_CHARS = 1 << 10;

    private static final int MAX_RUN_ENV_TEXT_CHARS = 4 << 10;
    private static final java.util.Set<String> RUN_ENV_TEXT = java.util.Set.of("message", "url");
    private static final int MAX_RUN_ENV_FIELDS = 64;

    private String format = "json";
    private final Map<String, String> runEnv = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<TestResult> results = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int seen;
    private int skipped;
    private int maxOutputChars = Outputs.DEFAULT_MAX_CHARS;
    /** Null on the server, which refuses an upload past the limit; see {@link #inBatches}. */
    private final Consumer<List<TestResult>> batches;

    public UploadBuilder() {
        this(null);
    }

    private UploadBuilder(Consumer<List<TestResult>> batches) {
        this.batches = batches;
    }

    /**
     * For a client splitting a big file into uploads the server takes: instead of refusing a file
     * past {@value #MAX_RESULTS} results, each full batch is handed over when the next result
     * arrives, so {@link #results()} holds the last batch (the whole file, if it fits one upload).
     */
    public static UploadBuilder inBatches(Consumer<List<TestResult>> batches) {
        return new UploadBuilder(batches);
    }

    /** A result that breaks a rule: it is skipped, with this reason. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The most of each output stream a result keeps (see {@link Outputs}). */
    public UploadBuilder maxOutputChars(int chars) {
        this.maxOutputChars = chars;
        return this;
    }

    public int maxOutputChars() {
        return maxOutputChars;
    }

    public void format(String format) {
        this.format = format;
    }

    public String format() {
        return format;
    }

    /** A {@code run_env} value; nulls (Ruby sends them for unset CI variables) are left out. */
    public void runEnv(String key, String value) {
        if (value != null) {
            runEnv.put(Text.clean(key), Text.clean(value));
        }
    }

    public void tag(String key, String value) {
        tags.put(key, Text.clean(value));
    }

    /** A result in Buildkite's JSON shape, the {@code index}-th of the upload's data. */
    public void jsonResult(JsonNode node) {
        int index = count();
        try {
            add(fromJson(node, maxOutputChars));
        } catch (Invalid e) {
            skip("data[" + index + "]: " + e.getMessage());
        }
    }

    /** A result some reader already normalised (JUnit). */
    public void result(TestResult result) {
        count();
        try {
            if (result.name() == null || result.name().isBlank()) {
                throw new Invalid("name is required");
            }
            checkIdentity(result.scope(), result.name());
            checkDuration(result.duration());
        } catch (Invalid e) {
            // Said only for a result skipped: most are not, and this runs once per result.
            skip("result " + (seen - 1)
                    + (result.scope().isEmpty() ? "" : " in '" + Text.bounded(Text.clean(result.scope()), 200) + "'")
                    + ": " + e.getMessage());
            return;
        }
        add(result);
    }

    private static void checkIdentity(String scope, String name) throws Invalid {
        if (tooLong(scope)) {
            throw new Invalid("scope is longer than " + MAX_IDENTITY_CHARS + " characters");
        }
        if (tooLong(name)) {
            throw new Invalid("name is longer than " + MAX_IDENTITY_CHARS + " characters");
        }
    }

    /** Over the cap once cleaned; only a text already over it is cleaned to tell (the hot path). */
    private static boolean tooLong(String identity) {
        return identity.length() > MAX_IDENTITY_CHARS && Text.clean(identity).length() > MAX_IDENTITY_CHARS;
    }

    /** A duration a reader measured: seconds, neither negative nor beyond a double. */
    private static void checkDuration(Double seconds) throws Invalid {
        if (seconds != null && (seconds < 0 || seconds.isNaN() || seconds.isInfinite())) {
            throw new Invalid("duration " + seconds + " is not a number of seconds a test can take");
        }
    }

    /** The valid results read so far (in batches, those not handed over yet). */
    public List<TestResult> results() {
        return java.util.Collections.unmodifiableList(results);
    }

    /** How many results were invalid; {@link #build} reports why. */
    public int skipped() {
        return skipped;
    }

    private void add(TestResult result) {
        if (batches != null && results.size() == MAX_RESULTS) {
            batches.accept(List.copyOf(results));
            results.clear();
        }
        results.add(result);
    }

    public ParsedUpload build() {
        RunEnv env = new RunEnv(runEnv);
        Validation.Collector problems = new Validation.Collector();
        if (env.key().isEmpty()) {
            problems.add("run_env[key]", "missing_field", "is required: it names the run these results belong to");
        }
        if (runEnv.size() > MAX_RUN_ENV_FIELDS) {
            problems.add("run_env", "too_long", "has " + runEnv.size() + " fields; at most " + MAX_RUN_ENV_FIELDS);
        }
        runEnv.forEach((field, value) -> {
            int max = RUN_ENV_TEXT.contains(field) ? MAX_RUN_ENV_TEXT_CHARS : MAX_RUN_ENV_CHARS;
            if (field.length() > MAX_RUN_ENV_CHARS) {
                problems.add(
                        "run_env", "too_long", "has a field name longer than " + MAX_RUN_ENV_CHARS + " characters");
            } else if (value.length() > max) {
                problems.add(
                        "run_env[" + field + "]",
                        "too_long",
                        "is " + value.length() + " characters; at most " + max + " are kept");
            }
        });
        TagRules.problem(tags).ifPresent(problem -> problems.add("tags", "invalid", problem));
        problems.throwIfAny();
        String prefix = env.get("location_prefix").orElse(null);
        String cwd = env.get("cwd").orElse(null);
        List<String> absolute = new ArrayList<>();
        for (TestResult r : results) {
            absolute.add(TestPaths.relativeTo(cwd, r.fileName() != null ? r.fileName() : r.location()));
        }
        String root = TestPaths.checkoutRoot(absolute);
        List<TestResult> finished = new ArrayList<>(results.size());
        for (TestResult r : results) {
            Map<String, String> merged = new LinkedHashMap<>(tags);
            r.tags().forEach((key, value) -> merged.put(key, Text.clean(value)));
            finished.add(new TestResult(
                    Text.clean(r.scope()),
                    Text.clean(r.name()),
                    Text.bounded(Text.clean(TestPaths.inCheckout(cwd, prefix, root, r.location())), MAX_LOCATION_CHARS),
                    Text.bounded(Text.clean(TestPaths.inCheckout(cwd, prefix, root, r.fileName())), MAX_LOCATION_CHARS),
                    r.result(),
                    Text.bounded(Text.clean(r.failureReason()), MAX_FAILURE_REASON_CHARS),
                    boundedExpanded(r.failureExpanded()),
                    r.duration(),
                    boundedHistory(r.history()),
                    merged,
                    r.output()));
        }
        List<String> reported = new ArrayList<>(errors);
        if (skipped > errors.size()) {
            reported.add("... and " + (skipped - errors.size()) + " more results skipped");
        }
        return new ParsedUpload(format, env, finished, skipped, reported);
    }

    /**
     * A {@code failure_expanded} past {@value #MAX_FAILURE_EXPANDED_CHARS} characters keeps its
     * lines in order up to the limit, then one line saying how many were left out: still the same
     * JSON shape, which a plain cut of the text would break.
     */
    static String boundedExpanded(String json) {
        if (json == null || json.length() <= MAX_FAILURE_EXPANDED_CHARS) {
            return json;
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        int budget = MAX_FAILURE_EXPANDED_CHARS;
        int cut = 0;
        for (JsonNode item : Json.MAPPER.readTree(json)) {
            ObjectNode copy = kept.addObject();
            for (String key : new String[] {"expanded", "backtrace"}) {
                JsonNode lines = item.get(key);
                if (lines == null || !lines.isArray()) {
                    continue;
                }
                ArrayNode copied = copy.putArray(key);
                for (JsonNode line : lines) {
                    String text = line.asString();
                    if (cut == 0 && text.length() <= budget) {
                        copied.add(text);
                        budget -= text.length();
                    } else {
                        // Once a line does not fit, none after it is kept: no gaps in what is shown.
                        cut++;
                    }
                }
            }
        }
        ((ObjectNode) kept.get(kept.size() - 1))
                .withArray("expanded")
                .add("[... " + cut + " lines cut: failure_expanded keeps " + MAX_FAILURE_EXPANDED_CHARS
                        + " characters]");
        return Json.MAPPER.writeValueAsString(kept);
    }

    /** A history past {@value #MAX_HISTORY_CHARS} characters keeps only its timing, without spans. */
    static String boundedHistory(String json) {
        if (json == null || json.length() <= MAX_HISTORY_CHARS) {
            return json;
        }
        JsonNode history = Json.MAPPER.readTree(json);
        ObjectNode kept = Json.MAPPER.createObjectNode();
        for (String key : new String[] {"section", "start_at", "end_at", "duration"}) {
            JsonNode value = history.get(key);
            if (value != null && value.isValueNode()) {
                kept.set(key, value);
            }
        }
        return Json.MAPPER.writeValueAsString(kept);
    }

    private int count() {
        if (++seen > MAX_RESULTS && batches == null) {
            throw new TooManyResults(MAX_RESULTS);
        }
        return seen - 1;
    }

    private void skip(String reason) {
        skipped++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(reason);
        }
    }

    private static TestResult fromJson(JsonNode node, int maxOutputChars) throws Invalid {
        if (!node.isObject()) {
            throw new Invalid("a result must be a JSON object");
        }
        String name = text(node, "name");
        if (name == null || name.isBlank()) {
            throw new Invalid("name is required");
        }
        String scope = text(node, "scope");
        checkIdentity(scope == null ? "" : scope, name);
        String resultText = text(node, "result");
        Result result = resultText == null
                ? Result.UNKNOWN
                : Result.fromWireName(resultText)
                        .orElseThrow(() ->
                                new Invalid("result '" + resultText + "' is not one of " + Result.allWireNames()));
        JsonNode history = node.get("history");
        if (history != null && !history.isNull() && !history.isObject()) {
            throw new Invalid("history must be an object");
        }
        boolean hasHistory = history != null && history.isObject();
        Map<String, String> tags = tags(node.get("tags"));
        var tagProblem = TagRules.problem(tags);
        if (tagProblem.isPresent()) {
            throw new Invalid(tagProblem.get());
        }
        return new TestResult(
                scope == null ? "" : scope,
                name,
                text(node, "location"),
                text(node, "file_name"),
                result,
                text(node, "failure_reason"),
                failureExpanded(node.get("failure_expanded")),
                hasHistory ? duration(history) : null,
                hasHistory ? Json.MAPPER.writeValueAsString(history) : null,
                tags,
                output(node.get("output"), maxOutputChars));
    }

    /**
     * Verdict's own field, {@code {"stdout", "stderr"}}: what a JUnit testcase printed, kept when
     * {@code verdict upload} splits a big JUnit file into JSON uploads.
     */
    private static String output(JsonNode node, int maxOutputChars) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Invalid("output must be an object of stdout and stderr");
        }
        return Outputs.of(text(node, "stdout"), text(node, "stderr"), maxOutputChars);
    }

    private static String text(JsonNode node, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Invalid(field + " must be a string");
        }
        return value.stringValue();
    }

    private static Map<String, String> tags(JsonNode node) throws Invalid {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            throw new Invalid("tags must be an object of strings");
        }
        for (var field : node.properties()) {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new Invalid("tag '" + field.getKey() + "' must have a string value");
            }
            tags.put(field.getKey(), value.asString());
        }
        return tags;
    }

    /**
     * Seconds: {@code history.duration}, else end minus start (in the unit the collector used). A
     * time no test can take (negative, an end before its start, beyond a double) skips the result:
     * it would poison every average it joined.
     */
    private static Double duration(JsonNode history) throws Invalid {
        Double start = number(history, "start_at");
        Double end = number(history, "end_at");
        if (start != null && end != null && end < start) {
            throw new Invalid("history.end_at " + end + " is before history.start_at " + start);
        }
        Double duration = number(history, "duration");
        if (duration == null && start != null && end != null) {
            duration = start > EPOCH_MILLIS_THRESHOLD ? (end - start) / 1000 : end - start;
        }
        if (duration != null && duration < 0) {
            throw new Invalid("history.duration " + duration + " is negative");
        }
        return duration;
    }

    private static Double number(JsonNode node, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        Double number = null;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isString()) {
            try {
                number = Double.valueOf(value.stringValue().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (number == null) {
            throw new Invalid("history." + field + " must be a number of seconds");
        }
        if (number.isNaN() || number.isInfinite()) {
            throw new Invalid("history." + field + " does not fit a number");
        }
        return number;
    }

    /**
     * Keeps {@code expanded} and {@code backtrace} (either may be missing); an array with no lines at
     * all (the JS collector sends {@code [{"expanded": []}]} for every pass) is stored as nothing.
     */
    private static String failureExpanded(JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new Invalid("failure_expanded must be an array of {expanded, backtrace} objects");
        }
        ArrayNode kept = Json.MAPPER.createArrayNode();
        boolean anyLine = false;
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw new Invalid("failure_expanded must be an array of {expanded, backtrace} objects");
            }
            ObjectNode copy = kept.addObject();
            for (String key : new String[] {"expanded", "backtrace"}) {
                JsonNode lines = item.get(key);
                if (lines == null || lines.isNull()) {
                    continue;
                }
                if (!lines.isArray()) {
                    throw new Invalid("failure_expanded[]." + key + " must be an array of strings");
                }
                ArrayNode copied = copy.putArray(key);
                for (JsonNode line : lines) {
                    copied.add(line.isString() ? line.stringValue() : line.toString());
                    anyLine = true;
                }
            }
        }
        return anyLine ? Json.MAPPER.writeValueAsString(kept) : null;
    }
}
