package dev.verdict.server.web;

import dev.verdict.core.BadRequest;
import dev.verdict.core.NotFound;
import dev.verdict.core.Timestamps;
import dev.verdict.core.Validation;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.access.WebSessions;
import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.server.http.Router;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The web UI: matches a page, checks who is signed in and what their token allows, checks a form's
 * CSRF token, renders. Paths that are not the UI's fall through to the API's handler.
 */
public final class WebApp extends Handler.Abstract {

    /** Who may open a page: anyone, a token with read_suites, or one with write_suites too. */
    enum Access {
        OPEN,
        READ,
        WRITE
    }

    @FunctionalInterface
    interface PageEndpoint {
        WebReply handle(WebCall call) throws Exception;
    }

    private record Route(String method, UriTemplatePathSpec path, Access access, PageEndpoint endpoint) {}

    /** Scripts only from this server, no framing, forms only back to it. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    private final List<Route> routes = new ArrayList<>();
    private final SessionCookie cookies;
    private final WebSessions webSessions;
    private final Templates templates;
    private final Assets assets;
    private final Clock clock;
    private final boolean publicUrlIsHttps;
    private final Optional<String> publicSite;

    public WebApp(WebSessions webSessions, dev.verdict.core.suites.SecretBox box, Clock clock, String publicUrl) {
        this.webSessions = webSessions;
        this.cookies = new SessionCookie(box);
        this.templates = new Templates();
        this.assets = new Assets();
        this.clock = clock;
        this.publicUrlIsHttps = publicUrl.startsWith("https:");
        this.publicSite = siteOf(publicUrl);
    }

    /** The UI with every page. */
    public static WebApp create(
            dev.verdict.core.storage.Storage storage,
            AccessTokens accessTokens,
            dev.verdict.core.suites.Suites suites,
            dev.verdict.core.runs.RunLifecycle lifecycle,
            dev.verdict.server.VerdictConfig config,
            dev.verdict.core.workflows.Workflows workflows,
            String publicUrl) {
        WebApp app = new WebApp(new WebSessions(storage.webSessions()), config.secretBox(), config.clock(), publicUrl);
        new SignInPages(app, accessTokens).routes();
        new SuitePages(app, storage, suites, lifecycle, publicUrl).routes();
        new RunPages(app, storage, lifecycle).routes();
        new TestPages(app, storage).routes();
        new PlanPages(app, storage).routes();
        new UploadPages(app, storage).routes();
        new WorkflowPages(app, storage, workflows).routes();
        return app;
    }

    Templates templates() {
        return templates;
    }

    WebApp add(String method, String template, Access access, PageEndpoint endpoint) {
        routes.add(new Route(method, new UriTemplatePathSpec(template), access, endpoint));
        return this;
    }

