package dev.verdict.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** What an endpoint answers: a status, a body to write as JSON (or none) and extra headers. */
public record Reply(int status, Object body, Map<String, String> headers) {
    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    /**
     * A body that is JSON already (a stored answer, UTF-8), written as it is; or gzipped, to a
     * client that accepts it, as {@code gzip} makes it (once, for an answer many fetch).
     */
    public record Json(byte[] utf8, Supplier<byte[]> gzip) {}

    /** 200 with a stored JSON answer, sent byte for byte as it was stored. */
    public static Reply okJson(byte[] json, Supplier<byte[]> gzip) {
        return new Reply(200, new Json(json, gzip), Map.of());
    }

    /** A body that is not JSON (Prometheus's text format), with its own content type. */
    public record Text(String contentType, byte[] bytes) {}

    public static Reply okText(String contentType, String text) {
        return new Reply(200, new Text(contentType, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.of());
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
