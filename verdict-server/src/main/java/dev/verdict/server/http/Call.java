package dev.verdict.server.http;

import dev.verdict.core.Json;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.Organization;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.suites.Suite;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;

/**
 * One request as an endpoint sees it: path parameters, query, headers, caller and body. It comes
 * from HTTP, or from an MCP tool that runs the same endpoint for its caller (see {@link
 * Router#invoke}).
 */
public final class Call {
    /** The largest JSON body a REST endpoint reads. Uploads set their own, larger limit. */
    public static final long REST_BODY_LIMIT = 1 << 20;

    private final String path;
    private final HttpFields headers;
    private final Supplier<InputStream> body;
    private final Map<String, String> pathParams;
    private final Fields query;
    private final Links links;
    private AccessToken token;
    private Suite suite;

    Call(
            String path,
            HttpFields headers,
            Supplier<InputStream> body,
            Map<String, String> pathParams,
            Fields query,
            Links links) {
        this.path = path;
        this.headers = headers;
        this.body = body;
        this.pathParams = pathParams;
        this.query = query;
        this.links = links;
    }

    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** A query parameter; a blank value counts as absent, as {@code ?branch=} means no filter. */
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.getValue(name)).filter(v -> !v.isBlank());
    }

    /** A boolean query flag: {@code true} or {@code false}; anything else is a 400. */
    public boolean flag(String name) {
        return query(name).map(v -> Flags.parse(name, v)).orElse(false);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public PageRequest pageRequest() {
        return PageRequest.parse(query.getValue("page"), query.getValue("per_page"));
    }

    /** A 200 with the page's items as a bare array and the Link header that pages through them. */
    public Reply page(Page<?> page) {
        Reply reply = Reply.ok(page.items());
        return links.header(path, query, page)
                .map(link -> reply.withHeader("Link", link))
                .orElse(reply);
    }

    /** A 200 with {@code body}, which holds the page's items, and the Link header that pages through them. */
    public Reply page(Page<?> page, Object body) {
        Reply reply = Reply.ok(body);
        return links.header(path, query, page)
                .map(link -> reply.withHeader("Link", link))
                .orElse(reply);
    }

    public JsonNode jsonBody() {
        return jsonBody(REST_BODY_LIMIT);
    }

    /** A JSON body up to a limit of the endpoint's own (one that takes large batches). */
    public JsonNode jsonBody(long limit) {
        return Json.read(body(limit));
    }

    /** The whole body up to a limit; an endpoint whose body is optional tells empty apart this way. */
    public byte[] bodyBytes(long limit) {
        try (InputStream in = body(limit)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public InputStream body(long limit) {
        return new BoundedInputStream(body.get(), limit);
    }

    public AccessToken token() {
        if (token == null) {
            throw new IllegalStateException("route has no API token guard");
        }
        return token;
    }

    public Organization organization() {
        return token().organization();
    }

    /** The suite whose upload token authenticated this call (upload routes). */
    public Suite suite() {
        if (suite == null) {
            throw new IllegalStateException("route has no suite token guard");
        }
        return suite;
    }

    void authenticated(AccessToken token) {
        this.token = token;
    }

    void authenticated(Suite suite) {
        this.suite = suite;
    }

    boolean hasPathParam(String name) {
        return pathParams.containsKey(name);
    }
}
