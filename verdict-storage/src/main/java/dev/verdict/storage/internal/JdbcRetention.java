package dev.verdict.storage.internal;

import dev.verdict.core.Retention;
import dev.verdict.core.storage.RetentionStore;
import dev.verdict.core.tests.Rollup;
import dev.verdict.storage.Dialect;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Expiry, a batch a transaction. Runs go oldest first, each with its uploads and, where rows are
 * deleted rather than partitions dropped, its executions {@link #BATCH} at a time; then each other
 * table kept for a time (test plans, rollups, history), a batch at a time through an index of its own. On PostgreSQL the weeks of
 * executions go whole ({@link Partitions}), so a run's executions are deleted row by row only while
 * they sit in the one partition migration 14 made of the store before it, which spans all of its
 * past until every row of it is expired.
 */
public final class JdbcRetention implements RetentionStore {
    /** Rows a transaction deletes: tens of milliseconds of SQLite's one writer. */
    static final int BATCH = 2000;
    /**
     * A round's work; what is left is the next round's. Each batch lets the writer go, and SQLite's
     * writers queue fairly, so uploads go between the batches of even a long round.
     */
    static final Duration BUDGET = Duration.ofSeconds(30);

    /**
     * A table expired by time apart from runs: its table, the time it is expired by, the query
     * naming each scope a batch is taken within and the scope's condition, so each batch is read
     * through the table's index (scope, time) (a table read by a scan has none: only people make
     * test state changes); and whether it is kept as long as runs or as long as rollups.
     */
    private record Kept(
            String table, String time, Optional<String> scopeQuery, Optional<String> scope, boolean asRollups) {
        Kept(String table, String time, Optional<String> scopeQuery, Optional<String> scope) {
            this(table, time, scopeQuery, scope, true);
        }
    }

    private static final List<Kept> KEPT = List.of(
            // A build's test plan, kept as long as its runs: a plan's answer expires a day after it
            // was made, which the index has.
            new Kept("test_plans", "expires_at", Optional.empty(), Optional.empty(), false),
            new Kept(
                    "test_rollups",
                    "start",
                    Optional.of("SELECT id FROM suites"),
                    Optional.of("suite_id = :scope AND span = " + Rollup.HOUR)),
            new Kept(
                    "test_rollups",
                    "start",
                    Optional.of("SELECT id FROM suites"),
                    Optional.of("suite_id = :scope AND span = " + Rollup.DAY)),
            new Kept(
                    "flaky_events",
                    "last_seen_at",
                    Optional.of("SELECT id FROM suites"),
                    Optional.of("suite_id = :scope")),
            new Kept(
                    "plan_history",
                    "created_at",
                    Optional.of("SELECT id FROM suites"),
                    Optional.of("suite_id = :scope")),
            new Kept(
                    "workflow_events",
                    "created_at",
                    Optional.of("SELECT id FROM workflows"),
                    Optional.of("workflow_id = :scope")),
            new Kept("test_state_changes", "changed_at", Optional.empty(), Optional.empty()));

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final Partitions partitions;

    public JdbcRetention(Jdbi jdbi, Writer writer, Dialect dialect) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.partitions = dialect == Dialect.POSTGRESQL ? new Partitions(jdbi) : null;
    }

    @Override
    public int prepare(Instant now) {
        return partitions == null ? 0 : partitions.makeAhead(now);
    }

    @Override
    public int expire(Instant now, Retention retention) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        long cutoff = retention.dataCutoff(now).toEpochMilli();
        int done = 0;
        if (partitions != null) {
            done += partitions.dropBefore(cutoff);
            done += partitions.makeAhead(now);
        }
        Optional<String> executions = rowDeletedExecutions();
        while (System.nanoTime() < deadline) {
            // By last update, which the index has: a run last written to before the cutoff was
            // created before it too, so it reads as gone already.
            Optional<String> run = jdbi.withHandle(
                    h -> h.createQuery("SELECT id FROM runs WHERE updated_at < :cutoff ORDER BY updated_at LIMIT 1")
                            .bind("cutoff", cutoff)
                            .mapTo(String.class)
                            .findOne());
            if (run.isEmpty()) {
                break;
            }
            if (executions.isPresent()) {
                int deleted;
                do {
                    deleted = deleteSome(executions.get(), "run_id = :run", "run", run.get());
                    done += deleted > 0 ? 1 : 0;
                } while (deleted == BATCH && System.nanoTime() < deadline);
                if (deleted == BATCH) {
                    return done; // the rest of this run's executions next round, then the run
                }
            }
            writer.useTransaction(h -> {
                h.createUpdate("DELETE FROM uploads WHERE run_id = :run")
                        .bind("run", run.get())
                        .execute();
                h.createUpdate("DELETE FROM runs WHERE id = :run")
                        .bind("run", run.get())
                        .execute();
            });
            done++;
        }
        long longCutoff = retention.rollupCutoff(now).toEpochMilli();
        // Several tables are taken suite by suite: the suites are read once a round, not once a table.
        Map<String, List<String>> scopesByQuery = new HashMap<>();
        for (Kept kept : KEPT) {
            List<String> scopes = kept.scopeQuery()
                    .map(q -> scopesByQuery.computeIfAbsent(
                            q,
                            query -> jdbi.withHandle(h ->
                                    h.createQuery(query).mapTo(String.class).list())))
                    .orElse(List.of(""));
            for (String scope : scopes) {
                String where = kept.scope().map(s -> s + " AND ").orElse("") + kept.time() + " < :cutoff";
                int deleted;
                do {
                    if (System.nanoTime() >= deadline) {
                        return done;
                    }
                    deleted = writer.inTransaction(h -> {
                        var delete = h.createUpdate(dialect.deleteSome(kept.table(), where))
                                .bind("cutoff", kept.asRollups() ? longCutoff : cutoff)
                                .bind("limit", BATCH);
                        if (kept.scope().isPresent()) {
                            delete.bind("scope", scope);
                        }
                        return delete.execute();
                    });
                    done += deleted > 0 ? 1 : 0;
                } while (deleted == BATCH);
            }
        }
        return done;
    }

    /** Where executions are deleted by row: SQLite's one table; on PostgreSQL, the pre-partitioning partition while it lasts. */
    private Optional<String> rowDeletedExecutions() {
        if (partitions == null) {
            return Optional.of("executions");
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass('executions_before') IS NOT NULL")
                        .mapTo(Boolean.class)
                        .one())
                ? Optional.of("executions_before")
                : Optional.empty();
    }

    private int deleteSome(String table, String where, String name, String value) {
        return writer.inTransaction(h -> h.createUpdate(dialect.deleteSome(table, where))
                .bind(name, value)
                .bind("limit", BATCH)
                .execute());
    }
}
