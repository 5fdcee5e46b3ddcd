package dev.verdict.core.ingest;

import dev.verdict.core.Timestamps;
import dev.verdict.core.pipeline.UploadPipeline;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that drain the upload queue. They are woken when this process queues an upload and also
 * look on their own every poll interval, which is how they find uploads queued by other processes
 * sharing the database, and uploads left queued by a process that died.
 */
public final class UploadProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadProcessor.class);
    private final UploadStore store;
    private final UploadPipeline pipeline;
    private final Retries retries;
    private final Clock clock;
    private final int workers;
    private final Duration poll;
    private final Duration backoff;
    private final Duration drain;
    private final Semaphore work = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public UploadProcessor(
            UploadStore store,
            UploadPipeline pipeline,
            Retries retries,
            Clock clock,
            int workers,
            Duration poll,
            Duration backoff,
            Duration drain) {
        this.store = store;
        this.pipeline = pipeline;
        this.retries = retries;
        this.clock = clock;
        this.workers = workers;
        this.poll = poll;
        this.backoff = backoff;
        this.drain = drain;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            threads.add(
                    Thread.ofPlatform().name("upload-processor-" + i).daemon().start(this::loop));
        }
    }

    /** There is work: wake every worker so a burst of uploads is shared out. */
    public void wake() {
        if (work.availablePermits() < workers) {
            work.release(workers);
        }
    }

    private void loop() {
        while (running) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void step() throws InterruptedException {
        UploadStore.Processing done;
        try {
            done = store.processNext(Timestamps.now(clock), retries, pipeline);
        } catch (RuntimeException e) {
            if (!running) {
                return;
            }
            // The store itself failed (the database is down, its disk full): no upload was to
            // blame and none lost its attempt; the same work is tried again after a pause.
            LOG.warn("upload processing paused: {}", e.getMessage());
            pause();
            return;
        }
        switch (done) {
            // A failed upload waits out its own delay in the queue; the next one goes on at once.
            case PROCESSED, FAILED -> {}
            case IDLE -> idle();
        }
    }

    private void idle() throws InterruptedException {
        if (work.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS)) {
            work.drainPermits();
        }
    }

    private void pause() throws InterruptedException {
        Thread.sleep(backoff);
    }

    /**
     * Takes no more uploads, and lets each worker finish the one it holds for up to the drain
     * period; one still busy after it is interrupted. Nothing is lost either way: an upload whose
     * processing did not commit is still queued, for this server's next start or another server.
     */
    @Override
    public synchronized void close() {
        running = false;
        work.release(workers); // idle workers wake, see they are to stop, and do
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    LOG.warn("{} did not finish its upload in {}; it stays queued", thread.getName(), drain);
                    thread.interrupt();
                    thread.join(Duration.ofSeconds(5));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.clear();
    }
}
