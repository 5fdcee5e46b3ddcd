package dev.verdict.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workflows {@code bench ingest --workflows N} puts on its suite: the default one, then one
 * of each kind of monitor with each kind of action, webhooks and Slack messages going to a
 * receiver in this process that answers 200, as a well-behaved endpoint would.
 */
final class BenchWorkflows {
    private static HttpServer receiver;
    static final AtomicInteger RECEIVED = new AtomicInteger();

    private BenchWorkflows() {}

    private static final List<String> EXTRA = List.of("""
            {"monitor": {"type": "transition_count", "window_size": 10, "alarm_threshold": 0.3, "recover_threshold": 0.1},
             "filters": [{"key": "scm.branch", "operator": "is", "value": "main"}],
             "alarm_actions": [{"type": "add_label", "label": "unstable"}, {"type": "webhook", "url": "%s"}],
             "recover_actions": [{"type": "remove_label", "label": "unstable"}]}""", """
            {"monitor": {"type": "passed_on_retry"},
             "alarm_actions": [{"type": "add_label", "label": "retried"}],
             "recover_actions": [{"type": "remove_label", "label": "retried"}]}""", """
            {"monitor": {"type": "probabilistic_flakiness", "alarm_threshold": 0.5, "recover_threshold": 0.2},
             "alarm_actions": [{"type": "change_state", "state": "muted"}, {"type": "webhook", "url": "%s"}],
             "recover_actions": [{"type": "change_state", "state": "enabled"}]}""", """
            {"monitor": {"type": "duration_threshold", "window_size": 5, "alarm_threshold": 1, "recover_threshold": 0.5},
             "filters": [{"key": "cloud.provider", "operator": "is", "value": "aws"}],
             "alarm_actions": [{"type": "add_label", "label": "slow"}],
             "recover_actions": [{"type": "remove_label", "label": "slow"}]}""", """
            {"monitor": {"type": "broken"},
             "alarm_actions": [{"type": "slack", "webhook_url": "%s"}],
             "recover_actions": [{"type": "slack", "webhook_url": "%s"}]}""");

    static void arrange(HttpClient http, URI server, String token, String suite, int count) throws Exception {
        if (count < 0 || count > 1 + EXTRA.size()) {
            throw new IllegalArgumentException("--workflows must be from 0 to " + (1 + EXTRA.size()));
        }
        URI workflows = server.resolve("/v2/analytics/organizations/bench/suites/" + suite + "/workflows");
        if (count == 0) {
            String list = IngestBench.send(
                            http,
                            authorized(HttpRequest.newBuilder(workflows), token)
                                    .GET()
                                    .build())
                    .body();
            String id = IngestBench.JSON.readTree(list).get(0).get("id").stringValue();
            check(IngestBench.send(
                    http,
                    authorized(HttpRequest.newBuilder(URI.create(workflows + "/" + id)), token)
                            .DELETE()
                            .build()));
            return;
        }
        String url = count > 1 ? receiverUrl() : null;
        for (int i = 0; i < count - 1; i++) {
            String body = EXTRA.get(i).replace("%s", url);
            check(IngestBench.send(
                    http,
                    authorized(HttpRequest.newBuilder(workflows), token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build()));
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static void check(HttpResponse<String> reply) {
        if (reply.statusCode() / 100 != 2) {
            throw new IllegalStateException("arranging workflows: " + reply.statusCode() + " " + reply.body());
        }
    }

    private static synchronized String receiverUrl() throws java.io.IOException {
        if (receiver == null) {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                RECEIVED.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            receiver.start();
        }
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }
}
