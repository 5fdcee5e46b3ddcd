package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Suites API over real HTTP, field for field as Buildkite's. */
abstract class SuitesApiContract {
    abstract TestServer server();

    TestOrganization org;
    String token;

    @BeforeEach
    void newOrganization() {
        org = server().newOrganization();
        token = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
    }

    HttpReply create(String json) {
        return server().api().post(org.path("/suites"), token, json);
    }

    @Test
    void createAnswers201WithTheSuiteObject() {
        HttpReply reply = create("""
                {"name": "Jest — Frontend", "default_branch": "main", "application_name": "web",
                 "color": "#FFF700", "emoji": "🍋"}""");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode suite = reply.json();
        String id = suite.get("id").stringValue();
        String base = server().server().uri().toString();
        assertThat(suite.get("slug").stringValue()).isEqualTo("jest-frontend");
        assertThat(suite.get("name").stringValue()).isEqualTo("Jest — Frontend");
        assertThat(suite.get("default_branch").stringValue()).isEqualTo("main");
        assertThat(suite.get("application_name").stringValue()).isEqualTo("web");
        assertThat(suite.get("color").stringValue()).isEqualTo("#FFF700");
        assertThat(suite.get("emoji").stringValue()).isEqualTo("🍋");
        assertThat(suite.get("oidc_policy").isNull()).isTrue();
        assertThat(suite.get("organization_id").stringValue())
                .isEqualTo(org.organization().id().toString());
        assertThat(suite.get("url").stringValue())
                .isEqualTo(base + "/v2/analytics/organizations/" + org.slug() + "/suites/jest-frontend");
        assertThat(suite.get("web_url").stringValue())
                .isEqualTo(base + "/organizations/" + org.slug() + "/analytics/suites/jest-frontend");
        assertThat(new String(
                        Base64.getDecoder().decode(suite.get("graphql_id").stringValue()), StandardCharsets.UTF_8))
                .isEqualTo("Suite---" + id);
        assertThat(suite.has("api_token")).isFalse();
    }

    @Test
    void showApiTokenOnCreateReturnsATokenThatGetShowsAgain() {
        String created = create("{\"name\": \"Tokens\", \"default_branch\": \"main\", \"show_api_token\": true}")
                .json()
                .get("api_token")
                .stringValue();

        HttpReply shown = server().api().get(org.path("/suites/tokens?show_api_token=true"), token);

        assertThat(created).startsWith("vds_");
        assertThat(shown.json().get("api_token").stringValue()).isEqualTo(created);
        assertThat(server().server().suites().authenticateUpload(created)).isPresent();
    }

