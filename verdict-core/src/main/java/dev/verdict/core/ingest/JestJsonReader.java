package dev.verdict.core.ingest;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
    private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;]*[A-Za-z]");

    private JestJsonReader() {}

    public static void read(InputStream json, UploadBuilder upload) {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("data is not a Jest JSON report: it is not a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("testResults") && value == JsonToken.START_ARRAY) {
                    found = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        file(JsonUploadReader.ONE_VALUE.readValue(parser), upload);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new BadRequest("data is not a Jest JSON report: it has no testResults array");
            }
        } catch (JacksonException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequest("data is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static void file(JsonNode file, UploadBuilder upload) {
        String path = text(file.get("name"));
        JsonNode assertions = file.get("assertionResults");
        if (assertions == null || !assertions.isArray()) {
            return;
        }
        for (JsonNode a : assertions) {
            List<String> titles = new ArrayList<>();
            JsonNode ancestors = a.get("ancestorTitles");
            if (ancestors != null && ancestors.isArray()) {
                ancestors
                        .valueStream()
                        .map(JestJsonReader::text)
                        .filter(t -> t != null)
                        .forEach(titles::add);
            }
            JsonNode line = a.path("location").path("line");
            List<String> messages = new ArrayList<>();
            JsonNode failures = a.get("failureMessages");
            if (failures != null && failures.isArray()) {
                failures.valueStream()
                        .map(JestJsonReader::text)
                        .filter(m -> m != null && !m.isBlank())
                        .map(m -> ANSI.matcher(m).replaceAll(""))
                        .forEach(messages::add);
            }
            Result result = result(text(a.get("status")));
            List<String> lines = messages.stream().flatMap(String::lines).toList();
            JsonNode duration = a.get("duration");
            upload.result(new TestResult(
                    String.join(" ", titles),
                    text(a.get("title")),
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
                    duration != null && duration.isNumber() && duration.asDouble() >= 0
                            ? duration.asDouble() / 1000
                            : null,
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

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
