package dev.verdict.server.cli;

import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import dev.verdict.storage.DatabaseTarget;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run for the JDK's AOT cache (bin/verdict records one after each build): a server
 * on a throw-away store answers the requests a real one answers first, so the classes those need
 * are loaded and linked ahead of time on the next start. Hidden: it is for the scripts, not users.
 */
@Command(
        name = "warmup",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Start a server on a temporary store, answer a few requests, stop.")
final class WarmupCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("verdict-warmup-");
        VerdictConfig config =
                VerdictConfig.defaults(DatabaseTarget.resolve(null, dir), new SecretBox(SecretBox.newKey()));
        try (VerdictServer server = VerdictServer.start(config);
                HttpClient client = HttpClient.newHttpClient()) {
            Organization org = server.storage().access().ensureOrganization("warmup");
            String token = server.accessTokens().create(org, EnumSet.allOf(Scope.class), Optional.empty());
            String suites = server.uri() + "/v2/analytics/organizations/warmup/suites";
            send(client, HttpRequest.newBuilder(server.uri().resolve("/health")).build());
            send(
                    client,
                    HttpRequest.newBuilder(java.net.URI.create(suites))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"Warm\",\"default_branch\":\"main\",\"show_api_token\":true}"))
                            .build());
            send(
                    client,
                    HttpRequest.newBuilder(java.net.URI.create(suites + "?per_page=1"))
                            .header("Authorization", "Bearer " + token)
                            .build());
            send(client, HttpRequest.newBuilder(java.net.URI.create(suites)).build());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(WarmupCommand::delete);
            }
        }
        return 0;
    }

    private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        client.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            // a temporary directory; the OS cleans what is left
        }
    }
}
