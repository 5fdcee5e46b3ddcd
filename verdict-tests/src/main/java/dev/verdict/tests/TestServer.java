package dev.verdict.tests;

import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Verdict server, in-process on a free port, over a real database. Register it as a static
 * extension on a test class; its {@code @Nested} classes share it. Tests keep out of each other's
 * way by each working in an organization of its own ({@link #newOrganization()}).
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger ORGS = new AtomicInteger();

    private final TestDatabase database;
    private VerdictServer server;
    private Class<?> owner;
    private Api api;

    private final UnaryOperator<VerdictConfig> configure;

    private TestServer(TestDatabase database, UnaryOperator<VerdictConfig> configure) {
        this.database = database;
        this.configure = configure;
    }

    public static TestServer on(TestDatabase database) {
        return new TestServer(database, UnaryOperator.identity());
    }

    /** Another server on this one's database, as a second process sharing it would be. */
    public TestServer sharingItsDatabase() {
        return new TestServer(database, configure);
    }

    /** The same, with settings changed from the defaults (a short stale period, a small upload limit). */
    public TestServer with(UnaryOperator<VerdictConfig> change) {
        return new TestServer(database, config -> change.apply(configure.apply(config)));
    }

    /** An organization no other test uses, with a way to issue it tokens. */
    public record TestOrganization(Organization organization, TestServer server) {
        public String slug() {
            return organization.slug();
        }

        public String token(Scope... scopes) {
            Set<Scope> set = scopes.length == 0 ? EnumSet.noneOf(Scope.class) : EnumSet.of(scopes[0], scopes);
            return server.server.accessTokens().create(organization, set, Optional.of("test"));
        }

        /** A token with every scope. */
        public String token() {
            return token(Scope.values());
        }

        public String path(String rest) {
            return "/v2/analytics/organizations/" + slug() + rest;
        }

        /** Creates a suite through the API and returns it with its upload token. */
        public TestSuite suite(String name) {
            var created = server.api()
                    .post(
                            path("/suites"),
                            token(),
                            "{\"name\":\"" + name + "\",\"default_branch\":\"main\",\"show_api_token\":true}")
                    .json();
            return new TestSuite(
                    this,
                    created.get("slug").stringValue(),
                    created.get("api_token").stringValue());
        }
    }

    /** A suite of a test organization, with its upload token and a reading token. */
    public record TestSuite(TestOrganization org, String slug, String uploadToken) {
        public String path(String rest) {
            return org.path("/suites/" + slug + rest);
        }

        /** Posts a JSON upload with {@code Authorization: Token token="..."}, as the collectors do. */
        public HttpReply upload(String json) {
            return org.server().api().upload(uploadToken, json);
        }

        /**
         * Posts a results file as a multipart form, as curl or bktec would: {@code format}, the
         * {@code data} file, and a run of its own ({@code run_env[key]} a fresh UUID, CI generic).
         */
        public HttpReply uploadFile(String format, byte[] data) {
            Multipart form = new Multipart()
                    .field("format", format)
                    .field("run_env[CI]", "generic")
                    .field("run_env[key]", java.util.UUID.randomUUID().toString())
                    .file("data", "results", "application/octet-stream", data);
            Api api = org.server().api();
            return api.send(api.request("/v1/uploads")
                    .header("Authorization", "Token token=\"" + uploadToken + "\"")
                    .header("Content-Type", form.contentType())
                    .POST(form.publisher())
                    .build());
        }

        /** Uploads the suite's TESTOWNERS file, as the pipeline plugin does. */
        public HttpReply testOwners(String file) {
            Multipart form = new Multipart()
                    .file("file", "TESTOWNERS", "text/plain", file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Api api = org.server().api();
            return api.send(api.request("/v1/test-ownerships")
                    .header("Authorization", "Bearer " + uploadToken)
                    .header("Content-Type", form.contentType())
                    .POST(form.publisher())
                    .build());
        }

        /** A run's failed executions, with failure_expanded, by test name. */
        public java.util.Map<String, tools.jackson.databind.JsonNode> failedExecutionsByName(String runId) {
            return get("/runs/" + runId + "/failed_executions?include_failure_expanded=true&per_page=100")
                    .json()
                    .valueStream()
                    .collect(java.util.stream.Collectors.toMap(
                            e -> e.get("test_name").stringValue(), e -> e));
        }

        /** Reads with a fresh read_suites token. */
        public HttpReply get(String rest) {
            return org.server().api().get(path(rest), org.token(Scope.READ_SUITES));
        }

        /** Waits until every upload of the suite's runs is processed, and returns the runs. */
        public tools.jackson.databind.JsonNode finishedRuns() {
            String token = org.token(Scope.READ_SUITES);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        var runs = org.server()
                                .api()
                                .get(path("/runs?per_page=100"), token)
                                .json();
                        return runs.size() > 0
                                && runs.valueStream()
                                        .allMatch(r ->
                                                r.get("state").stringValue().equals("finished"));
                    });
            return org.server().api().get(path("/runs?per_page=100"), token).json();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (server == null) {
            owner = context.getRequiredTestClass();
            server = VerdictServer.start(
                    configure.apply(VerdictConfig.defaults(database.target(), new SecretBox(SecretBox.newKey()))));
            api = new Api(server.uri());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null && context.getRequiredTestClass() == owner) {
            server.close();
            server = null;
        }
    }

    public TestOrganization newOrganization() {
        String slug = "org-" + ProcessHandle.current().pid() + "-" + ORGS.incrementAndGet();
        return new TestOrganization(server.storage().access().ensureOrganization(slug), this);
    }

    /** A number read straight from the database (a count), for checks the API does not expose. */
    public long count(String sql, Object... parameters) {
        return database.count(sql, parameters);
    }

    public Api api() {
        return api;
    }

    public VerdictServer server() {
        return server;
    }

    public TestDatabase database() {
        return database;
    }

    /**
     * For a test that starts a server of its own: a suite named {@code name} in a new organization
     * {@code org}, created through the API as a person would; returns the suite's upload token.
     */
    public static String newSuite(VerdictServer server, String org, String name) {
        String token = server.accessTokens()
                .create(
                        server.storage().access().ensureOrganization(org),
                        EnumSet.allOf(Scope.class),
                        Optional.of("test"));
        return new Api(server.uri())
                .post(
                        "/v2/analytics/organizations/" + org + "/suites",
                        token,
                        "{\"name\":\"" + name + "\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue();
    }
}
