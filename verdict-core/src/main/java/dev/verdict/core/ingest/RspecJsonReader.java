package dev.verdict.core.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the report RSpec's {@code --format json} writes (format {@code rspec-json}), one example at
 * a time. Mapping: {@code full_description} without the example's own {@code description} →
 * scope, {@code description} → name, {@code file_path} → file_name and with {@code line_number}
 * the location, {@code run_time} → duration (seconds); {@code passed} → passed, {@code failed} →
 * failed, {@code pending} → skipped; the exception's message → failure_reason (first line) and its
 * message and backtrace → failure_expanded.
 */
public final class RspecJsonReader {
    private RspecJsonReader() {}

    public static void read(InputStream json, UploadBuilder upload) {
        JsonReports.forEach(json, "RSpec JSON report", "examples", example -> example(example, upload));
    }

    private static void example(JsonNode example, UploadBuilder upload) {
        String name = JsonReports.text(example.get("description"));
        String full = JsonReports.text(example.get("full_description"));
        String scope = full != null && name != null && full.endsWith(name)
                ? full.substring(0, full.length() - name.length()).strip()
                : "";
        String file = JsonReports.text(example.get("file_path"));
        JsonNode line = example.get("line_number");
        Result result = switch (String.valueOf(JsonReports.text(example.get("status")))) {
            case "passed" -> Result.PASSED;
            case "failed" -> Result.FAILED;
            case "pending" -> Result.SKIPPED;
            default -> Result.UNKNOWN;
        };
        JsonNode exception = example.get("exception");
        String message = exception == null ? null : JsonReports.clean(JsonReports.text(exception.get("message")));
        List<String> backtrace = new ArrayList<>();
        if (exception != null) {
            exception
                    .path("backtrace")
                    .valueStream()
                    .map(JsonReports::text)
                    .filter(l -> l != null)
                    .forEach(backtrace::add);
        }
        List<String> expanded = message == null ? List.of() : message.lines().toList();
        JsonNode runTime = example.get("run_time");
        upload.result(new TestResult(
                scope,
                name,
                file == null || line == null || !line.isNumber() ? file : file + ":" + line.asLong(),
                file,
                result,
                JsonReports.firstLine(message),
                expanded.isEmpty() && backtrace.isEmpty() ? null : JunitReader.failureExpanded(expanded, backtrace),
                runTime != null && runTime.isNumber() && runTime.asDouble() >= 0 ? runTime.asDouble() : null,
                null,
                Map.of()));
    }
}
