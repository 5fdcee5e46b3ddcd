package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.verdict.core.access.Scope;
import dev.verdict.server.api.OpenApiDocument;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Router;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /v2/openapi.json} describes the router exactly: every route of its table is in the
 * document with the scope its guard checks and the errors that guard gives, nothing else is; and
 * real answers of the running server, successes and errors, validate against the document's
 * schemas.
 */
abstract class OpenApiContract {
    abstract TestServer server();

    JsonNode document;

    @BeforeEach
    void fetch() {
        HttpReply reply = server().api().get("/v2/openapi.json", null);
        assertThat(reply.status()).isEqualTo(200);
        document = reply.json();
    }

    @Test
    void isOpenApi31WithThisServersUrl() {
        assertThat(document.get("openapi").stringValue()).startsWith("3.1.");
        assertThat(document.get("servers").get(0).get("url").stringValue())
                .isEqualTo(server().server().uri().toString());
    }

    /** A parser Verdict did not write reads it as OpenAPI 3.1 and finds nothing wrong. */
    @Test
    void isAValidOpenApiDocument() {
        var options = new io.swagger.v3.parser.core.models.ParseOptions();
        options.setResolve(true);
        var parsed = new io.swagger.v3.parser.OpenAPIV3Parser()
                .readContents(server().api().get("/v2/openapi.json", null).body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(io.swagger.v3.oas.models.SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getPaths()).hasSize(document.get("paths").size());
    }

    @Test
    void everyRouteIsDocumentedWithItsGuardAndNothingElseIs() {
        Set<String> routed = new HashSet<>();
        for (Router.Declared route : server().server().routes()) {
            String method = route.method().toLowerCase(Locale.ROOT);
            routed.add(method + " " + route.template());
            JsonNode operation = operation(route.method(), route.template());
            assertThat(operation)
                    .as("%s %s in the document", route.method(), route.template())
                    .isNotNull();
            JsonNode responses = operation.get("responses");
            String name = route.method() + " " + route.template();
            switch (route.guard()) {
                case Guard.Open() ->
                    assertThat(operation.get("security"))
                            .as(name + " is open")
                            .isNotNull()
                            .isEmpty();
                case Guard.SuiteToken() -> {
                    assertThat(operation.get("security").get(0).has("suiteToken"))
                            .as(name)
                            .isTrue();
                    assertThat(responses.has("401")).as(name + " says 401").isTrue();
                }
                case Guard.ApiToken(var scope) -> {
                    JsonNode security =
                            operation.has("security") ? operation.get("security") : document.get("security");
                    List<String> scopes = new ArrayList<>();
                    security.get(0).get("accessToken").forEach(s -> scopes.add(s.stringValue()));
                    assertThat(scopes)
                            .as(name + " scopes")
                            .isEqualTo(scope.map(s -> List.of(s.wireName())).orElse(List.of()));
                    assertThat(responses.has("401")).as(name + " says 401").isTrue();
                    assertThat(responses.has("429")).as(name + " says 429").isTrue();
                    if (scope.isPresent()) {
                        assertThat(responses.has("403")).as(name + " says 403").isTrue();
                    }
                    if (route.template().contains("{org}")) {
                        assertThat(responses.has("404")).as(name + " says 404").isTrue();
                    }
                }
            }
        }
        Set<String> documented = new HashSet<>();
        document.get("paths")
                .properties()
                .forEach(path -> pathItem(path.getValue()).properties().forEach(op -> {
                    if (Set.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                        documented.add(op.getKey() + " " + path.getKey());
                    }
                }));
        assertThat(documented).as("documented routes the router does not have").isSubsetOf(routed);
    }

    @Test
    void realAnswersValidateAgainstTheDocumentsSchemas() {
        TestOrganization org = server().newOrganization();
        TestSuite suite = org.suite("Described");
        String token = org.token();
        String s = "/v2/analytics/organizations/{org}/suites/{suite}";
        HttpReply accepted =
                suite.upload(upload("d1", "main", "abc1234", execution("a", "passed", 1), execution("b", "failed", 2)));
        check("POST", "/v1/uploads", accepted);
        suite.finishedRuns();
        String run = accepted.json().get("run_id").stringValue();
        String uploadId = accepted.json().get("id").stringValue();
        Api api = server().api();
        check(
                "GET",
                "/v1/uploads/{upload}",
                api.send(api.request("/v1/uploads/" + uploadId)
                        .header("Authorization", "Token token=\"" + suite.uploadToken() + "\"")
                        .GET()
                        .build()));
        check("POST", "/v1/uploads", suite.upload("{\"format\":\"json\",\"data\":[{\"name\":\"\"}]}"));
        check("POST", "/v1/uploads", api.upload("vds_not-a-token", "{}"));
        String test = suite.get("/tests").json().get(1).get("id").stringValue();
        String workflow = suite.get("/workflows").json().get(0).get("id").stringValue();

        check("GET", "/health", api.get("/health", null));
        check("GET", "/v2/access-token", api.get("/v2/access-token", token));
        check("GET", "/v2/access-token", api.get("/v2/access-token", null));
        check("GET", "/v2/analytics/organizations/{org}/suites", api.get(org.path("/suites"), token));
        check("GET", s, api.get(suite.path("?show_api_token=true"), token));
        check("GET", s, api.get(suite.path(""), org.token(Scope.READ_TEST_PLAN)));
        check("GET", s + "/runs", api.get(suite.path("/runs"), token));
        check("GET", s + "/runs", api.get(suite.path("/runs?per_page=1000"), token));
        check("GET", s + "/runs/{run}", api.get(suite.path("/runs/" + run), token));
        check("GET", s + "/runs/{run}", api.get(suite.path("/runs/" + java.util.UUID.randomUUID()), token));
        check(
                "GET",
                s + "/runs/{run}/failed_executions",
                api.get(suite.path("/runs/" + run + "/failed_executions?include_failure_expanded=true"), token));
        check("GET", s + "/uploads", api.get(suite.path("/uploads"), token));
        check("GET", s + "/tests", api.get(suite.path("/tests"), token));
        check("GET", s + "/tests", api.get(suite.path("/tests"), token, "Buildkite-Version", "2026-08-01"));
        check(
                "GET",
                s + "/tests/{test}",
                api.get(suite.path("/tests/" + test), token, "Buildkite-Version", "2026-08-01"));
        check("GET", s + "/tests/{test}/health", api.get(suite.path("/tests/" + test + "/health"), token));
        check(
                "PUT",
                s + "/tests/{test}/mute",
                api.send(api.request(suite.path("/tests/" + test + "/mute"))
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"reason\":\"slow today\"}"))
                        .build()));
        check(
                "GET",
                s + "/tests/{test}/state-changes",
                api.get(suite.path("/tests/" + test + "/state-changes"), token));
        check("GET", s + "/tests/muted", api.get(suite.path("/tests/muted"), token));
        check("GET", s + "/flaky-tests", api.get(suite.path("/flaky-tests"), token));
        check("GET", s + "/workflows", api.get(suite.path("/workflows"), token));
        check("GET", s + "/workflows/{workflow}", api.get(suite.path("/workflows/" + workflow), token));
        check(
                "POST",
                s + "/test_plan",
                api.post(
                        suite.path("/test_plan"),
                        token,
                        "{\"identifier\":\"build-1\",\"parallelism\":2,\"files\":[{\"path\":\"a.test.js\"}]}"));
        check("GET", s + "/test_plan", api.get(suite.path("/test_plan?identifier=build-1"), token));
        check("GET", s + "/test_plans", api.get(suite.path("/test_plans"), token));
        check("GET", s + "/test_plans", api.get(suite.path("/test_plans?identifier=build-1"), token));
        check("GET", s + "/runs/{run}/explanation", api.get(suite.path("/runs/" + run + "/explanation"), token));
        check("GET", s + "/failures", api.get(suite.path("/failures?search=fail&period=1day"), token));
        check("GET", s + "/failures", api.get(suite.path("/failures?search=ab"), token));
    }

    /** Validates an answer against the document's schema for its route and status. */
    private void check(String method, String template, HttpReply reply) {
        JsonNode operation = operation(method, template);
        assertThat(operation).as("%s %s", method, template).isNotNull();
        JsonNode response = resolve(operation.get("responses").get(String.valueOf(reply.status())));
        assertThat(response)
                .as("%s %s documents %s: %s", method, template, reply.status(), reply.body())
                .isNotNull();
        JsonNode content = response.get("content");
        if (content == null || reply.body().isEmpty()) {
            assertThat(reply.body())
                    .as("%s %s %s has no body", method, template, reply.status())
                    .isEmpty();
            return;
        }
        JsonNode schema = inline(content.get("application/json").get("schema"));
        var errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("urn:verdict:openapi"), schema)
                .validate(reply.json());
        assertThat(errors)
                .as("%s %s %s: %s", method, template, reply.status(), reply.body())
                .isEmpty();
    }

    private JsonNode operation(String method, String template) {
        JsonNode item = document.get("paths").get(template);
        return item == null ? null : pathItem(item).get(method.toLowerCase(Locale.ROOT));
    }

    private JsonNode pathItem(JsonNode item) {
        return resolve(item);
    }

    /** Follows a {@code $ref} within the document; null stays null. */
    private JsonNode resolve(JsonNode node) {
        return node == null ? null : OpenApiDocument.resolve(document, node);
    }

    private JsonNode inline(JsonNode schema) {
        return OpenApiDocument.inline(document, schema);
    }
}
