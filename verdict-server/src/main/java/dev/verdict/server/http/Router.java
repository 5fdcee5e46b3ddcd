package dev.verdict.server.http;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Json;
import dev.verdict.core.NotFound;
import dev.verdict.core.Text;
import dev.verdict.core.Validation;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.StorageUnavailable;
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
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
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
    private final RateLimits limits;
    private final RateLimits.Windows windows = new RateLimits.Windows();

    public Router(AccessTokens accessTokens, Suites suites, Links links, RateLimits limits) {
        this.accessTokens = accessTokens;
        this.suites = suites;
        this.links = links;
        this.limits = limits;
    }

    /** The request attribute holding the windows a request was counted in, for the answer's headers. */
    private static final String STANDINGS = Router.class.getName() + ".standings";

    /** A route as declared: what the access matrix and API descriptions are generated from. */
    public record Declared(String method, String template, Guard guard) {}

    /**
     * The request attribute naming the route that answered, as declared ({@code /v1/uploads},
     * {@code /v2/analytics/organizations/{org}/suites}): what HTTP metrics are grouped by, so a
     * path's ids never make a series of their own. Pages set it too.
     */
    public static final String ROUTE = "verdict.route";

    /** Every route, in the order it is matched. */
    public List<Declared> table() {
        return routes.stream()
                .map(r -> new Declared(r.method(), r.path().getDeclaration(), r.guard()))
                .toList();
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
            reply = answer(request.getMethod(), request.getHttpURI().getPath(), () -> dispatch(request));
        } catch (EofException e) {
            LOG.debug("client went away", e);
            callback.failed(e);
            return true;
        }
        if (request.getAttribute(STANDINGS) instanceof List<?> standings) {
            for (Object standing : standings) {
                reply = withRateLimit(reply, (RateLimits.Standing) standing);
            }
        }
        send(reply, request, response, callback);
        return true;
    }

    /**
     * Writes an answer; a refusal first reads what is left of the request's body (see {@link
     * #readToItsEnd}), or says the connection closes. The API's answers, and the MCP endpoint's
     * own refusals, go out through this.
     */
    public static void send(Reply reply, Request request, Response response, Callback callback) {
        Reply sent = reply;
        if (reply.status() >= 400 && !readToItsEnd(request)) {
            sent = reply.withHeader("Connection", "close");
        }
        write(sent, request, response, callback);
    }

    /**
     * Counts a request that runs no route (an MCP session about to begin) in its token's windows,
     * as any API request is counted: the 429 to answer when it is over a limit.
     */
    public Optional<Reply> overRateLimit(AccessToken token) {
        for (RateLimits.Standing standing : tokenWindows(token)) {
            if (!standing.allowed()) {
                return Optional.of(withRateLimit(tooMany(standing), standing));
            }
        }
        return Optional.empty();
    }

    /** The token's organization's window and its own, each counting one request. */
    private List<RateLimits.Standing> tokenWindows(AccessToken token) {
        List<RateLimits.Standing> standings = new ArrayList<>(2);
        windows.take("rest", token.organization().id().toString(), limits.organization())
                .ifPresent(standings::add);
        windows.take("rest_user", token.id().toString(), limits.token()).ifPresent(standings::add);
        return standings;
    }

    /**
     * What an endpoint answered, or the error answer for what it threw: the one place where
     * exceptions become statuses, for HTTP and for the tools that run endpoints alike. A client that
     * went away is not answered at all.
     */
    private static Reply answer(String method, String path, java.util.concurrent.Callable<Reply> endpoint)
            throws EofException {
        try {
            return endpoint.call();
        } catch (ApiException e) {
            return error(e.status(), e.getMessage());
        } catch (BadRequest e) {
            return error(400, e.getMessage());
        } catch (NotFound e) {
            return error(404, e.getMessage());
        } catch (Validation e) {
            return Reply.status(422, Map.of("message", e.getMessage(), "errors", e.problems()));
        } catch (StorageUnavailable e) {
            LOG.warn("{} {}: {}", method, path, e.getMessage());
            return unavailable(e);
        } catch (HttpException.RuntimeException e) {
            // Jetty's word on the body (too slow: 408, cut short: 400).
            return error(e.getCode(), e.getReason());
        } catch (EofException e) {
            throw e;
        } catch (Exception e) {
            return error(
                    500, "Internal server error (reference " + logFailure(method, path, e) + " in the server's log)");
        }
    }

    /**
     * A request made inside the server for a caller it has authenticated already: an MCP tool that
     * stands for a route runs the route's endpoint, with the route's guard (the organization in the
     * path, the scope) and rate limits, exactly as a request over HTTP would.
     */
    public record Internal(String method, String path, Fields query, HttpFields headers, byte[] body) {}

    /** Runs {@code request} as {@code token}'s; the answer is the one HTTP would have had, less its headers' use. */
    public Reply invoke(AccessToken token, Internal request) {
        try {
            return answer(request.method(), request.path(), () -> {
                Match match = match(request.method(), request.path());
                if (match.route() == null) {
                    return unmatched(request.method(), request.path(), match.allowed());
                }
                if (!(match.route().guard() instanceof Guard.ApiToken(var scope))) {
                    throw new IllegalStateException(request.path() + " is not a route an API token calls");
                }
                refuseControlCharacters(match.pathParams(), request.query());
                Call call = new Call(
                        request.path(),
                        request.headers(),
                        () -> new java.io.ByteArrayInputStream(request.body()),
                        match.pathParams(),
                        request.query(),
                        links);
                admit(call, token, scope);
                return run(match.route(), call, standings -> {});
            });
        } catch (EofException e) {
            throw new IllegalStateException("an internal request has no client to lose", e);
        }
    }

    /**
     * For a refused request, whose body may be unread: reads it to its end, up to a bound, so the
     * client, still sending, gets its answer and the connection serves the next request (closing
     * under a client still sending can lose the answer to a reset). False past the bound: then the
     * connection closes, and the answer says so to keep the client off it. The API and the pages
     * both answer through this.
     */
    public static boolean readToItsEnd(Request request) {
        return !hasBody(request) || drained(request);
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
        Match match = match(request.getMethod(), path);
        if (match.route() == null) {
            if (!match.allowed().isEmpty() && request.getMethod().equals("OPTIONS")) {
                return preflight(match.allowed());
            }
            return unmatched(request.getMethod(), path, match.allowed());
        }
        request.setAttribute(ROUTE, match.route().path().getDeclaration());
        Fields query = Request.extractQueryParameters(request);
        refuseControlCharacters(match.pathParams(), query);
        Call call = new Call(
                request.getHttpURI().getPath(),
                request.getHeaders(),
                () -> Content.Source.asInputStream(request),
                match.pathParams(),
                query,
                links);
        authorize(call, match.route().guard());
        return run(match.route(), call, standings -> request.setAttribute(STANDINGS, standings));
    }

    /** The route for a method and path (null when none), and the methods the path has otherwise. */
    private record Match(Route route, Map<String, String> pathParams, Set<String> allowed) {}

    private Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!route.path().matches(path)) {
                continue;
            }
            if (!route.method().equals(method)) {
                allowed.add(route.method());
                continue;
            }
            return new Match(route, route.path().getPathParams(path), allowed);
        }
        return new Match(null, Map.of(), allowed);
    }

    private static Reply unmatched(String method, String path, Set<String> allowed) {
        if (allowed.isEmpty()) {
            return error(404, "Not Found: no API at " + path);
        }
        return error(405, method + " is not allowed on " + path + "; use " + String.join(", ", allowed))
                .withHeader("Allow", String.join(", ", allowed));
    }

    /** Counts an admitted call in its rate-limit windows, then runs its endpoint unless over a limit. */
    private Reply run(Route route, Call call, java.util.function.Consumer<List<RateLimits.Standing>> counted)
            throws Exception {
        List<RateLimits.Standing> standings = count(call, route.guard());
        counted.accept(standings);
        for (RateLimits.Standing standing : standings) {
            if (!standing.allowed()) {
                return tooMany(standing);
            }
        }
        return route.endpoint().handle(call);
    }

    /**
     * No stored text holds a control character (see {@link Text}), so a filter with one could only
     * match nothing; and PostgreSQL refuses a NUL outright. Named here, once, for every route.
     */
    public static void refuseControlCharacters(Map<String, String> pathParams, Fields query) {
        pathParams.forEach((name, value) -> {
            if (Text.hasControl(value)) {
                throw new BadRequest("The path segment {" + name + "} holds a control character");
            }
        });
        for (Fields.Field field : query) {
            if (Text.hasControl(field.getName())) {
                throw new BadRequest("A query parameter's name holds a control character");
            }
            for (String value : field.getValues()) {
                if (Text.hasControl(value)) {
                    throw new BadRequest("The query parameter '" + field.getName() + "' holds a control character");
                }
            }
        }
    }

    /** Counts an authenticated request in its windows: organization and token, or the organization's uploads. */
    private List<RateLimits.Standing> count(Call call, Guard guard) {
        List<RateLimits.Standing> standings = new ArrayList<>(2);
        switch (guard) {
            case Guard.Open open -> {}
            case Guard.SuiteToken suiteToken ->
                windows.take("uploads", call.suite().organizationId().toString(), limits.uploads())
                        .ifPresent(standings::add);
            case Guard.ApiToken apiToken -> standings.addAll(tokenWindows(call.token()));
        }
        return standings;
    }

    /** Buildkite's 429: the window's scope, limit, count and seconds to its reset. */
    private static Reply tooMany(RateLimits.Standing standing) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "message",
                "You have exceeded your " + (standing.scope().equals("uploads") ? "upload" : "API")
                        + " rate limit. Please wait " + standing.resetSeconds()
                        + " seconds before making more requests.");
        body.put("scope", standing.scope());
        body.put("limit", standing.limit());
        body.put("current", standing.current() + 1);
        body.put("reset", standing.resetSeconds());
        return Reply.status(429, body).withHeader("Retry-After", Long.toString(standing.resetSeconds()));
    }

    /** {@code RateLimit-*} for the organization's window, {@code RateLimit-User-*} for the token's. */
    private static Reply withRateLimit(Reply reply, RateLimits.Standing standing) {
        String prefix = standing.scope().equals("rest_user") ? "RateLimit-User-" : "RateLimit-";
        Reply with = reply.withHeader(prefix + "Scope", standing.scope())
                .withHeader(prefix + "Limit", Long.toString(standing.limit()))
                .withHeader(prefix + "Remaining", Long.toString(standing.remaining()))
                .withHeader(prefix + "Reset", Long.toString(standing.resetSeconds()));
        return standing.allowed() ? with : with.withHeader(prefix + "Warning", "You have exceeded your rate limit.");
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
        admit(call, bearer(call).flatMap(accessTokens::authenticate).orElseThrow(ApiException::unauthorized), scope);
    }

    /** What an authenticated token must also have: its own organization in the path, and the scope. */
    private static void admit(Call call, AccessToken token, Optional<Scope> scope) {
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
        return call.header(HttpHeader.AUTHORIZATION.asString()).flatMap(Router::bearer);
    }

    /** The token of an {@code Authorization: Bearer <token>} header's value; empty for any other. */
    public static Optional<String> bearer(String authorization) {
        return Optional.of(authorization.strip())
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

    /**
     * Logs a request that failed for a reason no rule foresaw, and returns the reference its answer
     * gives instead of the error: an answer names no class or internals, the log has the whole story.
     */
    public static String logFailure(Request request, Exception error) {
        return logFailure(request.getMethod(), request.getHttpURI().getPath(), error);
    }

    /** {@link #logFailure(Request, Exception)} for a request named by its method and path. */
    public static String logFailure(String method, String path, Exception error) {
        String reference = Long.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong());
        LOG.error("{} {} failed (reference {})", method, path, reference, error);
        return reference;
    }

    /** How long a client is asked to wait when the database cannot take the request. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** 507 when the database's disk is full, else 503; both say when to try again. */
    public static Reply unavailable(StorageUnavailable e) {
        return error(e.diskFull() ? 507 : 503, e.getMessage())
                .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    private static void write(Reply reply, Request request, Response response, Callback callback) {
        response.setStatus(reply.status());
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put(
                "Access-Control-Expose-Headers",
                "Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-User-Limit,"
                        + " RateLimit-User-Remaining, RateLimit-User-Reset");
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        if (reply.body() == null) {
            callback.succeeded();
            return;
        }
        if (reply.body() instanceof Reply.Text text) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, text.contentType());
            response.write(true, ByteBuffer.wrap(text.bytes()), callback);
            return;
        }
        byte[] json;
        if (reply.body() instanceof Reply.Json stored) {
            // A stored answer is the same for every caller: gzipped once, to those that take it.
            response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
            if (acceptsGzip(request)) {
                json = stored.gzip().get();
                response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
            } else {
                json = stored.utf8();
            }
        } else {
            json = Json.write(reply.body());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    /** Whether the client named gzip in Accept-Encoding with a quality above 0. */
    static boolean acceptsGzip(Request request) {
        for (String accepted : request.getHeaders().getCSV(HttpHeader.ACCEPT_ENCODING, false)) {
            String[] parts = accepted.split(";");
            String coding = parts[0].strip();
            boolean refused = parts.length > 1 && parts[1].strip().matches("q=0(\\.0*)?");
            if ((coding.equalsIgnoreCase("gzip") || coding.equals("*")) && !refused) {
                return true;
            }
        }
        return false;
    }
}
