package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Router;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.net.http.HttpRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every route of the router's own table against every caller it must refuse: no token, a garbage
 * one, a token of another organization, a token lacking the route's scope, a suite's upload token
 * where an access token belongs and the reverse. Generated, so a route added tomorrow is checked
 * the day it is added.
 */
abstract class AccessMatrixContract {
    abstract TestServer server();

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z_]+)}");
    private static final AtomicInteger SUITES = new AtomicInteger();

    @Test
    void everyRouteRefusesEveryCallerItMust() {
        List<Router.Declared> routes = server().server().routes();
        assertThat(routes).hasSizeGreaterThan(25);
        TestOrganization other = server().newOrganization();
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (Router.Declared route : routes) {
            TestOrganization org = server().newOrganization();
            TestSuite suite = org.suite("Matrix " + SUITES.incrementAndGet());
            String path = fill(route.template(), org.slug(), suite.slug());
            String name = route.method() + " " + route.template();
            switch (route.guard()) {
                case Guard.Open open -> {}
                case Guard.SuiteToken suiteToken -> {
                    soft.assertThat(call(route.method(), path, null).status())
                            .as(name + " without a token")
                            .isEqualTo(401);
                    soft.assertThat(call(route.method(), path, "Token token=\"vds_garbage\"")
                                    .status())
                            .as(name + " with a garbage token")
                            .isEqualTo(401);
                    soft.assertThat(call(route.method(), path, "Bearer " + org.token())
                                    .status())
                            .as(name + " with an API access token")
                            .isEqualTo(401);
                    soft.assertThat(call(route.method(), path, "Token token=\"" + suite.uploadToken() + "\"")
                                    .status())
                            .as(name + " with its suite's token")
                            .isNotIn(401, 403);
                    checked++;
                }
                case Guard.ApiToken(var scope) -> {
                    soft.assertThat(call(route.method(), path, null).status())
                            .as(name + " without a token")
                            .isEqualTo(401);
                    soft.assertThat(call(route.method(), path, "Bearer vdt_garbage")
                                    .status())
                            .as(name + " with a garbage token")
                            .isEqualTo(401);
                    soft.assertThat(call(route.method(), path, "Bearer " + suite.uploadToken())
                                    .status())
                            .as(name + " with a suite's upload token")
                            .isEqualTo(401);
                    if (route.template().contains("{org}")) {
                        soft.assertThat(call(route.method(), path, "Bearer " + other.token())
                                        .status())
                                .as(name + " with another organization's token")
                                .isEqualTo(404);
                    }
                    scope.ifPresent(needed -> {
                        EnumSet<Scope> lacking = EnumSet.complementOf(EnumSet.of(needed));
                        HttpReply refused =
                                call(route.method(), path, "Bearer " + org.token(lacking.toArray(Scope[]::new)));
                        soft.assertThat(refused.status())
                                .as(name + " without " + needed.wireName())
                                .isEqualTo(403);
                        soft.assertThat(refused.body()).as(name).contains(needed.wireName());
                    });
                    Scope[] enough = scope.map(s -> new Scope[] {s}).orElse(new Scope[0]);
                    soft.assertThat(call(route.method(), path, "Bearer " + org.token(enough))
                                    .status())
                            .as(name + " with just the scope it needs")
                            .isNotIn(401, 403);
                    checked++;
                }
            }
        }
        soft.assertAll();
        assertThat(checked)
                .isEqualTo(routes.stream()
                        .filter(r -> !(r.guard() instanceof Guard.Open))
                        .count());
    }

    /** The route's path with its parameters: the caller's organization and suite, ids that exist nowhere. */
    private static String fill(String template, String org, String suite) {
        Matcher parameter = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (parameter.find()) {
            String value = switch (parameter.group(1)) {
                case "org" -> org;
                case "suite" -> suite;
                default -> UUID.randomUUID().toString();
            };
            parameter.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(path);
        return path.toString();
    }

    private HttpReply call(String method, String path, String authorization) {
        HttpRequest.Builder request = server().api().request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        return server().api()
                .send(request.header("Content-Type", "application/json")
                        .method(method, body)
                        .build());
    }
}
