package dev.verdict.core.ingest;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a queued upload's validated results are kept in the store until they are processed: a
 * compact binary form, written and read field by field. It is on the ingest hot path twice (the
 * upload writes it, the processor reads it back): a general JSON binding of the same records cost
 * several times as much CPU, and so did Data streams over byte-array streams (synchronized per
 * byte), hence a plain ByteBuffer. The first byte is the format version.
 */
public final class Payloads {
    /** 2 added each result's output; version 1 payloads, queued by an older server, still read. */
    private static final byte VERSION = 2;

    private static final Result[] RESULTS = Result.values();
    private static final int NULL = -1;

    private Payloads() {}

    public static byte[] write(List<TestResult> results) {
        Writer out = new Writer(results.size() * 512 + 16);
        out.buffer.put(VERSION).putInt(results.size());
        for (TestResult r : results) {
            out.text(r.scope());
            out.text(r.name());
            out.text(r.location());
            out.text(r.fileName());
            out.room(1).put((byte) r.result().ordinal());
            out.text(r.failureReason());
            out.text(r.failureExpanded());
            if (r.duration() == null) {
                out.room(1).put((byte) 0);
            } else {
                out.room(9).put((byte) 1).putDouble(r.duration());
            }
            out.text(r.history());
            out.room(4).putInt(r.tags().size());
            for (Map.Entry<String, String> tag : r.tags().entrySet()) {
                out.text(tag.getKey());
                out.text(tag.getValue());
            }
            out.text(r.output());
        }
        ByteBuffer done = out.buffer.flip();
        byte[] bytes = new byte[done.remaining()];
        done.get(bytes);
        return bytes;
    }

    /** @throws IllegalArgumentException if the bytes are not a payload of this version */
    public static List<TestResult> read(byte[] payload) {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            byte version = in.get();
            if (version != VERSION && version != 1) {
                throw new IllegalArgumentException("payload format " + version + " is not " + VERSION);
            }
            int count = in.getInt();
            if (count < 0 || count > in.remaining()) {
                throw new IllegalArgumentException("payload claims " + count + " results");
            }
            List<TestResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String scope = text(in);
                String name = text(in);
                String location = text(in);
                String fileName = text(in);
                Result result = RESULTS[in.get()];
                String failureReason = text(in);
                String failureExpanded = text(in);
                Double duration = in.get() == 0 ? null : in.getDouble();
                String history = text(in);
                int tagCount = in.getInt();
                Map<String, String> tags = new LinkedHashMap<>(Math.max(4, tagCount * 2));
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
                        tags,
                        version >= 2 ? text(in) : null));
            }
            return results;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid upload payload: " + e, e);
        }
    }

    private static String text(ByteBuffer in) {
        int length = in.getInt();
        if (length == NULL) {
            return null;
        }
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    /** A growable buffer: doubled when a write would not fit. */
    private static final class Writer {
        private ByteBuffer buffer;

        Writer(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return buffer;
        }

        void text(String value) {
            if (value == null) {
                room(4).putInt(NULL);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            room(4 + bytes.length).putInt(bytes.length).put(bytes);
        }
    }
}
