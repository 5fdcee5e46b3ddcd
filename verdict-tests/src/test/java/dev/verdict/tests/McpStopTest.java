package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.storage.DatabaseTarget;
import dev.verdict.storage.JdbcStorage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped with SIGTERM while an MCP client holds its event stream open ends the stream
 * and exits, instead of waiting out its drain for a request that never ends.
 */
class McpStopTest {
    @TempDir
    Path data;

    @Test
    void sigtermEndsAnOpenEventStreamAndTheServerExits() throws Exception {
        try (ServerProcess server = ServerProcess.start(
                        List.of("--data-dir", data.toString()), Map.of(), data.resolve("server.log"))
                .awaitHealthy()) {
            String token;
            try (JdbcStorage storage = JdbcStorage.open(DatabaseTarget.resolve(null, data))) {
                token = new AccessTokens(storage.access(), Clock.systemUTC())
                        .create(
                                storage.access().ensureOrganization("acme"),
                                EnumSet.of(Scope.READ_SUITES),
                                Optional.of("stop test"));
            }
            URI mcp = server.uri().resolve("/mcp");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> initialized = http.send(
                    post(mcp, token, null)
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                                    + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertThat(http.send(
                                    post(mcp, token, session)
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(202);
            HttpResponse<InputStream> stream = http.send(
                    HttpRequest.newBuilder(mcp)
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "text/event-stream")
                            .header("Mcp-Session-Id", session)
                            .header("MCP-Protocol-Version", "2025-11-25")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
                try (InputStream body = stream.body()) {
                    body.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException e) {
                    // a stream cut by the server's exit has ended too
                }
            });

            long stopping = System.nanoTime();
            server.terminate();

            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);
            // Left open, the stream would hold the graceful stop for its whole 12-second drain.
            assertThat(took).as(server.log()).isLessThan(Duration.ofSeconds(8));
            ended.get(10, TimeUnit.SECONDS);
            assertThat(server.log()).contains("Verdict is stopping");
        }
    }

    private static HttpRequest.Builder post(URI mcp, String token, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return request;
    }
}
