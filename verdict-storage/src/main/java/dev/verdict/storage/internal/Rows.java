package dev.verdict.storage.internal;

import dev.verdict.core.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;

/** Reading the schema's conventions back: ids as text (uuid on PostgreSQL), times as epoch millis. */
final class Rows {
    private static final TypeReference<LinkedHashMap<String, String>> TAGS = new TypeReference<>() {};

    private Rows() {}

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : UUID.fromString(value);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** An execution's tags: the ones it was sent with, and the mutable ones set later over them. */
    static Map<String, String> tags(ResultSet rs) throws SQLException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String column : new String[] {"tags", "mutable_tags"}) {
            String json = rs.getString(column);
            if (json != null) {
                tags.putAll(Json.MAPPER.readValue(json, TAGS));
            }
        }
        return tags;
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
