package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** Authentication, scopes and the wall between organizations, over real HTTP. */
abstract class AccessContract {
    abstract TestServer server();

    @Test
    void noTokenIs401WithAMessage() {
        TestOrganization org = server().newOrganization();

        HttpReply reply = server().api().get(org.path("/suites"), null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("message").stringValue()).contains("Authentication required");
    }

    @Test
    void unknownMalformedOrNonBearerTokensAre401() {
        TestOrganization org = server().newOrganization();
        String good = org.token(Scope.READ_SUITES);
        String forged = good.substring(0, good.length() - 2) + (good.endsWith("xx") ? "yy" : "xx");

        for (String header :
                java.util.List.of("Bearer " + forged, "Bearer nonsense", "Bearer ", "Basic " + good, good)) {
            HttpReply reply = server().api()
                    .send(server().api()
                            .request(org.path("/suites"))
                            .header("Authorization", header)
                            .GET()
                            .build());
            assertThat(reply.status()).as(header).isEqualTo(401);
        }
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        TestOrganization org = server().newOrganization();
        String token = org.token(Scope.READ_SUITES);

        HttpReply reply = server().api()
                .send(server().api()
                        .request(org.path("/suites"))
                        .header("Authorization", "bearer " + token)
                        .GET()
                        .build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void aMissingScopeIs403NamingIt() {
        TestOrganization org = server().newOrganization();
        String readOnly = org.token(Scope.READ_SUITES);
        String writeOnly = org.token(Scope.WRITE_SUITES);

        HttpReply create =
                server().api().post(org.path("/suites"), readOnly, "{\"name\":\"x\",\"default_branch\":\"main\"}");
        HttpReply list = server().api().get(org.path("/suites"), writeOnly);

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("message").stringValue())
                .isEqualTo("Your access token doesn't have the write_suites scope");
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.json().get("message").stringValue()).contains("read_suites");
    }

    @Test
    void anotherOrganizationIs404EvenWhenItExists() {
        TestOrganization mine = server().newOrganization();
        TestOrganization theirs = server().newOrganization();
        String theirToken = theirs.token();
        server().api().post(theirs.path("/suites"), theirToken, "{\"name\":\"Secret\",\"default_branch\":\"main\"}");
        String myToken = mine.token();

        HttpReply list = server().api().get(theirs.path("/suites"), myToken);
        HttpReply suite = server().api().get(theirs.path("/suites/secret"), myToken);
        HttpReply delete = server().api().delete(theirs.path("/suites/secret"), myToken);
        HttpReply ghost = server().api().get("/v2/analytics/organizations/no-such-org/suites", myToken);

        assertThat(list.status()).isEqualTo(404);
        assertThat(suite.status()).isEqualTo(404);
        assertThat(delete.status()).isEqualTo(404);
        assertThat(ghost.status()).isEqualTo(404);
        assertThat(list.json().get("message").stringValue())
                .isEqualTo(ghost.json().get("message").stringValue());
        assertThat(server().api().get(theirs.path("/suites/secret"), theirToken).status())
                .isEqualTo(200);
    }

    @Test
    void theAccessTokenEndpointShowsTheCallersToken() {
        TestOrganization org = server().newOrganization();
        String token = org.token(Scope.READ_SUITES, Scope.WRITE_TEST_PLAN);
        String id = server().server()
                .accessTokens()
                .authenticate(token)
                .orElseThrow()
                .id()
                .toString();

        HttpReply reply = server().api().get("/v2/access-token", token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("uuid").stringValue()).isEqualTo(id);
        assertThat(reply.json()
                        .get("scopes")
                        .valueStream()
                        .map(s -> s.stringValue())
                        .toList())
                .containsExactly("read_suites", "write_test_plan");
        assertThat(reply.json().get("created_at").stringValue())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    }

    @Test
    void aRevokedTokenIs401() {
        TestOrganization org = server().newOrganization();
        String token = org.token(Scope.READ_SUITES);

        assertThat(server().api().delete("/v2/access-token", token).status()).isEqualTo(204);

        assertThat(server().api().get(org.path("/suites"), token).status()).isEqualTo(401);
        assertThat(server().api().get("/v2/access-token", token).status()).isEqualTo(401);
    }

    @Test
    void anUploadTokenIsNoApiToken() {
        TestOrganization org = server().newOrganization();
        String uploadToken = server().api()
                .post(
                        org.path("/suites"),
                        org.token(),
                        "{\"name\":\"S\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue();

        assertThat(server().api().get(org.path("/suites"), uploadToken).status())
                .isEqualTo(401);
    }

    @Test
    void corsHeadersAreOnEveryAnswerAndPreflightIsAnswered() {
        TestOrganization org = server().newOrganization();

        HttpReply denied = server().api().get(org.path("/suites"), null);
        HttpReply preflight = server().api()
                .send(server().api()
                        .request(org.path("/suites"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://example.com")
                        .header("Access-Control-Request-Method", "GET")
                        .build());

        assertThat(denied.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(denied.header("Access-Control-Expose-Headers").orElseThrow())
                .contains("Link", "RateLimit-Remaining", "RateLimit-Reset");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow())
                .contains("GET", "POST");
        assertThat(preflight.header("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization");
    }
}
