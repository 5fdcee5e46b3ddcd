package dev.verdict.server.cli;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import dev.verdict.storage.JdbcStorage;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the REST and upload APIs. Migrates the store first.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    ServerOptions options;

    @picocli.CommandLine.Option(
            names = "--log-format",
            defaultValue = "${env:VERDICT_LOG_FORMAT:-text}",
            converter = LogFormat.Converter.class,
            paramLabel = "text|json",
            description = "How log lines are written to stderr: text, or json (one object a line, for log"
                    + " collectors) (env VERDICT_LOG_FORMAT; default ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Override
    public Integer call() throws Exception {
        logFormat.apply();
        VerdictServer server;
        try {
            server = VerdictServer.start(config());
        } catch (VerdictServer.CannotListen e) {
            throw e.portInUse()
                    ? new IllegalStateException(e.getMessage() + "; choose another with --port (or VERDICT_PORT)")
                    : e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("verdict: error while stopping: " + e.getMessage());
            }
        }));
        try {
            server.join();
        } finally {
            server.close();
        }
        return 0;
    }

    private VerdictConfig config() {
        return new VerdictConfig(
                Optional.ofNullable(options.host).filter(h -> !h.isBlank()),
                options.port,
                store.database(),
                Optional.ofNullable(options.publicUrl).filter(u -> !u.isBlank()),
                new SecretBox(SecretKeys.load(store.dataDir, this::holdsSealedTokens, options.newSecretKey)),
                Clock.systemUTC(),
                options.staleAfter,
                options.retention(),
                options.maxUploadBytes,
                (int) Math.min(Integer.MAX_VALUE, options.maxOutputBytes),
                options.rateLimits(),
                VerdictConfig.Front.DEFAULTS.withTrustProxy(options.trustProxy),
                Optional.ofNullable(options.metricsPort));
    }

    /** Asked only when there is no key yet: a fresh store is migrated here, as serving would anyway. */
    private boolean holdsSealedTokens() {
        try (JdbcStorage storage = JdbcStorage.open(store.database())) {
            storage.migrate();
            return storage.suites().holdsSealedUploadTokens();
        }
    }
}
