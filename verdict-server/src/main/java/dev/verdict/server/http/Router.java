package dev.verdict.server.http;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.NotFound;
import dev.verdict.core.Validation;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.suites.Suites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches a request to a route, checks its guard, runs the endpoint and writes the reply. The one
 * place where authentication, error bodies and CORS headers happen, so no endpoint repeats them.
 */
public final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String BEARER = "bearer ";

    private record Route(String method, UriTemplatePathSpec path, Guard guard, Endpoint endpoint) {}

    private final List<Route> routes = new ArrayList<>();
    private final AccessTokens accessTokens;
    private final Suites suites;
    private final Links links;

    public Router(AccessTokens accessTokens, Suites suites, Links links) {
        this.accessTokens = accessTokens;
        this.suites = suites;
        this.links = links;
    }

    /** Adds a route. Where two templates match a path, the one added first wins. */
    public Router add(String method, String template, Guard guard, Endpoint endpoint) {
        routes.add(new Route(method, new UriTemplatePathSpec(template), guard, endpoint));
        return this;
    }

    /** The most of a refused request's unread body read before answering it. */
    private static final long DRAIN_LIMIT = 8L << 20;

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply;
        try {
            reply = dispatch(request);
        } catch (ApiException e) {
            reply = error(e.status(), e.getMessage());
        } catch (BadRequest e) {
            reply = error(400, e.getMessage());
        } catch (NotFound e) {
            reply = error(404, e.getMessage());
        } catch (Validation e) {
            reply = Reply.status(422, Map.of("message", e.getMessage(), "errors", e.problems()));
        } catch (HttpException.RuntimeException e) {
            // Jetty's word on the body (too slow: 408, cut short: 400).
            reply = error(e.getCode(), e.getReason());
        } catch (EofException e) {
            LOG.debug("client went away", e);
            callback.failed(e);
            return true;
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            reply = error(500, "Internal server error: " + e.getClass().getSimpleName());
        }
        if (reply.status() >= 400 && hasBody(request) && !drained(request)) {
            // A refused request's body may be unread. Up to a bound it is read to its end, so the
            // client, still sending, gets its answer and the connection serves the next request;
            // past the bound the connection closes, and saying so keeps the client off it.
            reply = reply.withHeader("Connection", "close");
        }
        write(reply, response, callback);
        return true;
    }

    /** Reads what is left of a refused request's body, up to {@link #DRAIN_LIMIT}; whether it ended. */
    private static boolean drained(Request request) {
        InputStream rest = Content.Source.asInputStream(request);
        byte[] buffer = new byte[16 << 10];
        long read = 0;
        try {
            for (int n; (n = rest.read(buffer)) != -1; ) {
                read += n;
                if (read > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean hasBody(Request request) {
        var headers = request.getHeaders();
        return headers.contains(HttpHeader.TRANSFER_ENCODING) || headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0;
    }

    private Reply dispatch(Request request) throws Exception {
        String path = request.getHttpURI().getCanonicalPath();
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!route.path().matches(path)) {
                continue;
            }
            if (!route.method().equals(request.getMethod())) {
                allowed.add(route.method());
                continue;
            }
            Call call =
                    new Call(request, route.path().getPathParams(path), Request.extractQueryParameters(request), links);
            authorize(call, route.guard());
            return route.endpoint().handle(call);
        }
        if (allowed.isEmpty()) {
            throw new ApiException(404, "Not Found: no API at " + path);
        }
        if (request.getMethod().equals("OPTIONS")) {
            return preflight(allowed);
        }
        return error(405, request.getMethod() + " is not allowed on " + path + "; use " + String.join(", ", allowed))
                .withHeader("Allow", String.join(", ", allowed));
    }

    private void authorize(Call call, Guard guard) {
        switch (guard) {
            case Guard.Open open -> {}
            case Guard.SuiteToken suiteToken ->
                call.authenticated(uploadToken(call)
                        .flatMap(suites::authenticateUpload)
                        .orElseThrow(() -> new ApiException(
                                401,
                                "No test suite matches the supplied API token. Send the suite's upload token as"
                                        + " 'Authorization: Token token=\"<token>\"'")));
            case Guard.ApiToken(var scope) -> authorizeApiToken(call, scope);
        }
    }

    private void authorizeApiToken(Call call, Optional<Scope> scope) {
        AccessToken token = bearer(call).flatMap(accessTokens::authenticate).orElseThrow(ApiException::unauthorized);
        if (call.hasPathParam("org")
                && !call.path("org").equals(token.organization().slug())) {
            throw new NotFound("No organization found");
        }
        scope.filter(s -> !token.allows(s)).ifPresent(s -> {
            throw ApiException.missingScope(s.wireName());
        });
        call.authenticated(token);
    }

    /** The collectors' spellings: {@code Token token="T"}, {@code Token token=T}, {@code Token T}, {@code Bearer T}. */
    private static Optional<String> uploadToken(Call call) {
        return call.header(HttpHeader.AUTHORIZATION.asString())
                .map(String::strip)
                .flatMap(header -> {
                    String lower = header.toLowerCase(Locale.ROOT);
                    String rest;
                    if (lower.startsWith("token ")) {
                        rest = header.substring("token ".length()).strip();
                        if (rest.toLowerCase(Locale.ROOT).startsWith("token=")) {
                            rest = rest.substring("token=".length()).strip();
                        }
                    } else if (lower.startsWith(BEARER)) {
                        rest = header.substring(BEARER.length()).strip();
                    } else {
                        return Optional.empty();
                    }
                    if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                        rest = rest.substring(1, rest.length() - 1);
                    }
                    return Optional.of(rest);
                });
    }

    private static Optional<String> bearer(Call call) {
        return call.header(HttpHeader.AUTHORIZATION.asString())
                .map(String::strip)
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(BEARER))
                .map(h -> h.substring(BEARER.length()).strip());
    }

    private static Reply preflight(Set<String> allowed) {
        return Reply.noContent()
                .withHeader("Access-Control-Allow-Methods", String.join(", ", allowed))
                .withHeader(
                        "Access-Control-Allow-Headers",
                        "Authorization, Content-Type, Content-Encoding, Buildkite-Version")
                .withHeader("Access-Control-Max-Age", "86400");
    }

    static Reply error(int status, String message) {
        return Reply.status(status, Map.of("message", message));
    }

    private static void write(Reply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put("Access-Control-Expose-Headers", "Link");
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (reply.body() == null) {
            callback.succeeded();
            return;
        }
        byte[] json = Json.write(reply.body());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
