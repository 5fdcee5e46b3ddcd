package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.server.http.RateLimits;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate limits as Buildkite's REST API has them: per organization and per token, RateLimit headers
 * on every answer, and 429 with Buildkite's body past the limit; uploads have a window of their
 * own. The counting is in the process, not the store, so one engine shows it.
 */
class RateLimitTest {
    @RegisterExtension
    static final TestServer SERVER =
            TestServer.on(TestDatabase.sqlite()).with(config -> config.withRateLimits(new RateLimits(8, 5, 3)));

    @Test
    void everyAnswerCarriesTheWindowsAndATokenPastItsLimitIs429WithWhenToComeBack() {
        TestOrganization org = SERVER.newOrganization();
        String token = org.token(Scope.READ_SUITES);

        HttpReply first = SERVER.api().get(org.path("/suites"), token);
        for (int i = 0; i < 4; i++) {
            SERVER.api().get(org.path("/suites"), token);
        }
        HttpReply refused = SERVER.api().get(org.path("/suites"), token);
        HttpReply otherToken = SERVER.api().get(org.path("/suites"), org.token(Scope.READ_SUITES));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("RateLimit-Scope")).contains("rest");
        assertThat(first.header("RateLimit-Limit")).contains("8");
        assertThat(first.header("RateLimit-Remaining")).contains("7");
        assertThat(first.header("RateLimit-User-Limit")).contains("5");
        assertThat(first.header("RateLimit-User-Remaining")).contains("4");
        assertThat(Integer.parseInt(first.header("RateLimit-Reset").orElseThrow()))
                .isBetween(1, 60);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("message").stringValue()).startsWith("You have exceeded your API rate limit");
        assertThat(refused.json().get("scope").stringValue()).isEqualTo("rest_user");
        assertThat(refused.json().get("limit").intValue()).isEqualTo(5);
        assertThat(refused.json().get("current").intValue()).isEqualTo(6);
        assertThat(refused.json().get("reset").intValue()).isBetween(1, 60);
        assertThat(refused.header("RateLimit-User-Warning")).isPresent();
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(otherToken.status())
                .as("another token of the organization still has its own window")
                .isEqualTo(200);
    }

    @Test
    void theOrganizationsWindowIsSharedByItsTokensAndNoOtherOrganizationsIsTouched() {
        TestOrganization org = SERVER.newOrganization();
        TestOrganization other = SERVER.newOrganization();
        for (int i = 0; i < 8; i++) {
            SERVER.api().get(org.path("/suites"), org.token(Scope.READ_SUITES));
        }

        HttpReply refused = SERVER.api().get(org.path("/suites"), org.token(Scope.READ_SUITES));
        HttpReply elsewhere = SERVER.api().get(other.path("/suites"), other.token(Scope.READ_SUITES));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("scope").stringValue()).isEqualTo("rest");
        assertThat(refused.header("RateLimit-Warning")).isPresent();
        assertThat(elsewhere.status()).isEqualTo(200);
    }

    @Test
    void uploadsHaveAWindowOfTheirOwn() {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Limited");
        String upload = "{\"format\":\"json\",\"run_env\":{\"key\":\"k\"},\"data\":[{\"name\":\"a\"}]}";
        for (int i = 0; i < 3; i++) {
            assertThat(suite.upload(upload).status()).isEqualTo(202);
        }

        HttpReply refused = suite.upload(upload);
        HttpReply api = SERVER.api().get(org.path("/suites"), org.token(Scope.READ_SUITES));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("scope").stringValue()).isEqualTo("uploads");
        assertThat(refused.json().get("message").stringValue()).contains("upload rate limit");
        assertThat(Integer.parseInt(refused.header("RateLimit-Reset").orElseThrow()))
                .isBetween(1, 60);
        assertThat(api.status()).isEqualTo(200);
    }

    /** Each MCP session is held in memory: beginning one counts in the token's window, as a request does. */
    @Test
    void beginningMcpSessionsCountsInTheTokensWindow() {
        TestOrganization org = SERVER.newOrganization();
        String token = org.token(Scope.READ_SUITES);
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        HttpReply refused = null;
        for (int i = 0; i < 6; i++) {
            HttpReply reply = SERVER.api()
                    .send(java.net.http.HttpRequest.newBuilder(SERVER.api().uri("/mcp"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json, text/event-stream")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,"
                                    + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
                            .build());
            statuses.add(reply.status());
            refused = reply;
        }

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(refused.json().get("scope").stringValue()).isEqualTo("rest_user");
        assertThat(refused.header("Retry-After")).isPresent();
    }
}