    @Test
    void showingTheUploadTokenNeedsWriteSuites() {
        create("{\"name\": \"Guarded\", \"default_branch\": \"main\"}");
        String readOnly = org.token(Scope.READ_SUITES);

        HttpReply reply = server().api().get(org.path("/suites/guarded?show_api_token=true"), readOnly);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("message").stringValue()).contains("write_suites");
    }

    @Test
    void aMissingNameAndBranchAre422NamingBoth() {
        HttpReply reply = create("{\"color\": \"#000\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("message").stringValue())
                .startsWith("Validation failed: ")
                .contains("name", "default_branch");
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").stringValue())
                        .toList())
                .containsExactly("name", "default_branch");
    }

    @Test
    void wrongTypesAre422() {
        HttpReply reply =
                create("{\"name\": 5, \"default_branch\": [\"main\"], \"color\": \"yellow\", \"team_ids\": \"x\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json()
                        .get("errors")
                        .valueStream()
                        .map(e -> e.get("field").stringValue())
                        .toList())
                .contains("name", "default_branch", "team_ids");
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        HttpReply reply = create("{\"name\": \"x\",\n \"default_branch\": }");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("message").stringValue()).contains("not valid JSON", "line 2");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertThat(create("[1, 2]").status()).isEqualTo(400);
        assertThat(create("").status()).isEqualTo(400);
    }

    @Test
    void nothingIsStoredForARejectedCreate() {
        create("{\"name\": \"Half\"}");

        assertThat(server().api().get(org.path("/suites"), token).json().size()).isZero();
    }

    @Test
    void bothSpellingsOfTeamIdsAreAccepted() {
        assertThat(create(
                                "{\"name\": \"A\", \"default_branch\": \"main\", \"team_ids\": [\"3e979a94-a479-4a6e-ab8d-8b6607ffb62c\"]}")
                        .status())
                .isEqualTo(201);
        assertThat(create(
                                "{\"name\": \"B\", \"default_branch\": \"main\", \"teams_ids\": [\"3e979a94-a479-4a6e-ab8d-8b6607ffb62c\"]}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void anOidcPolicyIsKeptAsJson() {
        String policy = "[{\"iss\":\"https://agent.buildkite.com\",\"scopes\":[\"write_uploads\"]}]";
        create("{\"name\": \"Oidc\", \"default_branch\": \"main\", \"oidc_policy\": " + policy + "}");

        JsonNode suite = server().api().get(org.path("/suites/oidc"), token).json();

        assertThat(suite.get("oidc_policy").isArray()).isTrue();
        assertThat(suite.get("oidc_policy").get(0).get("iss").stringValue()).isEqualTo("https://agent.buildkite.com");
    }

    @Test
    void getAnswersTheSuiteAndAnUnknownSlugIs404() {
        String id = create("{\"name\": \"Findable\", \"default_branch\": \"main\"}")
                .json()
                .get("id")
                .stringValue();

        HttpReply found = server().api().get(org.path("/suites/findable"), token);
        HttpReply missing = server().api().get(org.path("/suites/nope"), token);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").stringValue()).isEqualTo(id);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").stringValue()).isEqualTo("No suite found");
    }

    @Test
    void theListIsABareArrayPagedWithLinkHeaders() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            create("{\"name\": \"" + name + "\", \"default_branch\": \"main\"}");
        }

        HttpReply first = server().api().get(org.path("/suites?per_page=2"), token);
        HttpReply last = server().api().get(org.path("/suites?per_page=2&page=3"), token);

        assertThat(first.json().isArray()).isTrue();
        assertThat(first.json()
                        .valueStream()
                        .map(s -> s.get("slug").stringValue())
                        .toList())
                .containsExactly("a", "b");
        String base = server().api().uri(org.path("/suites")).toString();
        assertThat(first.header("Link"))
                .contains("<" + base + "?page=2&per_page=2>; rel=\"next\", <" + base
                        + "?page=3&per_page=2>; rel=\"last\"");
        assertThat(last.json()
                        .valueStream()
                        .map(s -> s.get("slug").stringValue())
                        .toList())
                .containsExactly("e");
        assertThat(last.header("Link"))
                .contains("<" + base + "?page=1&per_page=2>; rel=\"first\", <" + base
                        + "?page=2&per_page=2>; rel=\"prev\"");
    }

    @Test
    void theDefaultPageSizeIs30() {
        for (int i = 0; i < 31; i++) {
            create("{\"name\": \"s" + i + "\", \"default_branch\": \"main\"}");
        }

        HttpReply page = server().api().get(org.path("/suites"), token);

        assertThat(page.json().size()).isEqualTo(30);
        assertThat(page.header("Link").orElseThrow()).contains("page=2&per_page=30>; rel=\"next\"");
    }

    @Test
    void badPagingValuesAre400() {
        for (String query : List.of("per_page=0", "per_page=101", "page=0", "page=two", "per_page=1.5")) {
            HttpReply reply = server().api().get(org.path("/suites?" + query), token);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("message").stringValue()).as(query).containsAnyOf("page", "per_page");
        }
    }

    @Test
    void patchChangesOnlyWhatItNamesAndARenameMovesTheSlug() {
        create("{\"name\": \"Old Name\", \"default_branch\": \"main\", \"color\": \"#123456\"}");

        HttpReply reply = server().api().patch(org.path("/suites/old-name"), token, "{\"name\": \"New Name\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("slug").stringValue()).isEqualTo("new-name");
        assertThat(reply.json().get("color").stringValue()).isEqualTo("#123456");
        assertThat(reply.json().get("default_branch").stringValue()).isEqualTo("main");
        assertThat(server().api().get(org.path("/suites/new-name"), token).status())
                .isEqualTo(200);
        assertThat(server().api().get(org.path("/suites/old-name"), token).status())
                .isEqualTo(404);
    }

    @Test
    void patchWithBadValuesIs422AndChangesNothing() {
        create("{\"name\": \"Stable\", \"default_branch\": \"main\"}");

        HttpReply reply = server().api()
                .patch(org.path("/suites/stable"), token, "{\"default_branch\": null, \"color\": \"red\"}");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(server().api()
                        .get(org.path("/suites/stable"), token)
                        .json()
                        .get("default_branch")
                        .stringValue())
                .isEqualTo("main");
    }

    @Test
    void deleteAnswers204AndTheSuiteIsGone() {
        create("{\"name\": \"Temporary\", \"default_branch\": \"main\"}");

        HttpReply reply = server().api().delete(org.path("/suites/temporary"), token);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(server().api().get(org.path("/suites/temporary"), token).status())
                .isEqualTo(404);
        assertThat(server().api().delete(org.path("/suites/temporary"), token).status())
                .isEqualTo(404);
    }
}
