package dev.verdict.storage.internal;

import dev.verdict.core.runs.Run;
import dev.verdict.storage.Dialect;
import java.util.Collection;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Where runs' executions are stored. Each is stamped with its upload's creation, and queueing an
 * upload stamps the run's updated_at in the same transaction, so they lie between the run's
 * created_at and updated_at. On PostgreSQL that range, bound as values, lets the plan leave out
 * every weekly partition outside it: by run_id alone, planning and probing each partition grew
 * with the history kept. A day either side allows for servers whose clocks disagree. SQLite has
 * one table, where the condition would only cost the run index its covering of the query.
 *
 * @param run the one run's id, bound as {@code :run}; null for several runs, which callers name
 * @param from the earliest execution time, in epoch milliseconds, the skew taken off
 * @param to the latest, the skew added
 */
record RunExecutions(Dialect dialect, String run, long from, long to) {
    private static final long SKEW = Partitions.DAY;

    RunExecutions(Dialect dialect, Run run) {
        this(
                dialect,
                run.id().toString(),
                run.createdAt().toEpochMilli() - SKEW,
                run.updatedAt().toEpochMilli() + SKEW);
    }

    /**
     * Several runs' executions, from the first run's creation to the last one's update; on
     * PostgreSQL that costs a lookup of the runs by their key, on SQLite nothing.
     */
    static RunExecutions of(Handle h, Dialect dialect, Collection<UUID> runs) {
        if (dialect != Dialect.POSTGRESQL || runs.isEmpty()) {
            return none(dialect);
        }
        return h.createQuery("SELECT min(created_at) AS created, max(updated_at) AS updated FROM runs"
                        + " WHERE id IN (<runs>)")
                .bindList("runs", runs.stream().map(UUID::toString).toList())
                .map((rs, ctx) -> rs.getObject("created") == null
                        // None of them kept: no execution can be theirs.
                        ? none(dialect)
                        : between(dialect, rs.getLong("created"), rs.getLong("updated")))
                .one();
    }

    /** A range no execution is in (on SQLite, where no range is bound, the runs alone say). */
    private static RunExecutions none(Dialect dialect) {
        return new RunExecutions(dialect, null, 0, -1);
    }

    /** Runs' executions, the runs' first creation and last update read already, in epoch milliseconds. */
    static RunExecutions between(Dialect dialect, long firstCreated, long lastUpdated) {
        return new RunExecutions(dialect, null, firstCreated - SKEW, lastUpdated + SKEW);
    }

    /** The condition on {@code alias}'s created_at, with its leading AND; empty where none helps. */
    String within(String alias) {
        return dialect == Dialect.POSTGRESQL ? " AND " + alias + ".created_at BETWEEN :run_from AND :run_to" : "";
    }

    /** Binds what {@link #within} names, and the one run's id as {@code :run}. */
    <S extends SqlStatement<S>> S bind(S statement) {
        if (run != null) {
            statement.bind("run", run);
        }
        if (dialect == Dialect.POSTGRESQL) {
            statement.bind("run_from", from).bind("run_to", to);
        }
        return statement;
    }
}
