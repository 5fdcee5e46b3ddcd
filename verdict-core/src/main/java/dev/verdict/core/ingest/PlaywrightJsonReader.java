package dev.verdict.core.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the report Playwright's {@code json} reporter writes (format {@code playwright-json}), one
 * top-level (file) suite at a time from the stream.
 *
 * <p>Every attempt is an execution: a test retried after a failure arrives as a failed execution
 * and a passed one, which the flaky rule catches. Mapping: the project name (when the config names
 * one) and the describe titles joined by a space → scope, the spec's {@code title} → name, its
 * {@code file} → file_name and {@code file:line:column} → location; {@code passed} → passed,
 * {@code failed}, {@code timedOut} and {@code interrupted} → failed, {@code skipped} → skipped;
 * the error's first line → failure_reason and its stack → failure_expanded, without colour codes;
 * {@code duration} (milliseconds) → seconds. Paths are as the report writes them: relative to the
 * config's test directory.
 */
public final class PlaywrightJsonReader {
    private PlaywrightJsonReader() {}

    public static void read(InputStream json, UploadBuilder upload) {
        JsonReports.forEach(json, "Playwright JSON report", "suites", suite -> suite(suite, List.of(), upload));
    }

    /** A suite: the top level is a file, whose title is not part of the scope; nested ones describe blocks. */
    private static void suite(JsonNode suite, List<String> describes, UploadBuilder upload) {
        for (JsonNode spec : suite.path("specs")) {
            spec(spec, describes, upload);
        }
        for (JsonNode nested : suite.path("suites")) {
            List<String> inner = new ArrayList<>(describes);
            String title = JsonReports.text(nested.get("title"));
            if (title != null && !title.isBlank()) {
                inner.add(title);
            }
            suite(nested, inner, upload);
        }
    }

    private static void spec(JsonNode spec, List<String> describes, UploadBuilder upload) {
        String file = JsonReports.text(spec.get("file"));
        JsonNode line = spec.get("line");
        JsonNode column = spec.get("column");
        String location = file == null || line == null || !line.isNumber()
                ? file
                : file + ":" + line.asLong() + (column != null && column.isNumber() ? ":" + column.asLong() : "");
        for (JsonNode test : spec.path("tests")) {
            List<String> scope = new ArrayList<>();
            String project = JsonReports.text(test.get("projectName"));
            if (project != null && !project.isBlank()) {
                scope.add(project);
            }
            scope.addAll(describes);
            for (JsonNode attempt : test.path("results")) {
                Result result = result(JsonReports.text(attempt.get("status")));
                JsonNode error = attempt.get("error");
                String message = error == null ? null : JsonReports.clean(JsonReports.text(error.get("message")));
                String stack = error == null ? null : JsonReports.clean(JsonReports.text(error.get("stack")));
                String details = stack != null ? stack : message;
                List<String> lines =
                        details == null ? List.of() : details.lines().toList();
                JsonNode duration = attempt.get("duration");
                upload.result(new TestResult(
                        String.join(" ", scope),
                        JsonReports.text(spec.get("title")),
                        location,
                        file,
                        result,
                        JsonReports.firstLine(message),
                        result == Result.FAILED && !lines.isEmpty() ? JunitReader.failureExpanded(lines) : null,
                        JsonReports.seconds(duration),
                        null,
                        Map.of()));
            }
        }
    }

    private static Result result(String status) {
        if (status == null) {
            return Result.UNKNOWN;
        }
        return switch (status) {
            case "passed" -> Result.PASSED;
            case "failed", "timedOut", "interrupted" -> Result.FAILED;
            case "skipped" -> Result.SKIPPED;
            default -> Result.UNKNOWN;
        };
    }
}
