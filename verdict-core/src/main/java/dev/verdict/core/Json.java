package dev.verdict.core;

import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper: wire names are snake_case, as Buildkite's API writes them. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {}

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Reads a request body, turning a syntax error into a 400 that says where it is. */
    public static JsonNode read(InputStream body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequest("request body is empty; expected a JSON object");
            }
            return node;
        } catch (StreamReadException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadRequest("request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
