package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics}: Prometheus text behind a token with {@code read_metrics}, or with no token on
 * {@code --metrics-port}; the figures move with what the server does.
 */
abstract class MetricsContract {
    /** A server of the engine's with {@code --metrics-port}, of this class alone (its counts start at zero). */
    abstract TestServer server();

    abstract int metricsPort();

    static TestServer withMetricsPort(TestDatabase database, int port) {
        return TestServer.on(database).with(c -> c.withMetricsPort(Optional.of(port)));
    }

    /** One sample line of the text format: a name, its labels, a value. */
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*\\})?"
                    + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

    @Test
    void aTokenWithReadMetricsScrapesWhatTheServerDid() {
        TestOrganization org = server().newOrganization();
        TestSuite suite = org.suite("Measured");
        assertThat(suite.upload(upload("m1", "main", "c1", execution("a", "passed", 1), execution("b", "failed", 2)))
                        .status())
                .isEqualTo(202);
        suite.finishedRuns();
        assertThat(suite.upload("{\"format\":\"json\",\"data\":[{\"name\":\"\"}]}")
                        .status())
                .isEqualTo(422);

        Api api = server().api();
        assertThat(api.get("/metrics", null).status()).isEqualTo(401);
        assertThat(api.get("/metrics", org.token(Scope.READ_SUITES)).status()).isEqualTo(403);
        HttpReply scraped = api.get("/metrics", org.token(Scope.READ_METRICS));
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.header("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");

        Map<String, Double> samples = samples(scraped.body());
        assertThat(samples.get("verdict_uploads_received_total{outcome=\"accepted\",reason=\"none\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("verdict_uploads_received_total{outcome=\"rejected\",reason=\"invalid\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("verdict_executions_written_total")).isEqualTo(2.0);
        assertThat(samples.get("verdict_upload_processing_lag_seconds_count")).isEqualTo(1.0);
        assertThat(samples.get("verdict_upload_queue_depth")).isZero();
        assertThat(samples.get("verdict_upload_queue_oldest_age_seconds")).isZero();
        assertThat(samples.get("verdict_background_leader")).isEqualTo(1.0);
        assertThat(samples.get("verdict_db_pool_max")).isPositive();
        assertThat(samples).containsKey("verdict_db_pool_connections{state=\"active\"}");
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
        assertThat(samples.get(
                        "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/uploads\",status=\"202\"}"))
                .isEqualTo(1.0);
        // Routes are grouped by their declaration, so ids never make series of their own.
        assertThat(samples.keySet())
                .anyMatch(k -> k.startsWith("http_server_requests_seconds_count{")
                        && k.contains("route=\"/v2/analytics/organizations/{org}/suites/{suite}/runs\""));
        assertThat(samples.keySet()).noneMatch(k -> k.contains(org.slug()));
    }

    @Test
    void theMetricsPortServesMetricsWithNoTokenAndNothingElse() {
        Api port = new Api(URI.create("http://localhost:" + metricsPort()));
        HttpReply scraped = port.get("/metrics", null);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(samples(scraped.body())).containsKey("verdict_upload_queue_depth");
        assertThat(port.get("/health", null).status()).isEqualTo(404);
        assertThat(port.get("/v2/access-token", null).status()).isEqualTo(404);
        assertThat(server().api().get("/metrics", null).status())
                .as("the main port still asks a token")
                .isEqualTo(401);
    }

    /** The dashboard in docs/ draws only metrics the server serves. */
    @Test
    void theGrafanaDashboardReadsOnlyMetricsTheServerServes() throws Exception {
        var dashboard = tools.jackson.databind.json.JsonMapper.shared()
                .readTree(
                        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "grafana-dashboard.json")));
        assertThat(server().api().get("/health", null).status()).isEqualTo(200); // a request has a latency
        String served = new Api(URI.create("http://localhost:" + metricsPort()))
                .get("/metrics", null)
                .body();
        Map<String, Double> samples = samples(served);
        Pattern metric = Pattern.compile("\\b((?:verdict|http_server|jvm|process)_[a-z_]+)");
        int names = 0;
        for (var panel : dashboard.get("panels")) {
            for (var target : panel.get("targets")) {
                Matcher m = metric.matcher(target.get("expr").stringValue());
                while (m.find()) {
                    String name = m.group(1);
                    names++;
                    assertThat(samples.keySet())
                            .as("%s in panel '%s'", name, panel.get("title").stringValue())
                            .anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
                }
            }
        }
        assertThat(names).isGreaterThan(10);
    }

    /** Every sample by name and labels; a line that is neither a comment nor a sample fails the test. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
