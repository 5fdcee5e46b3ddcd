package dev.verdict.core.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a queued upload's validated results are kept in the store until they are processed: a
 * compact binary form, written and read field by field. It is on the ingest hot path twice (the
 * upload writes it, the processor reads it back); a general JSON binding of the same records cost
 * several times as much CPU. The first byte is the format version.
 */
public final class Payloads {
    private static final byte VERSION = 1;
    private static final Result[] RESULTS = Result.values();

    private Payloads() {}

    public static byte[] write(List<TestResult> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(results.size() * 256 + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(results.size());
            for (TestResult r : results) {
                text(out, r.scope());
                text(out, r.name());
                text(out, r.location());
                text(out, r.fileName());
                out.writeByte(r.result().ordinal());
                text(out, r.failureReason());
                text(out, r.failureExpanded());
                out.writeBoolean(r.duration() != null);
                if (r.duration() != null) {
                    out.writeDouble(r.duration());
                }
                text(out, r.history());
                out.writeInt(r.tags().size());
                for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                    text(out, tag.getKey());
                    text(out, tag.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a payload of this version */
    public static List<TestResult> read(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("payload format " + version + " is not " + VERSION);
            }
            int count = in.readInt();
            List<TestResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String scope = text(in);
                String name = text(in);
                String location = text(in);
                String fileName = text(in);
                Result result = RESULTS[in.readByte()];
                String failureReason = text(in);
                String failureExpanded = text(in);
                Double duration = in.readBoolean() ? in.readDouble() : null;
                String history = text(in);
                int tagCount = in.readInt();
                Map<String, String> tags = new LinkedHashMap<>(tagCount * 2);
                for (int t = 0; t < tagCount; t++) {
                    tags.put(text(in), text(in));
                }
                results.add(new TestResult(
                        scope,
                        name,
                        location,
                        fileName,
                        result,
                        failureReason,
                        failureExpanded,
                        duration,
                        history,
                        tags));
            }
            return results;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid upload payload: " + e, e);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
