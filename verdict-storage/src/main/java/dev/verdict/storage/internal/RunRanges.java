package dev.verdict.storage.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Finds the runs that can hold executions created in a time range (every execution of a run is
 * created between the run's {@code created_at} and {@code updated_at}), then names them in the
 * statement that reads their executions. As one join, PostgreSQL cannot know how few runs a range
 * holds (the two times are correlated) and scans every execution instead of reading those runs'.
 */
final class RunRanges {
    /** Runs named in one statement; beyond it the join is the better plan anyway. */
    private static final int MAX_NAMED = 10_000;

    private RunRanges() {}

    /**
     * A condition on {@code r} selecting the runs that match {@code which} and can hold executions
     * created from {@code from} up to {@code to}, or empty when there are none. {@code which} is
     * SQL over {@code r} with its values written in (ids the server made, never user text).
     */
    static Optional<String> holding(Handle h, String which, long from, long to) {
        String range = "r.updated_at >= " + from + " AND r.created_at < " + to;
        List<UUID> runs = h.createQuery("SELECT r.id FROM runs r WHERE " + which + " AND " + range)
                .map((rs, ctx) -> Rows.uuid(rs, "id"))
                .list();
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        if (runs.size() > MAX_NAMED) {
            return Optional.of(which + " AND " + range);
        }
        return Optional.of(
                "r.id IN (" + runs.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")) + ")");
    }
}
