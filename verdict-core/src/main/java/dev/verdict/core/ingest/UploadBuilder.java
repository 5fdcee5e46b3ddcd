package dev.verdict.core.ingest;

import dev.verdict.core.Json;
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
 */
public final class UploadBuilder {
    public static final int MAX_RESULTS = 5000;
    private static final int MAX_ERRORS = 50;
    /** History times above this are epoch milliseconds (Jest, Playwright), not seconds. */
    private static final double EPOCH_MILLIS_THRESHOLD = 1e11;

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
            runEnv.put(key, value);
        }
    }

    public void tag(String key, String value) {
        tags.put(key, value);
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
        if (result.name() == null || result.name().isBlank()) {
            skip("result " + (seen - 1) + (result.scope().isEmpty() ? "" : " in '" + result.scope() + "'")
                    + ": name is required");
            return;
        }
        add(result);
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
        TagRules.problem(tags).ifPresent(problem -> problems.add("tags", "invalid", problem));
        problems.throwIfAny();
        String prefix = env.get("location_prefix").orElse(null);
        List<TestResult> finished = new ArrayList<>(results.size());
        for (TestResult r : results) {
            Map<String, String> merged = new LinkedHashMap<>(tags);
            merged.putAll(r.tags());
            finished.add(new TestResult(
                    r.scope(),
                    r.name(),
                    prefixed(prefix, r.location()),
                    prefixed(prefix, r.fileName()),
                    r.result(),
                    r.failureReason(),
                    r.failureExpanded(),
                    r.duration(),
                    r.history(),
                    merged,
                    r.output()));
        }
        List<String> reported = new ArrayList<>(errors);
        if (skipped > errors.size()) {
            reported.add("... and " + (skipped - errors.size()) + " more results skipped");
        }
        return new ParsedUpload(format, env, finished, skipped, reported);
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

    /** {@code location_prefix} puts a monorepo package's path in front of its file names. */
    private static String prefixed(String prefix, String path) {
        if (prefix == null || path == null) {
            return path;
        }
        String rest = path.startsWith("./") ? path.substring(2) : path;
        return prefix.endsWith("/") ? prefix + rest : prefix + "/" + rest;
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

    /** Seconds: {@code history.duration}, else end minus start (in the unit the collector used). */
    private static Double duration(JsonNode history) throws Invalid {
        Double duration = number(history, "duration");
        if (duration == null) {
            Double start = number(history, "start_at");
            Double end = number(history, "end_at");
            if (start != null && end != null && end >= start) {
                duration = start > EPOCH_MILLIS_THRESHOLD ? (end - start) / 1000 : end - start;
            }
        }
        return duration == null || duration < 0 || duration.isNaN() || duration.isInfinite() ? null : duration;
    }

    private static Double number(JsonNode node, String field) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isString()) {
            try {
                return Double.valueOf(value.stringValue().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Invalid("history." + field + " must be a number of seconds");
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
