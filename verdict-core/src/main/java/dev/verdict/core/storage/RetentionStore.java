package dev.verdict.core.storage;

import dev.verdict.core.Retention;
import java.time.Instant;

/** Where expired data is removed, and what writes in the weeks ahead need made ready. */
public interface RetentionStore {
    /**
     * Makes ready what writes in the coming weeks need: on PostgreSQL, the executions' weekly
     * partitions four weeks ahead. Safe from several servers at once; says how many it made.
     */
    int prepare(Instant now);

    /**
     * One round of expiry, bounded in time (a round that stops short is carried on by the next):
     * runs created before the retention with their uploads and executions, then rollups and history
     * before the rollup retention. Each transaction deletes a small batch, so none holds the
     * writer long. Says how many partitions and batches went.
     */
    int expire(Instant now, Retention retention);
}
