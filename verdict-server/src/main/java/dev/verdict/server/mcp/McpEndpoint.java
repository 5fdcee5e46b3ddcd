package dev.verdict.server.mcp;

import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code /mcp}: the Model Context Protocol over Streamable HTTP, served by the official Java SDK's
 * transport (a servlet, in a context of its own). Every request needs {@code Authorization: Bearer
 * <API access token>}; without a valid one the answer is 401 with {@code WWW-Authenticate}, as
 * MCP's authorization spec has it, and the SDK never sees the request. The token rides with the
 * request into the tools, which see only its organization and need its scopes.
 */
public final class McpEndpoint extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);

    public static final String PATH = "/mcp";

    /** The largest JSON-RPC message read: a tool call's arguments are small. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final AccessTokens accessTokens;
    private final Router router;
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpTools tools;

    /**
     * @param idleTimeout how long a connection may be silent before the server closes it: an idle
     *     event stream gets a ping twice as often, so it stays open
     */
    public McpEndpoint(
            AccessTokens accessTokens, Router router, JsonNode openApi, String version, Duration idleTimeout) {
        this.accessTokens = accessTokens;
        this.router = router;
        this.tools = new McpTools(router, openApi);
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(PATH)
                .maxRequestSize(MAX_MESSAGE_BYTES)
                .keepAliveInterval(idleTimeout.dividedBy(2))
                .contextExtractor(request ->
                        McpTransportContext.create(Optional.ofNullable(request.getAttribute(McpTools.TOKEN))
                                .map(token -> Map.<String, Object>of(McpTools.TOKEN, token))
                                .orElse(Map.of())))
                .build();
        // The server registers itself with the transport, which holds it from here.
        McpServer.sync(transport)
                .serverInfo(new McpSchema.Implementation("verdict", "Verdict", version))
                .instructions("Verdict holds this organization's test results and judges each failure: a real"
                        + " break, a flaky test or the infrastructure. For a failed run start with"
                        + " explain_run_failure; list_test_suites gives the suites' slugs.")
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools.specifications())
                .addToolFilter(tools::visible)
                .validateToolInputs(true)
                .build();
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true); // responses and the GET stream are event streams
        context.addServlet(holder, PATH);
        setHandler(context);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        request.setAttribute(Router.ROUTE, PATH);
        Optional<String> bearer = Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                .flatMap(Router::bearer);
        Optional<AccessToken> token = bearer.flatMap(accessTokens::authenticate);
        if (token.isEmpty()) {
            Router.send(unauthorized(bearer.isPresent()), request, response, callback);
            return true;
        }
        // Each session is held in memory until it ends or idles out: beginning one counts in the
        // token's rate limits, so no token can open sessions without bound. Calls in a session are
        // counted as their routes' requests.
        boolean begins =
                request.getMethod().equals("POST") && !request.getHeaders().contains("Mcp-Session-Id");
        Optional<Reply> limited = begins ? router.overRateLimit(token.get()) : Optional.empty();
        if (limited.isPresent()) {
            Router.send(limited.get(), request, response, callback);
            return true;
        }
        request.setAttribute(McpTools.TOKEN, token.get());
        return super.handle(request, response, callback);
    }

    /** RFC 6750's challenge: {@code invalid_token} when a token was sent but is not valid here. */
    private static Reply unauthorized(boolean sent) {
        String message = sent
                ? "The API access token is not valid here: it may be mistyped, expired or revoked"
                : "Send an API access token as 'Authorization: Bearer <token>' (verdict token create makes one)";
        String challenge = sent
                ? "Bearer realm=\"verdict\", error=\"invalid_token\", error_description=\"" + message + "\""
                : "Bearer realm=\"verdict\"";
        return Reply.status(401, Map.of("message", message)).withHeader("WWW-Authenticate", challenge);
    }

    /**
     * Ends the sessions' event streams, so a stopping server does not wait out its drain for them;
     * the MCP server's own graceful close is this, without a bound.
     */
    public void closeSessions() {
        try {
            transport.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.debug("closing MCP sessions", e);
        }
    }
}
