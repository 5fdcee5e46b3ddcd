package dev.verdict.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The requests official collectors really sent, captured in {@code shared/fixtures/collector-payloads}
 * beside the project (read-only, and present in CI too).
 */
public final class Fixtures {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Headers the HTTP client sets itself, or that name the capture's host and token. */
    private static final Set<String> NOT_REPLAYED = Set.of("host", "content-length", "authorization", "connection");

    /** One captured request: its body, its headers and what the capture index says of it. */
    public record Captured(String label, String seq, JsonNode request, byte[] body, int executions) {
        public String contentType() {
            return request.get("content_type").stringValue();
        }

        /** The body as JSON, for JSON requests. */
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The request as sent, with the suite's token in place of the capture's, in the same spelling. */
        public HttpRequest replay(URI uploads, String token) {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(uploads).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (JsonNode header : request.get("headers")) {
                String name = header.get(0).stringValue();
                String value = header.get(1).stringValue();
                if (name.equalsIgnoreCase("authorization")) {
                    builder.header(name, value.replaceAll("harness-[a-z-]+-token", token));
                } else if (!NOT_REPLAYED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    builder.header(name, value);
                }
            }
            return builder.build();
        }

        @Override
        public String toString() {
            return label + "/" + seq;
        }
    }

    private Fixtures() {}

    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/collector-payloads");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/collector-payloads not found beside the project");
    }

    public static List<Captured> all() {
        Path dir = directory();
        try {
            List<Captured> all = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(dir.resolve("index.json").toFile())) {
                String label = entry.get("label").stringValue();
                String seq = entry.get("seq").stringValue();
                JsonNode request = JSON.readTree(
                        dir.resolve(label).resolve(seq + ".request.json").toFile());
                byte[] body = Files.readAllBytes(
                        dir.resolve(label).resolve(request.get("body_file").stringValue()));
                all.add(new Captured(
                        label, seq, request, body, entry.get("executions").intValue()));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Captured> labelled(String label) {
        return all().stream().filter(c -> c.label().equals(label)).toList();
    }

    public static byte[] file(String label, String name) {
        try {
            return Files.readAllBytes(directory().resolve(label).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
