package dev.verdict.server.web;

import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.AccessTokens;
import dev.verdict.core.access.Scope;
import dev.verdict.core.access.Tokens;
import dev.verdict.core.access.WebSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Signing in with an API access token, and out; the token's sessions. */
public final class SignInPages {
    private final WebApp app;
    private final AccessTokens accessTokens;

    /** The sign-in form: where to go after it, and what went wrong last time. */
    public record SignInModel(Chrome chrome, String next, String problem) {}

    /** The signed-in token's open sessions, this one marked. */
    public record SessionsModel(Chrome chrome, List<SessionRow> sessions, Instant now) {}

    /** One session as the list shows it. */
    public record SessionRow(Instant createdAt, Instant lastSeenAt, String userAgent, boolean current) {}

    SignInPages(WebApp app, AccessTokens accessTokens) {
        this.app = app;
        this.accessTokens = accessTokens;
    }

    void routes() {
        app.add(
                        "GET",
                        "/",
                        WebApp.Access.OPEN,
                        call -> WebReply.redirect(
                                call.signedIn()
                                        ? WebPaths.org(call.organization().slug())
                                        : "/sign-in"))
                .add("GET", "/sign-in", WebApp.Access.OPEN, call -> form(call, null, 200))
                .add("POST", "/sign-in", WebApp.Access.OPEN, this::signIn)
                .add("POST", "/sign-out", WebApp.Access.READ, call -> {
                    app.webSessions().end(call.session().id());
                    return signedOut(call);
                })
                .add("POST", "/sign-out-everywhere", WebApp.Access.READ, call -> {
                    app.webSessions().endAll(call.token());
                    return signedOut(call);
                })
                .add("GET", "/sessions", WebApp.Access.READ, this::sessions);
    }

    private static WebReply signedOut(WebCall call) {
        return WebReply.redirect("/sign-in").withHeader("Set-Cookie", SessionCookie.cleared(call.secure()));
    }

    private WebReply sessions(WebCall call) {
        List<SessionRow> rows = app.webSessions().of(call.token(), call.now()).stream()
                .map(s -> new SessionRow(
                        s.createdAt(),
                        s.lastSeenAt(),
                        s.userAgent().orElse("unknown"),
                        s.id().equals(call.session().id())))
                .toList();
        return WebReply.page(app.templates()
                .render("sessions.jte", new SessionsModel(call.chrome("Sessions", null, null), rows, call.now())));
    }

    private WebReply form(WebCall call, String problem, int status) {
        String next = call.query("next")
                .or(() -> call.form("next"))
                .flatMap(WebPaths::localPath)
                .orElse("");
        return WebReply.status(
                status,
                app.templates()
                        .render("signin.jte", new SignInModel(call.chrome("Sign in", null, null), next, problem)));
    }

    private WebReply signIn(WebCall call) {
        Optional<String> text = call.form("token");
        Optional<AccessToken> token = text.flatMap(accessTokens::authenticate);
        if (token.isEmpty()
                && text.flatMap(t -> Tokens.parse(Tokens.Kind.SUITE, t.strip())).isPresent()) {
            return form(
                    call,
                    "That is a suite's upload token (vds_…), which only sends results. Sign in with an API access"
                            + " token (vdt_…) with the read_suites scope: verdict token create --org <org> --scopes"
                            + " read_suites,write_suites.",
                    401);
        }
        if (token.isEmpty()) {
            return form(
                    call,
                    text.isEmpty()
                            ? "Paste an API access token to sign in."
                            : "That token is not one this server knows, or it was revoked.",
                    401);
        }
        if (!token.get().allows(Scope.READ_SUITES)) {
            return form(call, "That token lacks the read_suites scope, which every page needs.", 403);
        }
        String home = WebPaths.org(token.get().organization().slug());
        // No next: straight home. A next that is not a path here: the root, which leads home too.
        String next =
                call.form("next").map(n -> WebPaths.localPath(n).orElse("/")).orElse(home);
        WebSession session = app.webSessions().open(token.get(), call.userAgent(), call.now());
        return WebReply.redirect(next)
                .withHeader("Set-Cookie", SessionCookie.header(app.cookies().seal(session.id()), call.secure()));
    }
}
