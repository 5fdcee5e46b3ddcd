package dev.verdict.storage.internal;

import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.runs.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The runs table, as both the ingest path and the queries read and write it. */
final class RunRows {
    static final String COLUMNS = "id, suite_id, run_key, ci, branch, commit_sha, number, job_id, message, url,"
            + " build_id, state, result, uploads_pending, created_at, updated_at";

    private RunRows() {}

    static Run run(ResultSet rs) throws SQLException {
        return new Run(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "suite_id"),
                rs.getString("run_key"),
                rs.getString("ci"),
                rs.getString("branch"),
                rs.getString("commit_sha"),
                rs.getString("number"),
                rs.getString("job_id"),
                rs.getString("message"),
                rs.getString("url"),
                Rows.uuid(rs, "build_id"),
                status(rs),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    static RunStatus status(ResultSet rs) throws SQLException {
        return new RunStatus(
                RunState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                RunResult.valueOf(rs.getString("result").toUpperCase(Locale.ROOT)),
                rs.getInt("uploads_pending"));
    }

    static void update(Handle h, UUID runId, RunStatus status, long now) {
        h.createUpdate("UPDATE runs SET state = :state, result = :result, uploads_pending = :pending,"
                        + " updated_at = :now WHERE id = :id")
                .bind("state", status.state().wireName())
                .bind("result", status.result().wireName())
                .bind("pending", status.uploadsPending())
                .bind("now", now)
                .bind("id", runId.toString())
                .execute();
    }
}
