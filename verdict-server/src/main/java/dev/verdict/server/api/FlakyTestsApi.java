package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.core.tests.TestStore.FlakyFilter;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Clock;
import java.time.Instant;

/**
 * The legacy flaky-tests API (deprecated by Buildkite in favour of {@code tests?label=flaky}): the
 * tests the flaky rule caught in a period, with how many commits they flipped on.
 */
public final class FlakyTestsApi {
    private final Storage storage;
    private final Clock clock;
    private final Urls urls;

    public FlakyTestsApi(Storage storage, Clock clock, Urls urls) {
        this.storage = storage;
        this.clock = clock;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add("GET", SuitesApi.SUITE + "/flaky-tests", Guard.scope(Scope.READ_SUITES), this::list);
    }

    private Reply list(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        Instant now = Timestamps.now(clock);
        Instant since = now.minus(call.query("period").map(TestQueries::period).orElse(TestQueries.DEFAULT_PERIOD));
        FlakyFilter filter = new FlakyFilter(
                since,
                call.query("branch").map(String::strip),
                call.query("search").map(String::strip));
        String org = call.organization().slug();
        return call.page(
                storage.tests().flaky(suite.id(), filter, call.pageRequest()).map(f -> FlakyTestView.of(f, org, urls)));
    }
}
