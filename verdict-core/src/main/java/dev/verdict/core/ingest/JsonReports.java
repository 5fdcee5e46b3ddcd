package dev.verdict.core.ingest;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/** What the readers of test runners' own JSON reports share: streaming, errors, text clean-up. */
final class JsonReports {
    private static final Pattern ANSI = Pattern.compile("\\u001B\\[[0-9;]*[A-Za-z]");

    private JsonReports() {}

    /**
     * Hands each object of the report's top-level array {@code field} to {@code each}, one at a
     * time, as the stream is read. A report that is not an object, lacks the array or is not JSON
     * is a 400 naming the report and where it went wrong.
     */
    static void forEach(InputStream json, String report, String field, Consumer<JsonNode> each) {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest("data is not a " + report + ": it is not a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.START_ARRAY) {
                    found = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        each.accept(JsonUploadReader.ONE_VALUE.readValue(parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new BadRequest("data is not a " + report + ": it has no " + field + " array");
            }
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    /**
     * Hands each object of a report that is a top-level array to {@code each}, one at a time. A
     * report that is not an array or is not JSON is a 400 naming the report and where.
     */
    static void forEachTopLevel(InputStream json, String report, Consumer<JsonNode> each) {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new BadRequest("data is not a " + report + ": it is not a JSON array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new BadRequest("data is not a " + report + ": its array holds something other than objects");
                }
                each.accept(JsonUploadReader.ONE_VALUE.readValue(parser));
            }
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    static BadRequest invalid(JacksonException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new BadRequest("data is not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    /**
     * The objects of an array field, none when it is absent or null. Anything else (a string where
     * the report has an array, a number among its objects) is a 400 naming the report and where,
     * so a report of the wrong shape is refused rather than taken as one with no tests.
     */
    static List<JsonNode> objects(JsonNode parent, String field, String report, String where) {
        JsonNode array = parent.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.valueStream().anyMatch(item -> !item.isObject())) {
            throw new BadRequest(
                    "data is not a valid " + report + ": " + where + ": " + field + " must be an array of objects");
        }
        return array.valueStream().toList();
    }

    /** A field that must be a number when present, or a 400 naming the report and where. */
    static JsonNode number(JsonNode parent, String field, String report, String where) {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull() && !value.isNumber()) {
            throw new BadRequest("data is not a valid " + report + ": " + where + ": " + field + " must be a number");
        }
        return value;
    }

    /** A string field's value, or null. */
    static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** Text without terminal colour codes, which runners put in failure messages. */
    static String clean(String text) {
        return text == null ? null : ANSI.matcher(text).replaceAll("");
    }

    /** The first non-blank line, stripped, or null. */
    static String firstLine(String text) {
        return text == null
                ? null
                : text.lines()
                        .filter(l -> !l.isBlank())
                        .findFirst()
                        .map(String::strip)
                        .orElse(null);
    }

    /** A duration in milliseconds as seconds, or null when absent or negative. */
    static Double seconds(JsonNode millis) {
        return millis != null && millis.isNumber() && millis.asDouble() >= 0 ? millis.asDouble() / 1000 : null;
    }
}
