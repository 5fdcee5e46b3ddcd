package dev.verdict.core.ingest;

import dev.verdict.core.Json;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

/**
 * Writes results as the JSON body the language collectors send, {@code {"format": "json", "run_env",
 * "tags", "data"}}: how {@code verdict upload} sends a file too big for one upload, in several. What
 * {@link JsonUploadReader} reads back from it is the results written.
 */
public final class JsonUploadWriter {
    private JsonUploadWriter() {}

    public static void write(
            OutputStream out, Map<String, String> runEnv, Map<String, String> tags, List<TestResult> results) {
        try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("format", "json");
            strings(json, "run_env", runEnv);
            strings(json, "tags", tags);
            json.writeArrayPropertyStart("data");
            for (TestResult result : results) {
                result(json, result);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static void result(JsonGenerator json, TestResult r) {
        json.writeStartObject();
        json.writeStringProperty("scope", r.scope());
        json.writeStringProperty("name", r.name());
        optional(json, "location", r.location());
        optional(json, "file_name", r.fileName());
        json.writeStringProperty("result", r.result().wireName());
        optional(json, "failure_reason", r.failureReason());
        raw(json, "failure_expanded", r.failureExpanded());
        if (r.history() != null) {
            raw(json, "history", r.history());
        } else if (r.duration() != null) {
            // Formats without spans (JUnit) have only a duration; the history object is required.
            json.writeObjectPropertyStart("history");
            json.writeStringProperty("section", "top");
            json.writeNumberProperty("start_at", 0.0);
            json.writeNumberProperty("end_at", r.duration());
            json.writeNumberProperty("duration", r.duration());
            json.writeEndObject();
        }
        if (!r.tags().isEmpty()) {
            strings(json, "tags", r.tags());
        }
        raw(json, "output", r.output());
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, Map<String, String> values) {
        json.writeObjectPropertyStart(field);
        values.forEach(json::writeStringProperty);
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String field, String value) {
        if (value != null) {
            json.writeStringProperty(field, value);
        }
    }

    /** A field whose value is already JSON text, as {@link TestResult} keeps it. */
    private static void raw(JsonGenerator json, String field, String jsonText) {
        if (jsonText != null) {
            json.writeName(field);
            json.writeRawValue(jsonText);
        }
    }
}
