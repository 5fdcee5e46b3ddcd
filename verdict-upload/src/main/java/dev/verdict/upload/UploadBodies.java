package dev.verdict.upload;

import dev.verdict.core.ingest.JsonUploadWriter;
import dev.verdict.core.ingest.TestResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** The two bodies an upload is sent as. */
final class UploadBodies {
    private UploadBodies() {}

    /**
     * A file as it is, in a multipart form as the docs' {@code curl} sends it: the server reads its
     * format, so what it keeps is the same as from any other client. The file streams from disk.
     */
    static UploadClient.Body file(Path file, String format, Map<String, String> runEnv, Map<String, String> tags) {
        String boundary = "verdict-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        field(head, boundary, "format", format);
        runEnv.forEach((key, value) -> field(head, boundary, "run_env[" + key + "]", value));
        tags.forEach((key, value) -> field(head, boundary, "tags[" + key + "]", value));
        head.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"data\"; filename=\"")
                .append(quoted(file.getFileName().toString()))
                .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return new UploadClient.Body() {
            @Override
            public BodyPublisher publisher() throws IOException {
                return BodyPublishers.concat(
                        BodyPublishers.ofByteArray(start),
                        BodyPublishers.ofFile(file),
                        BodyPublishers.ofByteArray(end));
            }

            @Override
            public String contentType() {
                return "multipart/form-data; boundary=" + boundary;
            }

            @Override
            public String contentEncoding() {
                return null;
            }
        };
    }

    /** Results as a collector's gzipped JSON body: one part of a file too big for one upload. */
    static UploadClient.Body json(List<TestResult> results, Map<String, String> runEnv, Map<String, String> tags) {
        var gzipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(gzipped)) {
            JsonUploadWriter.write(gzip, runEnv, tags, new ArrayList<>(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = gzipped.toByteArray();
        return new UploadClient.Body() {
            @Override
            public BodyPublisher publisher() {
                return BodyPublishers.ofByteArray(body);
            }

            @Override
            public String contentType() {
                return "application/json";
            }

            @Override
            public String contentEncoding() {
                return "gzip";
            }
        };
    }

    private static void field(StringBuilder form, String boundary, String name, String value) {
        form.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(quoted(name))
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n");
    }

    /** A name in a quoted header parameter, escaped as browsers do. */
    private static String quoted(String name) {
        return name.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
