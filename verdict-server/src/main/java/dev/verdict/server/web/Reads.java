package dev.verdict.server.web;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A page's independent reads, run at once, each on a virtual thread with a connection of its own:
 * a page that needs four queries takes about as long as its slowest. Closing waits for all of them.
 */
final class Reads implements AutoCloseable {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    <T> Future<T> start(Callable<T> read) {
        return threads.submit(read);
    }

    /** A read's value; what it threw is thrown here, as it would have been without the fork. */
    static <T> T get(Future<T> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    @Override
    public void close() {
        threads.close();
    }
}
