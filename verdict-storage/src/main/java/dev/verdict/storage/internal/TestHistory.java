package dev.verdict.storage.internal;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.tests.Rollup;
import dev.verdict.core.tests.TestExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Reads one test's executions, newest first, without an index of executions by test (it halved
 * ingest): the hour rollups say which hours the test ran in, the hours not rolled up yet are read
 * whole, and each of those stretches is read a day at a time through its runs, newest first, so a
 * test that runs in every build stops after its newest day and one that never ran reads almost
 * nothing.
 */
final class TestHistory {
    private static final int CHUNK = 500;

    private TestHistory() {}

    /** The stretches {@code [start, end]} of the window that can hold the test's executions, newest first. */
    static List<long[]> slices(Handle h, UUID testId, long from, long to) {
        long rolledTo = Math.min(Rollups.rolledTo(h), to);
        List<long[]> stretches = new ArrayList<>();
        if (rolledTo <= to) {
            stretches.add(new long[] {Math.max(from, rolledTo), to});
        }
        List<Long> hours = h.createQuery("SELECT start FROM test_rollups WHERE test_id = :test AND span = :hour"
                        + " AND start >= :from AND start < :to GROUP BY start ORDER BY start DESC")
                .bind("test", testId.toString())
                .bind("hour", Rollup.HOUR)
                .bind("from", Rollup.floor(from, Rollup.HOUR))
                .bind("to", rolledTo)
                .mapTo(Long.class)
                .list();
        for (long hour : hours) {
            long start = Math.max(from, hour);
            long end = Math.min(to, hour + Rollup.HOUR - 1);
            long[] newer = stretches.isEmpty() ? null : stretches.getLast();
            if (newer != null && newer[0] <= end + 1) {
                newer[0] = Math.min(newer[0], start);
            } else {
                stretches.add(new long[] {start, end});
            }
        }
        List<long[]> slices = new ArrayList<>();
        for (long[] stretch : stretches) {
            for (long end = stretch[1]; end >= stretch[0]; end -= Rollup.DAY) {
                slices.add(new long[] {Math.max(stretch[0], end - Rollup.DAY + 1), end});
            }
        }
        return slices;
    }

    /** The test's executions created in {@code [from, to]}, through the runs that can hold them. */
    static Map<UUID, TestExecution> read(
            Handle h, String suite, UUID testId, long from, long to, List<String> results) {
        record RunRow(String id, String branch, String commitSha) {}
        Map<String, RunRow> runs = new HashMap<>();
        h.createQuery("SELECT id, branch, commit_sha FROM runs WHERE suite_id = :suite AND updated_at >= :from"
                        + " AND created_at <= :to")
                .bind("suite", suite)
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> new RunRow(rs.getString("id"), rs.getString("branch"), rs.getString("commit_sha")))
                .forEach(r -> runs.put(r.id(), r));
        List<String> ids = new ArrayList<>(runs.keySet());
        Map<UUID, TestExecution> found = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            // Naming every result lets the index (run_id, result, test_id) be probed for the test in
            // each run, instead of walking each run's executions.
            h.createQuery("SELECT id, run_id, result, duration, failure_reason, created_at FROM executions"
                            + " WHERE run_id IN (<runs>) AND result IN (<results>) AND test_id = :test"
                            + " AND created_at >= :from AND created_at <= :to")
                    .bindList("runs", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
                    .bindList("results", results)
                    .bind("test", testId.toString())
                    .bind("from", from)
                    .bind("to", to)
                    .map((rs, ctx) -> {
                        RunRow run = runs.get(rs.getString("run_id"));
                        return new TestExecution(
                                Rows.uuid(rs, "id"),
                                Rows.uuid(rs, "run_id"),
                                Result.fromWireName(rs.getString("result")).orElse(Result.UNKNOWN),
                                Rows.nullableDouble(rs, "duration"),
                                rs.getString("failure_reason"),
                                run.branch(),
                                run.commitSha(),
                                Rows.instant(rs, "created_at"));
                    })
                    .forEach(e -> found.put(e.id(), e));
        }
        return found;
    }
}
