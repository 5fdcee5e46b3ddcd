package dev.verdict.core;

import dev.verdict.core.storage.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server does on a schedule, off every request's path: each chore on a thread and a period
 * of its own. Nothing waits for a chore, because whatever it has not done yet is read from where
 * it starts (hours not rolled up from their executions, timings not counted by the next plan), so
 * a chore only makes reads cheaper.
 *
 * <p>Of the servers sharing a store, only the one that {@link Leadership leads} does the rounds;
 * the others ask at each round whether they lead now, and one takes over within a round of the
 * leader's death.
 */
public final class Background implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    /**
     * One chore: {@code work} does a round and says how many {@code things} it did.
     *
     * @param name what it does, for the log: "rolling up executions"
     */
    public record Chore(String name, Duration every, String things, IntSupplier work) {}

    private final Leadership leadership;
    private final List<Chore> chores;
    private final ScheduledExecutorService scheduler;

    public Background(Leadership leadership, List<Chore> chores) {
        this.leadership = leadership;
        this.chores = List.copyOf(chores);
        this.scheduler = Executors.newScheduledThreadPool(
                this.chores.size(),
                Thread.ofPlatform().name("verdict-background-", 0).daemon().factory());
    }

    public void start() {
        for (Chore chore : chores) {
            scheduler.scheduleWithFixedDelay(
                    () -> round(chore), 0, chore.every().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A round that fails is logged, never thrown: a schedule whose task throws ends for good. */
    private void round(Chore chore) {
        try {
            if (!leadership.lead()) {
                return;
            }
            int done = chore.work().getAsInt();
            if (done > 0) {
                LOG.debug("{}: {} {}", chore.name(), done, chore.things());
            }
        } catch (RuntimeException e) {
            // A database that is down now will be back; the next round catches up.
            LOG.warn("{} failed, trying again in {}: {}", chore.name(), chore.every(), e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
