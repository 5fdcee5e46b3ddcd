package dev.verdict.server.api;

import dev.verdict.core.NotFound;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.Suites;
import dev.verdict.server.http.ApiException;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;

/** The Suites API: {@code /v2/analytics/organizations/{org}/suites}. */
public final class SuitesApi {
    static final String SUITES = "/v2/analytics/organizations/{org}/suites";
    static final String SUITE = SUITES + "/{suite}";
    private static final SuiteFields NOTHING = new SuiteFields(null, null, null, null, null, null);

    private final Storage storage;
    private final Suites suites;
    private final Urls urls;

    public SuitesApi(Storage storage, Suites suites, Urls urls) {
        this.storage = storage;
        this.suites = suites;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add("GET", SUITES, Guard.scope(Scope.READ_SUITES), this::list)
                .add("POST", SUITES, Guard.scope(Scope.WRITE_SUITES), this::create)
                .add("GET", SUITE, Guard.scope(Scope.READ_SUITES), this::get)
                .add("PATCH", SUITE, Guard.scope(Scope.WRITE_SUITES), this::update)
                .add("DELETE", SUITE, Guard.scope(Scope.WRITE_SUITES), this::delete);
    }

    /** The suite named in the path, within the caller's organization; 404 otherwise. */
    public static Suite suite(Storage storage, Call call) {
        return storage.suites()
                .find(call.organization().id(), call.path("suite"))
                .orElseThrow(() -> new NotFound("No suite found"));
    }

    private Reply list(Call call) {
        boolean show = mayShowToken(call, call.flag("show_api_token"));
        return call.page(storage.suites()
                .list(call.organization().id(), call.pageRequest())
                .map(suite -> view(call, suite, show)));
    }

    private Reply get(Call call) {
        return Reply.ok(view(call, suite(storage, call), mayShowToken(call, call.flag("show_api_token"))));
    }

    private Reply create(Call call) {
        SuiteBody body = SuiteBody.read(call.jsonBody(), NOTHING);
        Suites.Created created = suites.create(call.organization(), body.fields());
        String token = body.showApiToken() ? created.uploadToken() : null;
        return Reply.created(SuiteView.of(created.suite(), call.organization().slug(), urls, token));
    }

    private Reply update(Call call) {
        Suite current = suite(storage, call);
        SuiteBody body = SuiteBody.read(call.jsonBody(), current.fields());
        Suite updated = suites.update(call.organization(), current, body.fields());
        return Reply.ok(view(call, updated, body.showApiToken()));
    }

    private Reply delete(Call call) {
        storage.suites().delete(suite(storage, call));
        return Reply.noContent();
    }

    private SuiteView view(Call call, Suite suite, boolean showToken) {
        String token = showToken ? revealUploadToken(call, suite) : null;
        return SuiteView.of(suite, call.organization().slug(), urls, token);
    }

    /** A token sealed under a key this server does not hold is a state to fix, not a server error. */
    private String revealUploadToken(Call call, Suite suite) {
        try {
            return suites.revealUploadToken(suite);
        } catch (SecretBox.Unsealable e) {
            throw new ApiException(
                    409,
                    "The upload token of suite '" + suite.slug() + "' was sealed under another secret key than this"
                            + " server's, so it cannot be shown. Rotate the suite's token (verdict suite rotate-token"
                            + " --org " + call.organization().slug() + " --suite " + suite.slug() + "; the old token"
                            + " stops working), or give the server the key it was sealed under (VERDICT_SECRET_KEY or"
                            + " secret.key).");
        }
    }

    /**
     * Showing an upload token hands out the power to write into the suite, so it takes
     * {@code write_suites}, not just the {@code read_suites} that reading the suite needs.
     */
    private static boolean mayShowToken(Call call, boolean requested) {
        if (requested && !call.token().allows(Scope.WRITE_SUITES)) {
            throw new ApiException(
                    403, "Your access token doesn't have the write_suites scope, which show_api_token needs");
        }
        return requested;
    }
}
