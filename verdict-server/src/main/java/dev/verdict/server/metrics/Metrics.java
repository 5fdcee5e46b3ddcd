package dev.verdict.server.metrics;

import dev.verdict.core.ingest.UploadStore.Backlog;
import dev.verdict.storage.JdbcStorage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * What a server tells Prometheus: uploads received by outcome and reason, the queue's depth and the
 * age of its oldest upload, how long processed uploads waited, executions written, HTTP latency by
 * route and status, the connection pool, background leadership and the JVM. One registry a server;
 * queue figures are the store's (every server of a cluster reports the same), the rest this
 * server's own.
 */
public final class Metrics implements AutoCloseable {
    /** Prometheus's text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Latency buckets: a page's 150 ms target sits between two. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    /** Queue figures are read once a second at most, however often they are scraped. */
    private static final Duration BACKLOG_FRESH = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JdbcStorage storage;
    private final Clock clock;
    private final Counter executions;
    private final Timer lag;
    private Backlog backlog = new Backlog(0, java.util.Optional.empty());
    private long backlogReadAt = Long.MIN_VALUE;

    public Metrics(JdbcStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        pool("active", JdbcStorage.Pool::active);
        pool("idle", JdbcStorage.Pool::idle);
        pool("pending", JdbcStorage.Pool::waiting);
        Gauge.builder("verdict.db.pool.max", storage, s -> s.pool().max())
                .description("Connections the pool may open")
                .register(registry);
        Gauge.builder("verdict.upload.queue.depth", this, m -> m.backlog().queued())
                .description("Uploads accepted and not yet processed, in the whole store")
                .register(registry);
        Gauge.builder("verdict.upload.queue.oldest.age", this, Metrics::oldestAgeSeconds)
                .description("How long the oldest queued upload has waited, 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("verdict.background.leader", storage, s -> s.leadership().leading() ? 1 : 0)
                .description("1 on the server that runs the cluster's background chores")
                .register(registry);
        this.executions = Counter.builder("verdict.executions.written")
                .description("Executions this server wrote; rate() is executions written a second")
                .register(registry);
        this.lag = Timer.builder("verdict.upload.processing.lag")
                .description(
                        "From an upload's 202 to its executions being queryable, for uploads this server processed")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        received(202); // present from the start, so a rate() over it has a series before the first upload
        storage.uploads().whenProcessed(p -> {
            lag.record(Duration.between(p.accepted(), p.processed()));
            executions.increment(p.executions());
        });
    }

    private void pool(String state, ToDoubleFunction<JdbcStorage.Pool> value) {
        Gauge.builder("verdict.db.pool.connections", storage, s -> value.applyAsDouble(s.pool()))
                .description("Database connections by state")
                .tag("state", state)
                .register(registry);
    }

    private synchronized Backlog backlog() {
        long now = System.nanoTime();
        if (backlogReadAt == Long.MIN_VALUE || now - backlogReadAt > BACKLOG_FRESH.toNanos()) {
            try {
                backlog = storage.uploads().backlog();
            } catch (RuntimeException storeDown) {
                // the last figures stand; /health says the store is down
            }
            backlogReadAt = now;
        }
        return backlog;
    }

    private double oldestAgeSeconds() {
        Instant now = clock.instant();
        return backlog()
                .oldest()
                .map(o -> Math.max(0, Duration.between(o, now).toMillis() / 1000.0))
                .orElse(0.0);
    }

    /**
     * One request answered: its latency under its route (as declared, or {@code other} for what
     * matched none) and status; an upload also as received, accepted or rejected with its reason.
     */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .description("HTTP requests by method, route and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.ofNanos(nanos));
        if (method.equals("POST") && route.equals("/v1/uploads")) {
            received(status).increment();
        }
    }

    private Counter received(int status) {
        return Counter.builder("verdict.uploads.received")
                .description("Uploads answered, by outcome and the reason for a refusal")
                .tag("outcome", status == 202 ? "accepted" : "rejected")
                .tag("reason", reason(status))
                .register(registry);
    }

    /** Why an upload was refused, named from its status: the body says more to its sender. */
    static String reason(int status) {
        return switch (status) {
            case 202 -> "none";
            case 400 -> "bad_request";
            case 401, 403 -> "unauthorized";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "invalid";
            case 429 -> "rate_limited";
            case 503 -> "store_unavailable";
            case 507 -> "store_full";
            default -> "status_" + status;
        };
    }

    /** Everything, in Prometheus's text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
