package dev.verdict.server;

import dev.verdict.core.Background;
import dev.verdict.core.Background.Chore;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.ingest.Ingest;
import dev.verdict.core.ingest.Retries;
import dev.verdict.core.ingest.UploadProcessor;
import dev.verdict.core.pipeline.UploadPipeline;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suites;
import dev.verdict.core.workflows.Workflows;
import dev.verdict.server.api.AccessTokenApi;
import dev.verdict.server.api.BuildTestsApi;
import dev.verdict.server.api.ExecutionTagsApi;
import dev.verdict.server.api.FailureSearchApi;
import dev.verdict.server.api.FlakyTestsApi;
import dev.verdict.server.api.HealthApi;
import dev.verdict.server.api.OpenApiDocument;
import dev.verdict.server.api.RunsApi;
import dev.verdict.server.api.SuitesApi;
import dev.verdict.server.api.TestOwnershipApi;
import dev.verdict.server.api.TestPlanApi;
import dev.verdict.server.api.TestsApi;
import dev.verdict.server.api.UploadsApi;
import dev.verdict.server.api.Urls;
import dev.verdict.server.api.WorkflowsApi;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.JsonErrorHandler;
import dev.verdict.server.http.Links;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import dev.verdict.server.http.SlowClients;
import dev.verdict.server.http.Spool;
import dev.verdict.server.mcp.McpEndpoint;
import dev.verdict.server.metrics.Metrics;
import dev.verdict.server.metrics.MetricsPort;
import dev.verdict.server.outbox.Sender;
import dev.verdict.server.web.WebApp;
import dev.verdict.storage.JdbcStorage;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Verdict: the store, the services over it and the HTTP server in front. */
public final class VerdictServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VerdictServer.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("verdict.requests");

    /** How often idle workers look for uploads queued by other processes. */
    private static final Duration PROCESSOR_POLL = Duration.ofMillis(500);
    /** How long workers wait after a failure of the store itself before trying again. */
    private static final Duration PROCESSOR_BACKOFF = Duration.ofSeconds(1);
    /** How often closed hours are rolled up: the hours not rolled up yet are read from executions. */
    private static final Duration ROLLUP_EVERY = Duration.ofMinutes(1);
    /**
     * How long a stopping server (SIGTERM) lets requests in hand finish, and then the uploads its
     * workers hold: within the 30 seconds orchestrators wait by default before they kill.
     */
    static final Duration DRAIN = Duration.ofSeconds(12);
    /** How often expired data is removed: each round stops after 30 seconds of work at most. */
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);
    /** How often processed uploads' timings are counted: a plan counts its suite's first. */
    private static final Duration TIMINGS_EVERY = Duration.ofSeconds(1);

    private final Server jetty;
    private final Storage storage;
    private final UploadProcessor processor;
    private final Background background;
    private final AccessTokens accessTokens;
    private final Suites suites;
    private final Router router;
    private final Spool spool;
    private final Sender sender;
    private final Metrics metrics;
    private final McpEndpoint mcp;
    private final URI uri;
    private boolean closed;

    private VerdictServer(
            Server jetty,
            Storage storage,
            UploadProcessor processor,
            Background background,
            AccessTokens accessTokens,
            Suites suites,
            Router router,
            Spool spool,
            Sender sender,
            Metrics metrics,
            McpEndpoint mcp,
            URI uri) {
        this.jetty = jetty;
        this.storage = storage;
        this.processor = processor;
        this.background = background;
        this.accessTokens = accessTokens;
        this.suites = suites;
        this.router = router;
        this.spool = spool;
        this.sender = sender;
        this.metrics = metrics;
        this.mcp = mcp;
        this.uri = uri;
    }

    /** Migrates the store, then listens. Returns once requests are being answered. */
    public static VerdictServer start(VerdictConfig config) throws Exception {
        long startedAt = System.nanoTime();
        JdbcStorage storage = JdbcStorage.open(config.database());
        UploadProcessor processor = null;
        Sender sender = null;
        Metrics metrics = new Metrics(storage, config.clock());
        Background background = new Background(
                storage.leadership(),
                List.of(
                        new Chore(
                                "rolling up executions",
                                ROLLUP_EVERY,
                                "hours",
                                () -> storage.tests().rollUp(config.clock().instant())),
                        new Chore(
                                "expiring old data",
                                RETENTION_EVERY,
                                "partitions and batches",
                                () -> storage.retention().expire(config.clock().instant(), config.retention())),
                        new Chore(
                                "counting file timings",
                                TIMINGS_EVERY,
                                "uploads",
                                () -> storage.plans().foldTimings(config.clock().instant()))));
        Spool spool = Spool.create();
        CompletableFuture<Void> migrated = null;
        try {
            // Migrating (Flyway reads its history, at least) runs on the second core while the HTTP
            // side is built; nothing is served before it is done.
            migrated = CompletableFuture.runAsync(storage::migrate);
            Server jetty = new Server(new VirtualThreadPool());
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            if (config.front().trustProxy()) {
                // The request's scheme, host, port and client become what the proxy says they were.
                http.addCustomizer(new ForwardedRequestCustomizer());
            }
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            config.host().ifPresent(connector::setHost);
            connector.setPort(config.port());
            SlowClients.guard(
                    connector,
                    http,
                    config.front().headerTimeout(),
                    config.front().idleTimeout());
            listen(connector); // bind now, so a port of 0 is known before the URLs are built
            jetty.addConnector(connector);
            String localUrl = "http://" + localHost(config.host()) + ":" + connector.getLocalPort();
            String publicUrl =
                    config.publicUrl().map(u -> u.replaceAll("/+$", "")).orElse(localUrl);

            AccessTokens accessTokens = new AccessTokens(storage.access(), config.clock());
            Suites suites = new Suites(storage.suites(), config.secretBox(), config.clock());
            processor = new UploadProcessor(
                    storage.uploads(),
                    UploadPipeline.standard(),
                    Retries.DEFAULT,
                    config.clock(),
                    storage.writers(),
                    PROCESSOR_POLL,
                    PROCESSOR_BACKOFF,
                    DRAIN);
            Ingest ingest = new Ingest(storage.uploads(), processor, config.clock());
            Urls urls = new Urls(publicUrl);
            Workflows workflows = new Workflows(storage.workflows(), config.secretBox(), config.clock());
            sender = new Sender(storage.workflows(), workflows, urls, config.clock(), storage.leadership());
            Router router = new Router(accessTokens, suites, new Links(publicUrl), config.rateLimits());
            router.add(
                    "GET",
                    "/metrics",
                    Guard.scope(Scope.READ_METRICS),
                    call -> Reply.okText(Metrics.CONTENT_TYPE, metrics.scrape()));
            new HealthApi(storage).routes(router);
            OpenApiDocument openApi = new OpenApiDocument(publicUrl);
            openApi.routes(router);
            new AccessTokenApi(storage).routes(router);
            new SuitesApi(storage, suites, urls).routes(router);
            new WorkflowsApi(storage, workflows, urls).routes(router);
            RunLifecycle lifecycle = new RunLifecycle(config.staleAfter(), config.retention());
            new RunsApi(storage, lifecycle, config.clock(), urls).routes(router);
            new TestsApi(storage, config.clock(), urls).routes(router);
            new FlakyTestsApi(storage, config.clock(), urls).routes(router);
            new FailureSearchApi(storage, config.clock(), urls).routes(router);
            new TestPlanApi(storage, config.clock()).routes(router);
            new ExecutionTagsApi(storage).routes(router);
            new BuildTestsApi(storage, urls, config.clock()).routes(router);
            new TestOwnershipApi(storage, config.clock()).routes(router);
            new UploadsApi(storage, ingest, urls, config.maxUploadBytes(), config.maxOutputChars(), spool)
                    .routes(router);

            McpEndpoint mcp = new McpEndpoint(
                    accessTokens,
                    router,
                    openApi.document(),
                    dev.verdict.upload.Commands.version(),
                    config.front().idleTimeout());
            WebApp web = WebApp.create(storage, accessTokens, suites, lifecycle, config, workflows, publicUrl);
            // Pages first: they answer only their own paths and leave the rest to the API.
            List<Handler> handlers = new java.util.ArrayList<>();
            if (config.metricsPort().isPresent()) {
                ServerConnector metricsConnector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                config.host().ifPresent(metricsConnector::setHost);
                metricsConnector.setPort(config.metricsPort().get());
                listen(metricsConnector);
                jetty.addConnector(metricsConnector);
                // First: on its own port /metrics needs no token, and nothing else is served there.
                handlers.add(new MetricsPort(metricsConnector, metrics));
            }
            handlers.add(mcp);
            handlers.add(web);
            handlers.add(router);
            // Graceful: once stopping, new requests are answered 503 and those in hand finish.
            jetty.setHandler(new GracefulHandler(SlowClients.minimumBodyRate(
                    new Handler.Sequence(handlers), config.front().minRequestBytesPerSecond())));
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.setRequestLog((request, response) -> {
                long nanos = System.nanoTime() - request.getBeginNanoTime();
                metrics.request(
                        request.getMethod(),
                        request.getAttribute(Router.ROUTE) instanceof String route ? route : "other",
                        response.getStatus(),
                        nanos);
                REQUESTS.info(
                        "{} {} {} {}ms",
                        request.getMethod(),
                        request.getHttpURI().getPathQuery(),
                        response.getStatus(),
                        TimeUnit.NANOSECONDS.toMillis(nanos));
            });
            jetty.setStopTimeout(DRAIN.toMillis());
            awaitMigration(migrated);
            // The weeks' partitions are made ahead by the chores too; here, so a store whose servers
            // were all down for weeks can take executions before the first round.
            storage.retention().prepare(config.clock().instant());
            jetty.start();
            processor.start();
            background.start();
            sender.start();
            LOG.info(
                    "Verdict is listening on {} (store: {}; started in {} ms)",
                    publicUrl,
                    storage.target(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return new VerdictServer(
                    jetty,
                    storage,
                    processor,
                    background,
                    accessTokens,
                    suites,
                    router,
                    spool,
                    sender,
                    metrics,
                    mcp,
                    URI.create(localUrl));
        } catch (Exception | Error e) {
            if (migrated != null) {
                // A start that failed (the port taken) must not leave a migration writing behind it.
                migrated.exceptionally(failed -> null).join();
            }
            if (processor != null) {
                processor.close();
            }
            metrics.close();
            if (sender != null) {
                sender.close();
            }
            background.close();
            storage.close();
            spool.close();
            throw e;
        }
    }

    /** The port is taken, or the address is not this machine's: said as such, not as Jetty's wrapping. */
    public static final class CannotListen extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private final boolean portInUse;

        CannotListen(String message, boolean portInUse) {
            super(message);
            this.portInUse = portInUse;
        }

        /** Whether another port would do: else the address is wrong. */
        public boolean portInUse() {
            return portInUse;
        }
    }

    private static void listen(ServerConnector connector) throws IOException {
        try {
            connector.open();
        } catch (IOException e) {
            String where =
                    "port " + connector.getPort() + (connector.getHost() == null ? "" : " on " + connector.getHost());
            if (e.getCause() instanceof BindException bind) {
                boolean inUse = "Address already in use".equals(bind.getMessage());
                throw new CannotListen(
                        inUse ? where + " is in use" : "cannot listen on " + where + ": " + bind.getMessage(), inUse);
            }
            throw e;
        }
    }

    /** How this machine reaches the server: its own address when bound to one, else localhost. */
    private static String localHost(Optional<String> host) {
        return host.filter(h -> !h.isBlank() && !h.equals("0.0.0.0") && !h.equals("::"))
                .map(h -> h.contains(":") ? "[" + h + "]" : h)
                .orElse("localhost");
    }

    private static void awaitMigration(CompletableFuture<Void> migrated) throws Exception {
        try {
            migrated.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Where this server answers on this machine. */
    public URI uri() {
        return uri;
    }

    /** The API's routes with their guards. */
    public List<Router.Declared> routes() {
        return router.table();
    }

    public Storage storage() {
        return storage;
    }

    public AccessTokens accessTokens() {
        return accessTokens;
    }

    public Suites suites() {
        return suites;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops as SIGTERM asks: no new connections, and new requests on open ones 503; requests in hand
     * (an upload's body arriving) are answered; then the workers finish the uploads they hold and
     * take no more; then the chores and the store. A second call waits for the first.
     */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info(
                "Verdict is stopping: finishing the requests and uploads in hand (at most {}s each)",
                DRAIN.toSeconds());
        try {
            // Open MCP event streams would hold the drain to its end: they are ended first.
            mcp.closeSessions();
            jetty.stop();
        } finally {
            try {
                processor.close();
                background.close();
                sender.close();
                metrics.close();
            } finally {
                storage.close();
                spool.close();
            }
        }
    }
}