    /** The UI's own paths; everything else is the API's. */
    private static boolean isPage(String path) {
        return path.equals("/")
                || path.equals("/sign-in")
                || path.equals("/sign-out")
                || path.equals("/sign-out-everywhere")
                || path.equals("/sessions")
                || path.startsWith("/organizations/")
                || path.startsWith(Assets.PREFIX);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null || !isPage(path)) {
            return false;
        }
        if (path.startsWith(Assets.PREFIX)) {
            request.setAttribute(Router.ROUTE, Assets.PREFIX + "*");
            return assets.serve(path, request, response, callback);
        }
        WebReply reply;
        try {
            reply = dispatch(request, path);
        } catch (NotFound e) {
            reply = error(404, "Not found", e.getMessage());
        } catch (BadRequest e) {
            reply = error(400, "That did not work", e.getMessage());
        } catch (Validation e) {
            reply = error(422, "That did not work", e.getMessage());
        } catch (StorageUnavailable e) {
            reply = error(e.diskFull() ? 507 : 503, "Try again shortly", e.getMessage());
        } catch (Exception e) {
            reply = error(
                    500,
                    "Something went wrong",
                    "The server failed to show this page (reference " + Router.logFailure(request, e)
                            + " in the server's log).");
        }
        write(reply, request, response, callback);
        return true;
    }

    private WebReply dispatch(Request request, String path) throws Exception {
        for (Route route : routes) {
            if (!route.path().matches(path)) {
                continue;
            }
            if (!route.method().equals(request.getMethod())) {
                continue;
            }
            request.setAttribute(Router.ROUTE, route.path().getDeclaration());
            return run(route, request, path);
        }
        return error(404, "Not found", "There is no page at " + path + ".");
    }

    private WebReply run(Route route, Request request, String path) throws Exception {
        Router.refuseControlCharacters(route.path().getPathParams(path), Request.extractQueryParameters(request));
        Instant now = Timestamps.now(clock);
        Optional<String> sealed = cookie(request);
        Optional<SessionCookie.Value> cookie = sealed.flatMap(cookies::read);
        // One lookup by key: the session, its token and organization, unless signed out, revoked or over.
        Optional<WebSessions.Resumed> resumed = cookie.flatMap(c -> webSessions.resume(c.session(), now));
        Optional<AccessToken> token = resumed.map(r -> r.session().token());
        boolean post = request.getMethod().equals("POST");
        Optional<String> refused = post ? refusedForm(request) : Optional.empty();
        if (refused.isPresent()) {
            return error(403, "Refused", refused.get());
        }
        if (route.access() != Access.OPEN) {
            if (token.isEmpty()) {
                String back = request.getHttpURI().getPathQuery();
                String signIn = "/sign-in?next=" + WebPaths.encode(back);
                // htmx follows HX-Redirect with a full page load, not a swap into the page.
                return request.getHeaders().get("HX-Request") != null
                        ? new WebReply(401, null, Map.of("HX-Redirect", signIn))
                        : WebReply.redirect(signIn);
            }
            Map<String, String> params = route.path().getPathParams(path);
            if (params.containsKey("org")
                    && !params.get("org").equals(token.get().organization().slug())) {
                throw new NotFound("No organization " + params.get("org") + " for this token");
            }
            if (!token.get().allows(Scope.READ_SUITES)) {
                return error(403, "Not allowed", "This token lacks the read_suites scope, which every page needs.");
            }
            if (route.access() == Access.WRITE && !token.get().allows(Scope.WRITE_SUITES)) {
                return error(403, "Not allowed", "This token lacks the write_suites scope, which changes need.");
            }
        }
        Fields form;
        try {
            form = post ? FormFields.getFields(request) : new Fields();
        } catch (IllegalArgumentException e) {
            return error(400, "That did not work", "The form could not be read: " + e.getMessage() + ".");
        } catch (org.eclipse.jetty.http.HttpException.IllegalStateException e) {
            // Jetty's own bound on a form (200,000 bytes, 1,000 fields): no page sends near that.
            return error(413, "That did not work", "The form is too large: " + e.getReason() + ".");
        } catch (org.eclipse.jetty.http.HttpException.RuntimeException e) {
            // Reading it failed: cut short, or too slow (408).
            return error(e.getCode(), "That did not work", "The form could not be read: " + e.getReason());
        }
        if (post && route.access() != Access.OPEN) {
            String sent = form.getValue("_csrf");
            if (sent == null
                    || !java.security.MessageDigest.isEqual(
                            sent.getBytes(StandardCharsets.UTF_8),
                            cookie.orElseThrow().csrf().getBytes(StandardCharsets.UTF_8))) {
                return error(
                        403,
                        "Refused",
                        "This form is out of date or was not sent from this site: reload and try again.");
            }
        }
        WebCall call = new WebCall(
                request,
                route.path().getPathParams(path),
                Request.extractQueryParameters(request),
                form,
                resumed.map(WebSessions.Resumed::session).orElse(null),
                resumed.isPresent() ? cookie.orElseThrow().csrf() : null,
                now,
                secure(request));
        WebReply reply = route.endpoint().handle(call);
        // A renewed session's cookie is sent again, so the browser keeps it as long as the store does.
        if (resumed.isPresent() && resumed.get().renewed() && !reply.headers().containsKey("Set-Cookie")) {
            reply = reply.withHeader("Set-Cookie", SessionCookie.header(sealed.orElseThrow(), secure(request)));
        }
        return reply;
    }

    /**
     * Where a form came from: its Origin, else its Referer (a browser sends at least one with every
     * form; the pages' Referrer-Policy keeps the Referer for this site). Only a page of this server
     * may send a form: this server as the request reached it (a trusted proxy's view, with
     * {@code --trust-proxy}) or as its public URL names it.
     */
    private Optional<String> refusedForm(Request request) {
        String origin = request.getHeaders().get("Origin");
        String from = origin != null ? origin : request.getHeaders().get("Referer");
        if (from == null) {
            return Optional.of("This form came without an Origin or a Referer header, so it cannot be told from one"
                    + " sent by another site.");
        }
        HttpURI here = request.getHttpURI();
        String self = siteOf(here.getScheme(), here.getHost(), Request.getServerPort(request));
        Optional<String> site = siteOf(from);
        return site.isPresent() && (site.get().equals(self) || site.equals(publicSite))
                ? Optional.empty()
                : Optional.of("This form was sent from another site.");
    }

    /** The scheme, host and port of a URL, as an Origin header names them; empty if it names none. */
    private static Optional<String> siteOf(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(siteOf(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String siteOf(String scheme, String host, int port) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        int known = port > 0 ? port : (lower.equals("https") ? 443 : 80);
        return lower + "://" + host.toLowerCase(Locale.ROOT) + ":" + known;
    }

    private static Optional<String> cookie(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        return cookies.stream()
                .filter(c -> c.getName().equals(SessionCookie.NAME))
                .map(HttpCookie::getValue)
                .filter(v -> !v.isEmpty())
                .findFirst();
    }

    /**
     * Whether the session cookie must be marked Secure: the page was served over https, here or,
     * with {@code --trust-proxy}, at the proxy in front.
     */
    boolean secure(Request request) {
        return publicUrlIsHttps || request.isSecure();
    }

    SessionCookie cookies() {
        return cookies;
    }

    WebSessions webSessions() {
        return webSessions;
    }

    WebReply error(int status, String title, String message) {
        return WebReply.status(status, templates.render("error.jte", new ErrorModel(title, message, status)));
    }

    /** An error page's text. */
    public record ErrorModel(String title, String message, int status) {
        public Chrome chrome() {
            return Chrome.titled(title);
        }
    }

    private static void write(WebReply reply, Request request, Response response, Callback callback) {
        response.setStatus(reply.status());
        if (reply.status() >= 400 && !Router.readToItsEnd(request)) {
            response.getHeaders().put("Connection", "close");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // frame-ancestors says it to browsers that read CSP; this, to those that do not.
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        headers.put("Cache-Control", "no-store");
        headers.putAll(reply.headers());
        headers.forEach((name, value) -> {
            if (name.equals("Set-Cookie")) {
                response.getHeaders().add(name, value);
            } else {
                response.getHeaders().put(name, value);
            }
        });
        if (reply.html() == null) {
            callback.succeeded();
            return;
        }
        response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
        response.write(true, ByteBuffer.wrap(reply.html().getBytes(StandardCharsets.UTF_8)), callback);
    }
}
