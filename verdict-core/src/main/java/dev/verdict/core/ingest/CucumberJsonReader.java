package dev.verdict.core.ingest;

import dev.verdict.core.BadRequest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads Cucumber's JSON report (format {@code cucumber-json}): an array of features, each
 * scenario one execution. Mapping: the feature's {@code name} → scope, the scenario's
 * {@code name} → name, the feature's {@code uri} → file_name and with the scenario's {@code line}
 * the location; failed if any step failed, skipped if no step failed and not every step passed
 * (skipped, pending, undefined), passed otherwise; the steps' durations (nanoseconds) add up to
 * the duration; the first failing step's {@code error_message} → failure_reason (first line) and
 * failure_expanded. Backgrounds are steps of the scenarios they precede, as Cucumber reports them.
 */
public final class CucumberJsonReader {
    private static final double NANOS = 1e9;
    private static final String REPORT = "Cucumber JSON report";

    private CucumberJsonReader() {}

    public static void read(InputStream json, UploadBuilder upload) {
        int[] features = {0};
        JsonReports.forEachTopLevel(json, REPORT, feature -> feature(feature, "feature " + features[0]++, upload));
    }

    private static void feature(JsonNode feature, String where, UploadBuilder upload) {
        String scope = JsonReports.text(feature.get("name"));
        String uri = JsonReports.text(feature.get("uri"));
        List<JsonNode> elements = JsonReports.objects(feature, "elements", REPORT, where);
        for (int e = 0; e < elements.size(); e++) {
            JsonNode element = elements.get(e);
            String at = where + ", element " + e;
            if ("background".equals(JsonReports.text(element.get("type")))) {
                continue;
            }
            List<JsonNode> steps = new ArrayList<>();
            for (String hook : new String[] {"before", "steps", "after"}) {
                steps.addAll(JsonReports.objects(element, hook, REPORT, at));
            }
            boolean failed = false;
            boolean allPassed = true;
            String error = null;
            double nanos = 0;
            boolean timed = false;
            for (JsonNode step : steps) {
                JsonNode result = step.path("result");
                if (!result.isObject() && !result.isMissingNode()) {
                    throw new BadRequest(
                            "data is not a valid " + REPORT + ": " + at + ": a step's result must be" + " an object");
                }
                JsonReports.number(result, "duration", REPORT, at);
                String status = String.valueOf(JsonReports.text(result.get("status")));
                if (status.equals("failed")) {
                    failed = true;
                    if (error == null) {
                        error = JsonReports.clean(JsonReports.text(result.get("error_message")));
                    }
                }
                allPassed &= status.equals("passed");
                if (result.path("duration").isNumber()) {
                    nanos += result.path("duration").asDouble();
                    timed = true;
                }
            }
            JsonNode line = element.get("line");
            List<String> lines = error == null ? List.of() : error.lines().toList();
            upload.result(new TestResult(
                    scope == null ? "" : scope,
                    JsonReports.text(element.get("name")),
                    uri == null || line == null || !line.isNumber() ? uri : uri + ":" + line.asLong(),
                    uri,
                    failed ? Result.FAILED : allPassed ? Result.PASSED : Result.SKIPPED,
                    JsonReports.firstLine(error),
                    lines.isEmpty() ? null : JunitReader.failureExpanded(lines),
                    timed ? nanos / NANOS : null,
                    null,
                    Map.of()));
        }
    }
}
