package dev.verdict.core.tests;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls closed hours up in the background, once a minute. Nothing waits for it: a window's hours
 * not rolled up yet are read from executions, so it only makes metrics faster to read.
 */
public final class RollupWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RollupWorker.class);
    public static final Duration EVERY = Duration.ofMinutes(1);

    private final TestStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("verdict-rollup").daemon().factory());

    public RollupWorker(TestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The schedule; rollUp catches what it can recover from, so it never ends on its own. */
    private java.util.concurrent.ScheduledFuture<?> schedule;

    public synchronized void start() {
        schedule = scheduler.scheduleWithFixedDelay(this::rollUp, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void rollUp() {
        try {
            int hours = store.rollUp(clock.instant());
            if (hours > 0) {
                LOG.debug("rolled up {} hours of executions", hours);
            }
        } catch (RuntimeException e) {
            // A database that is down now will be back; the next round catches up.
            LOG.warn("rolling up executions failed, trying again in {}: {}", EVERY, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
