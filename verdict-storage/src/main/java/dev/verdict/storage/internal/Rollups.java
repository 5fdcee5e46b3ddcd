package dev.verdict.storage.internal;

import dev.verdict.core.tests.Rollup;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Rolls closed hours of executions up into {@code test_rollups}, and whole days from their hours.
 * Each call catches up a few hours per transaction, so ingest waits for the write lock only
 * briefly. Several processes may call it at once: the state row is locked, and an hour is rolled
 * up exactly once.
 */
final class Rollups {
    /** Hours per transaction: short enough not to hold up ingest for long. */
    private static final int HOURS_PER_TRANSACTION = 6;

    private static final String SUM_EXECUTIONS = "INSERT INTO test_rollups (suite_id, span, start, branch, test_id,"
            + " passed, failed, skipped, pending, unknown, timed, duration_sum, duration_min, duration_max)"
            + " SELECT r.suite_id, :span, :start, COALESCE(r.branch, ''), e.test_id,"
            + " SUM(CASE WHEN e.result = 'passed' THEN 1 ELSE 0 END), SUM(CASE WHEN e.result = 'failed' THEN 1 ELSE 0"
            + " END), SUM(CASE WHEN e.result = 'skipped' THEN 1 ELSE 0 END), SUM(CASE WHEN e.result = 'pending'"
            + " THEN 1 ELSE 0 END), SUM(CASE WHEN e.result = 'unknown' THEN 1 ELSE 0 END), COUNT(e.duration),"
            + " SUM(e.duration), MIN(e.duration), MAX(e.duration) FROM runs r JOIN executions e ON e.run_id = r.id"
            + " WHERE <runs> AND e.created_at >= :start AND e.created_at < :end"
            + " GROUP BY r.suite_id, COALESCE(r.branch, ''), e.test_id";

    private static final String SUM_HOURS = "INSERT INTO test_rollups (suite_id, span, start, branch, test_id,"
            + " passed, failed, skipped, pending, unknown, timed, duration_sum, duration_min, duration_max)"
            + " SELECT suite_id, :day_span, :start, branch, test_id, SUM(passed), SUM(failed), SUM(skipped),"
            + " SUM(pending), SUM(unknown), SUM(timed), SUM(duration_sum), MIN(duration_min), MAX(duration_max)"
            + " FROM test_rollups WHERE suite_id = :suite AND span = :hour_span AND start >= :start AND start < :end"
            + " GROUP BY suite_id, branch, test_id";

    private Rollups() {}

    /** How far the rollups go: every hour before it is rolled up. 0 before the first rollup. */
    static long rolledTo(Handle h) {
        return h.createQuery("SELECT rolled_to FROM rollup_state WHERE id = 1")
                .mapTo(Long.class)
                .findOne()
                .orElse(0L);
    }

    /** Rolls up the hours closed at {@code now}; returns how many hours it rolled up. */
    static int rollUp(Writer writer, Dialect dialect, Instant now) {
        int rolled = 0;
        while (true) {
            int batch = writer.inTransaction(h -> rollUpSome(h, dialect, now));
            if (batch == 0) {
                return rolled;
            }
            rolled += batch;
        }
    }

    private static int rollUpSome(Handle h, Dialect dialect, Instant now) {
        dialect.customPlans().ifPresent(h::execute);
        long rolledTo = state(h, dialect, now);
        Optional<Instant> oldestQueued = h.createQuery("SELECT min(created_at) FROM uploads WHERE state = 'queued'")
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli);
        long closed = Rollup.closedBefore(now, oldestQueued);
        int hours = 0;
        while (hours < HOURS_PER_TRANSACTION && rolledTo + Rollup.HOUR <= closed) {
            long start = rolledTo;
            RunRanges.holding(h, "1 = 1", start, start + Rollup.HOUR)
                    .ifPresent(runs -> h.createUpdate(SUM_EXECUTIONS.replace("<runs>", runs))
                            .bind("span", Rollup.HOUR)
                            .bind("start", start)
                            .bind("end", start + Rollup.HOUR)
                            .execute());
            rolledTo += Rollup.HOUR;
            hours++;
            if (rolledTo % Rollup.DAY == 0) {
                sumDay(h, rolledTo - Rollup.DAY);
            }
        }
        if (hours > 0) {
            h.createUpdate("UPDATE rollup_state SET rolled_to = :to WHERE id = 1")
                    .bind("to", rolledTo)
                    .execute();
        }
        return hours;
    }

    /** A day's rows from its 24 hour rows, suite by suite (each a range of the primary key). */
    private static void sumDay(Handle h, long day) {
        List<String> suites =
                h.createQuery("SELECT id FROM suites").mapTo(String.class).list();
        for (String suite : suites) {
            h.createUpdate(SUM_HOURS)
                    .bind("day_span", Rollup.DAY)
                    .bind("hour_span", Rollup.HOUR)
                    .bind("suite", suite)
                    .bind("start", day)
                    .bind("end", day + Rollup.DAY)
                    .execute();
        }
    }

    /**
     * The state row, locked; made on first use, starting at the hour of the oldest run (a store
     * that had executions before rollups existed gets them rolled up too).
     */
    private static long state(Handle h, Dialect dialect, Instant now) {
        h.createUpdate("INSERT INTO rollup_state (id, rolled_to) SELECT 1, COALESCE(min(created_at), :now) FROM runs"
                        // WHERE true: SQLite reads ON CONFLICT after a bare SELECT as part of a join.
                        + " WHERE true ON CONFLICT (id) DO NOTHING")
                .bind("now", now.toEpochMilli())
                .execute();
        long rolledTo = h.createQuery("SELECT rolled_to FROM rollup_state WHERE id = 1" + dialect.forUpdate())
                .mapTo(Long.class)
                .one();
        return Rollup.floor(rolledTo, Rollup.HOUR);
    }
}
