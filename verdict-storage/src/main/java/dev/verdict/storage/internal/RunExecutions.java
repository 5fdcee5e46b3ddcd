package dev.verdict.storage.internal;

import dev.verdict.core.runs.Run;
import dev.verdict.storage.Dialect;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Where one run's executions are stored. Each is stamped with its upload's creation, and queueing
 * an upload stamps the run's updated_at in the same transaction, so they lie between the run's
 * created_at and updated_at. On PostgreSQL that range, bound as values, lets the plan leave out
 * every weekly partition outside it: by run_id alone, planning and probing each partition grew
 * with the history kept. A day either side allows for servers whose clocks disagree. SQLite has
 * one table, where the condition would only cost the run index its covering of the query.
 */
record RunExecutions(Dialect dialect, Run run) {
    private static final long SKEW = Partitions.DAY;

    /** The condition on {@code alias}'s created_at, with its leading AND; empty where none helps. */
    String within(String alias) {
        return dialect == Dialect.POSTGRESQL ? " AND " + alias + ".created_at BETWEEN :run_from AND :run_to" : "";
    }

    /** Binds what {@link #within} names, and the run's id as {@code :run}. */
    <S extends SqlStatement<S>> S bind(S statement) {
        statement.bind("run", run.id().toString());
        if (dialect == Dialect.POSTGRESQL) {
            statement
                    .bind("run_from", run.createdAt().toEpochMilli() - SKEW)
                    .bind("run_to", run.updatedAt().toEpochMilli() + SKEW);
        }
        return statement;
    }
}
