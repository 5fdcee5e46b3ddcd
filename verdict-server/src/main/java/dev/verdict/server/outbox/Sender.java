package dev.verdict.server.outbox;

import dev.verdict.core.Text;
import dev.verdict.core.storage.Leadership;
import dev.verdict.core.workflows.Action;
import dev.verdict.core.workflows.Delivery;
import dev.verdict.core.workflows.Messages;
import dev.verdict.core.workflows.WorkflowEvent;
import dev.verdict.core.workflows.WorkflowStore;
import dev.verdict.core.workflows.Workflows;
import dev.verdict.server.api.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: workflows' webhooks and Slack messages, after the commit that queued them.
 * One thread claims what is due (each claim a lease, so several servers on one PostgreSQL never
 * send one twice at once) and sends each on a virtual thread of its own; a commit that queued
 * something wakes it at once, and the server that {@link Leadership leads} looks anyway every
 * {@link #POLL}, for retries and for what a server that died left. A delivery is marked
 * delivered only when its receiver answered 2xx; until then it is retried ({@link Delivery#retryAt})
 * and every attempt is recorded. Nothing here is on an upload's path.
 */
public final class Sender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final java.time.Duration POLL = java.time.Duration.ofSeconds(1);
    private static final int CLAIM = 20;
    private static final int MAX_ERROR = 500;

    private final WorkflowStore store;
    private final Workflows workflows;
    private final Urls urls;
    private final Clock clock;
    private final Leadership leadership;
    private final HttpClient http;
    private final Semaphore wake = new Semaphore(0);
    private final Thread loop;
    private volatile boolean running = true;

    public Sender(WorkflowStore store, Workflows workflows, Urls urls, Clock clock, Leadership leadership) {
        this.store = store;
        this.leadership = leadership;
        this.workflows = workflows;
        this.urls = urls;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Delivery.ATTEMPT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.loop = Thread.ofPlatform().name("verdict-outbox").daemon().unstarted(this::run);
        store.whenQueued(this::nudge);
    }

    public void start() {
        loop.start();
    }

    /** Something was queued: look now rather than at the next poll. */
    public void nudge() {
        wake.release();
    }

    private void run() {
        boolean nudged = true;
        while (running) {
            try {
                // What this server queued it sends at once; retries and what a dead server left
                // are the leader's alone, so the cluster polls the outbox once, not once a server.
                List<Delivery> due = nudged || leadership.lead() ? store.claimDue(clock.instant(), CLAIM) : List.of();
                if (due.isEmpty()) {
                    nudged = wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                nudged = true; // a full claim may have left more due: look again at once
                List<java.util.concurrent.Future<WorkflowStore.Outcome>> sent = new java.util.ArrayList<>();
                try (var each = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (Delivery d : due) {
                        sent.add(each.submit(() -> send(d)));
                    }
                }
                List<WorkflowStore.Outcome> outcomes = new java.util.ArrayList<>();
                for (var f : sent) {
                    try {
                        outcomes.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        LOG.warn(
                                "a workflow delivery could not be attempted: {}",
                                e.getCause().getMessage());
                    }
                }
                // One transaction for the lot; one that fails leaves them due again after their lease.
                store.attempted(outcomes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A database that is down now will be back; what was claimed is due again after its lease.
                LOG.warn("sending workflow deliveries failed, trying again in {}: {}", POLL, e.getMessage());
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** One attempt at one delivery, and where it leaves it. */
    WorkflowStore.Outcome send(Delivery d) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        Integer status = null;
        String error;
        try {
            HttpRequest request = request(d, at);
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            error = status / 100 == 2 ? null : "the receiver answered " + status;
        } catch (IOException e) {
            error = "no answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted: the server is stopping";
        } catch (RuntimeException e) {
            error = "could not be sent: " + e.getMessage();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int number = d.attempts() + 1;
        var attempt = new WorkflowStore.Attempt(
                number, at, status, error == null ? null : Text.bounded(error, MAX_ERROR), millis);
        if (error == null) {
            return new WorkflowStore.Outcome(d, attempt, Delivery.State.DELIVERED, null);
        }
        Optional<Instant> retry = d.retryAt(number, clock.instant());
        if (retry.isEmpty()) {
            LOG.warn("gave up on the {} to {} after {} attempts: {}", d.type().wireName(), d.url(), number, error);
        }
        return new WorkflowStore.Outcome(
                d, attempt, retry.isPresent() ? Delivery.State.PENDING : Delivery.State.FAILED, retry.orElse(null));
    }

    private HttpRequest request(Delivery d, Instant at) {
        WorkflowEvent event =
                store.event(d.eventId()).orElseThrow(() -> new IllegalStateException("its event is gone"));
        WorkflowStore.Where where =
                store.where(d.workflowId()).orElseThrow(() -> new IllegalStateException("its workflow is gone"));
        var links = new Messages.Links(
                urls.test(where.organization(), where.suite(), event.testId()),
                urls.testWeb(where.organization(), where.suite(), event.testId()),
                urls.workflow(where.organization(), where.suite(), d.workflowId()),
                urls.workflowWeb(where.organization(), where.suite(), d.workflowId()));
        byte[] body = Messages.body(d.type(), event, links);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.url()))
                .timeout(Delivery.ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Verdict")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (d.type() == Action.Type.WEBHOOK) {
            // Slack's incoming webhooks need no signature, and the URL is their secret.
            request.header("X-Buildkite-Event", event.kind().eventName())
                    .header("X-Verdict-Delivery", d.id().toString())
                    .header(
                            Workflows.SIGNATURE_HEADER,
                            Workflows.signature(workflows.secret(d.workflowId()), at, body));
        }
        return request.build();
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
