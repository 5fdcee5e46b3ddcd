package dev.verdict.core.ingest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the report {@code jest --json} writes (format {@code jest-json}; Vitest's {@code json}
 * reporter writes the same shape), one test file at a time from the stream.
 *
 * <p>Mapping, per assertion result: {@code ancestorTitles} joined by a space → scope,
 * {@code title} → name, the file's {@code name} → file_name (with {@code location.line}, when
 * {@code --testLocationInResults} put it there, the location), {@code duration} (milliseconds) →
 * seconds; {@code passed} → passed, {@code failed} → failed, {@code pending}, {@code skipped},
 * {@code todo} and {@code disabled} → skipped; the first line of the first failure message →
 * failure_reason and every message's lines → failure_expanded, without terminal colour codes.
 * Paths are kept as the tool wrote them (Jest writes absolute ones).
 */
public final class JestJsonReader {
    private JestJsonReader() {}

    public static void read(InputStream json, UploadBuilder upload) {
        int[] files = {0};
        JsonReports.forEach(json, REPORT, "testResults", file -> file(file, "testResults[" + files[0]++ + "]", upload));
    }

    private static final String REPORT = "Jest JSON report";

    private static void file(JsonNode file, String where, UploadBuilder upload) {
        String path = JsonReports.text(file.get("name"));
        for (JsonNode a : JsonReports.objects(file, "assertionResults", REPORT, where)) {
            List<String> titles = new ArrayList<>();
            JsonNode ancestors = a.get("ancestorTitles");
            if (ancestors != null && ancestors.isArray()) {
                ancestors
                        .valueStream()
                        .map(JsonReports::text)
                        .filter(t -> t != null)
                        .forEach(titles::add);
            }
            JsonNode line = a.path("location").path("line");
            List<String> messages = new ArrayList<>();
            JsonNode failures = a.get("failureMessages");
            if (failures != null && failures.isArray()) {
                failures.valueStream()
                        .map(JsonReports::text)
                        .filter(m -> m != null && !m.isBlank())
                        .map(JsonReports::clean)
                        .forEach(messages::add);
            }
            Result result = result(JsonReports.text(a.get("status")));
            List<String> lines = messages.stream().flatMap(String::lines).toList();
            JsonNode duration = a.get("duration");
            upload.result(new TestResult(
                    String.join(" ", titles),
                    JsonReports.text(a.get("title")),
                    path == null ? null : line.isNumber() ? path + ":" + line.asLong() : path,
                    path,
                    result,
                    messages.isEmpty()
                            ? null
                            : messages.getFirst()
                                    .lines()
                                    .filter(l -> !l.isBlank())
                                    .findFirst()
                                    .map(String::strip)
                                    .orElse(null),
                    lines.isEmpty() ? null : JunitReader.failureExpanded(lines),
                    JsonReports.seconds(duration),
                    null,
                    Map.of()));
        }
    }

    private static Result result(String status) {
        if (status == null) {
            return Result.UNKNOWN;
        }
        return switch (status) {
            case "passed" -> Result.PASSED;
            case "failed" -> Result.FAILED;
            case "pending", "skipped", "todo", "disabled" -> Result.SKIPPED;
            default -> Result.UNKNOWN;
        };
    }
}
