package dev.verdict.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an endpoint answers: a status, a body to write as JSON (or none) and extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {
    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply created(Object body) {
        return new Reply(201, body, Map.of());
    }

    public static Reply accepted(Object body) {
        return new Reply(202, body, Map.of());
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    public static Reply status(int status, Object body) {
        return new Reply(status, body, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, Map.copyOf(more));
    }
}
