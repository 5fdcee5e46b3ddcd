package dev.verdict.server.cli;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Asks a running server's {@code GET /health} and says so in the exit code. The container image
 * has no shell and no curl, so this is its health check: a probe runs the image's own java with it.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Check a running server: exit 0 when its /health answers ok, 1 with the reason when not.",
            "For container health checks and readiness probes."
        })
final class HealthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            defaultValue = "http://localhost:${env:VERDICT_PORT:-8080}/health",
            paramLabel = "URL",
            description = "The server's health address (default ${DEFAULT-VALUE}, after env VERDICT_PORT).")
    URI url;

    @Option(
            names = "--timeout",
            defaultValue = "5",
            paramLabel = "SECONDS",
            description = "How long to wait for the answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        var err = spec.commandLine().getErr();
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(url).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                spec.commandLine().getOut().println(response.body());
                return 0;
            }
            err.println("verdict: " + url + " answered " + response.statusCode() + ": " + oneLine(response.body()));
        } catch (ConnectException e) {
            err.println("verdict: nothing answers at " + url + " (connection refused)");
        } catch (HttpTimeoutException e) {
            err.println("verdict: " + url + " did not answer within " + timeout.toSeconds() + " s");
        } catch (java.io.IOException | IllegalArgumentException e) {
            err.println("verdict: could not ask " + url + ": " + dev.verdict.upload.Commands.oneLine(e));
        }
        return 1;
    }

    /** A 503's body is {"message": ...}; what else a proxy in front may answer is cut to a line. */
    private static String oneLine(String body) {
        String line = body.strip().lines().findFirst().orElse("(empty body)");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
