package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Ids;
import dev.verdict.core.access.Scope;
import dev.verdict.core.paging.Page;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The build tests API: the tests that ran in a CI build, across every suite of the organization
 * (a token reads them all), measured over the build's window with the Tests API's filters.
 */
public final class BuildTestsApi {
    private final Storage storage;
    private final Urls urls;

    private final java.time.Clock clock;

    public BuildTestsApi(Storage storage, Urls urls, java.time.Clock clock) {
        this.clock = clock;
        this.storage = storage;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add(
                "GET",
                "/v2/analytics/organizations/{org}/builds/{build}/tests",
                Guard.scope(Scope.READ_SUITES),
                this::list);
    }

    private Reply list(Call call) {
        String build = call.path("build");
        UUID buildId = Ids.parse(build)
                .orElseThrow(() -> new BadRequest("the build must be named by its UUID, not '" + build + "'"));
        UUID org = call.organization().id();
        var start = storage.tests().buildStart(org, buildId);
        var query = TestQueries.parse(call::query, TestQueries.buildWindow(start.orElse(Instant.EPOCH)));
        if (start.isEmpty()) {
            // A build Verdict has no runs of has no tests here; it is not an error.
            return call.page(new Page<>(call.pageRequest(), List.of(), false, OptionalLong.empty()));
        }
        String slug = call.organization().slug();
        return call.page(storage.tests()
                .measureBuild(org, buildId, query, call.pageRequest())
                .map(t -> TestView.measured(t, slug, urls, dev.verdict.core.Timestamps.now(clock))));
    }
}
