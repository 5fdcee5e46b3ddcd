package dev.verdict.server.web;

import dev.verdict.core.NotFound;
import dev.verdict.core.access.AccessToken;
import dev.verdict.core.access.Organization;
import dev.verdict.core.access.Scope;
import dev.verdict.core.access.WebSession;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** One page request as a page sees it: path parameters, query, form, and who is signed in. */
final class WebCall {
    private final Request request;
    private final Map<String, String> pathParams;
    private final Fields query;
    private final Fields form;
    private final AccessToken token;
    private final WebSession session;
    private final String csrf;
    private final Instant now;
    private final boolean secure;

    WebCall(
            Request request,
            Map<String, String> pathParams,
            Fields query,
            Fields form,
            WebSession session,
            String csrf,
            Instant now,
            boolean secure) {
        this.request = request;
        this.pathParams = pathParams;
        this.query = query;
        this.form = form;
        this.token = session == null ? null : session.token();
        this.session = session;
        this.csrf = csrf;
        this.now = now;
        this.secure = secure;
    }

    /** Served over https, so the session cookie must say Secure. */
    boolean secure() {
        return secure;
    }

    String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** A query parameter; blank counts as absent, as an empty filter field means no filter. */
    Optional<String> query(String name) {
        return Optional.ofNullable(query.getValue(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    Optional<String> form(String name) {
        return Optional.ofNullable(form.getValue(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    List<String> formValues(String name) {
        return form.getValues(name) == null ? List.of() : form.getValues(name);
    }

    PageRequest pageRequest(int perPage) {
        return PageRequest.parse(query.getValue("page"), String.valueOf(perPage));
    }

    /** The path and query this page was asked for, to come back to after a form or a sign-in. */
    String pathAndQuery() {
        return request.getHttpURI().getPathQuery();
    }

    boolean isHtmx() {
        return request.getHeaders().get("HX-Request") != null;
    }

    Instant now() {
        return now;
    }

    boolean signedIn() {
        return token != null;
    }

    /** The signed-in session; only on pages that need one. */
    WebSession session() {
        if (session == null) {
            throw new IllegalStateException("page is open to anyone");
        }
        return session;
    }

    /** The browser's own description of itself, as a session list shows it. */
    Optional<String> userAgent() {
        return Optional.ofNullable(request.getHeaders().get("User-Agent"));
    }

    AccessToken token() {
        if (token == null) {
            throw new IllegalStateException("page is open to anyone");
        }
        return token;
    }

    Organization organization() {
        return token().organization();
    }

    boolean mayWrite() {
        return token != null && token.allows(Scope.WRITE_SUITES);
    }

    /** The suite named in the path, within the signed-in organization. */
    Suite suite(Storage storage) {
        return storage.suites()
                .find(organization().id(), path("suite"))
                .orElseThrow(() -> new NotFound(
                        "No suite " + path("suite") + " in " + organization().slug()));
    }

    /** What every page's frame shows: where the person is, and the token its forms carry. */
    Chrome chrome(String title, Suite suite, String section) {
        return new Chrome(
                title,
                token == null ? null : organization().slug(),
                suite == null ? null : suite.slug(),
                suite == null ? null : suite.name(),
                section,
                csrf,
                token == null ? null : token.description().orElse("API access token"),
                now());
    }
}
