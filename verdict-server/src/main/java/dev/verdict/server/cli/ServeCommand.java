package dev.verdict.server.cli;

import dev.verdict.server.VerdictServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the REST and upload APIs. Migrates the store first.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    Settings settings;

    @Override
    public Integer call() throws Exception {
        VerdictServer server = VerdictServer.start(settings.config());
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
}
