package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestOrganization;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The conventions every endpoint shares: error bodies, unknown paths and methods, limits, health. */
abstract class ConventionsContract {
    abstract TestServer server();

    @Test
    void healthIs200WhileStorageAnswers() {
        HttpReply reply = server().api().get("/health", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").stringValue()).isEqualTo("ok");
    }

    @Test
    void anUnknownPathIs404WithAJsonMessage() {
        HttpReply reply = server().api().get("/v2/nothing/here", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(reply.json().get("message").stringValue()).contains("/v2/nothing/here");
    }

    @Test
    void aWrongMethodIs405NamingTheAllowedOnes() {
        TestOrganization org = server().newOrganization();

        HttpReply reply = server().api()
                .send(server().api()
                        .request(org.path("/suites"))
                        .header("Authorization", "Bearer " + org.token())
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build());

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow").orElseThrow()).contains("GET", "POST");
        assertThat(reply.json().get("message").stringValue()).contains("PUT");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        TestOrganization org = server().newOrganization();
        String huge = "{\"name\": \"" + "x".repeat(2 << 20) + "\", \"default_branch\": \"main\"}";

        HttpReply reply = server().api().post(org.path("/suites"), org.token(), huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("message").stringValue()).contains("1 MiB");
        assertThat(server().api().get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void aMalformedRequestLineGetsAJsonError() {
        HttpReply reply = server().api().get("/v2/analytics/organizations/%2e%2e/%2e%2e/etc", null);

        assertThat(reply.status()).isBetween(400, 404);
        assertThat(reply.json().has("message")).isTrue();
    }
}
