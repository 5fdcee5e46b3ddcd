package dev.verdict.storage.internal;

import dev.verdict.storage.Dialect;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Every write goes through here. SQLite has one writer at a time; left to itself, a second writer
 * waits in SQLite's busy handler, which sleeps and retries with growing pauses (an upload's commit
 * waited up to seconds behind processing that way). A fair lock in the process instead queues the
 * writers in arrival order and hands over the moment the lock is free. PostgreSQL needs no such
 * lock: rows are locked where they are written.
 */
public final class Writer {
    private final Jdbi jdbi;
    private final ReentrantLock lock;

    public Writer(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.lock = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
    }

    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        if (lock == null) {
            return jdbi.inTransaction(work);
        }
        lock.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            lock.unlock();
        }
    }

    public void useTransaction(HandleConsumer<RuntimeException> work) {
        inTransaction((Handle h) -> {
            work.useHandle(h);
            return null;
        });
    }
}
