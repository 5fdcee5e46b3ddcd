package dev.verdict.storage.internal;

import dev.verdict.core.Json;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.pipeline.NewExecution;
import dev.verdict.storage.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The hot insert. PostgreSQL takes the rows through {@code COPY}, SQLite as a plain JDBC batch
 * with positional parameters: per row, binding by name cost more CPU than the write itself.
 */
final class ExecutionWriter {
    private static final int COPY_CHUNK = 64 << 10;
    private static final String COLUMNS = "id, run_id, test_id, upload_id, result, duration, failure_reason,"
            + " failure_expanded, location, file_name, history, tags, created_at, output, failure_kind";

    private ExecutionWriter() {}

    static void write(
            Handle h,
            Dialect dialect,
            UUID runId,
            UUID uploadId,
            long createdAt,
            List<NewExecution> executions,
            Map<UUID, FailureKind> kinds) {
        if (executions.isEmpty()) {
            return;
        }
        try {
            if (dialect == Dialect.POSTGRESQL) {
                copy(h, runId, uploadId, createdAt, executions, kinds);
            } else {
                batch(h, runId, uploadId, createdAt, executions, kinds);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("writing executions failed: " + e.getMessage(), e);
        }
    }

    private static void batch(
            Handle h,
            UUID runId,
            UUID uploadId,
            long createdAt,
            List<NewExecution> executions,
            Map<UUID, FailureKind> kinds)
            throws SQLException {
        String run = runId.toString();
        String upload = uploadId.toString();
        TagsJson tagsJson = new TagsJson();
        try (PreparedStatement insert = h.getConnection()
                .prepareStatement("INSERT INTO executions (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewExecution e : executions) {
                TestResult r = e.result();
                insert.setString(1, e.id().toString());
                insert.setString(2, run);
                insert.setString(3, e.testId().toString());
                insert.setString(4, upload);
                insert.setString(5, r.result().wireName());
                if (r.duration() == null) {
                    insert.setNull(6, Types.DOUBLE);
                } else {
                    insert.setDouble(6, r.duration());
                }
                insert.setString(7, r.failureReason());
                insert.setString(8, r.failureExpanded());
                insert.setString(9, r.location());
                insert.setString(10, r.fileName());
                insert.setString(11, r.history());
                insert.setString(12, tagsJson.of(r.tags()));
                insert.setLong(13, createdAt);
                insert.setString(14, r.output());
                insert.setString(15, kind(kinds, e));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * CSV for COPY (text quoted with inner quotes doubled; an empty unquoted field is NULL), sent in
     * chunks as it is made, so an upload's rows are never held as one large string.
     */
    private static void copy(
            Handle h,
            UUID runId,
            UUID uploadId,
            long createdAt,
            List<NewExecution> executions,
            Map<UUID, FailureKind> kinds)
            throws SQLException {
        CopyIn copy = h.getConnection()
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY executions (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)");
        try {
            StringBuilder csv = new StringBuilder(COPY_CHUNK + 8192);
            TagsJson tagsJson = new TagsJson();
            String fixed = "," + runId + ",";
            String uploadPart = "," + uploadId + ",";
            for (NewExecution e : executions) {
                TestResult r = e.result();
                csv.append(e.id())
                        .append(fixed)
                        .append(e.testId())
                        .append(uploadPart)
                        .append(r.result().wireName())
                        .append(',');
                if (r.duration() != null) {
                    csv.append(r.duration().doubleValue());
                }
                csv.append(',');
                quoted(csv, r.failureReason()).append(',');
                quoted(csv, r.failureExpanded()).append(',');
                quoted(csv, r.location()).append(',');
                quoted(csv, r.fileName()).append(',');
                quoted(csv, r.history()).append(',');
                quoted(csv, tagsJson.of(r.tags())).append(',').append(createdAt).append(',');
                quoted(csv, r.output()).append(',');
                quoted(csv, kind(kinds, e)).append('\n');
                if (csv.length() >= COPY_CHUNK) {
                    send(copy, csv);
                }
            }
            send(copy, csv);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static String kind(Map<UUID, FailureKind> kinds, NewExecution e) {
        if (kinds.isEmpty()) {
            return null;
        }
        FailureKind kind = kinds.get(e.id());
        return kind == null ? null : kind.wireName();
    }

    private static void send(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                csv.append('"');
            }
            csv.append(c);
        }
        return csv.append('"');
    }

    /**
     * Tags as stored, JSON or null. The results of one upload usually all carry the same tags (the
     * upload's), so the last one's JSON is kept and reused while they repeat.
     */
    private static final class TagsJson {
        private Map<String, String> last;
        private String json;

        String of(Map<String, String> tags) {
            if (!tags.equals(last)) {
                last = tags;
                json = tags.isEmpty() ? null : Json.MAPPER.writeValueAsString(tags);
            }
            return json;
        }
    }
}
