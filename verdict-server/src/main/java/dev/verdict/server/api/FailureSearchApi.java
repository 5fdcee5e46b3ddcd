package dev.verdict.server.api;

import dev.verdict.core.BadRequest;
import dev.verdict.core.Timestamps;
import dev.verdict.core.access.Scope;
import dev.verdict.core.paging.Page;
import dev.verdict.core.runs.FailureMatch;
import dev.verdict.core.runs.FailureSearch;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestQueries;
import dev.verdict.server.http.Call;
import dev.verdict.server.http.Guard;
import dev.verdict.server.http.Reply;
import dev.verdict.server.http.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET .../suites/{suite}/failures?search=...} (Verdict's own): the failure reasons of the
 * suite's recent runs that contain a text, grouped by test, each with the runs it failed in.
 */
public final class FailureSearchApi {
    /** What a search covers unless {@code period} says otherwise. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    private final Storage storage;
    private final Clock clock;
    private final Urls urls;

    public FailureSearchApi(Storage storage, Clock clock, Urls urls) {
        this.storage = storage;
        this.clock = clock;
        this.urls = urls;
    }

    public void routes(Router router) {
        router.add("GET", SuitesApi.SUITE + "/failures", Guard.scope(Scope.READ_SUITES), this::search);
    }

    record RunView(
            String runId,
            String webUrl,
            String branch,
            String commitSha,
            String executionId,
            String executionUrl,
            String failedAt) {}

    record GroupView(
            String testId,
            String scope,
            String name,
            String location,
            String webUrl,
            String health,
            String state,
            int matches,
            String lastFailedAt,
            String failureReason,
            List<RunView> runs) {}

    record SearchView(
            String search, String from, String to, int matchedExecutions, boolean truncated, List<GroupView> tests) {}

    private Reply search(Call call) {
        Suite suite = SuitesApi.suite(storage, call);
        String text = FailureSearch.text(
                call.query("search").orElseThrow(() -> new BadRequest("search is required: the text to look for")));
        Instant now = Timestamps.now(clock);
        Instant from = now.minus(call.query("period").map(TestQueries::period).orElse(DEFAULT_PERIOD));
        Optional<String> branch = call.query("branch").map(String::strip);
        List<FailureMatch> matches =
                storage.runs().failureMatches(suite.id(), text, from, now, branch, FailureSearch.MATCH_LIMIT);
        List<FailureSearch.Group> groups = FailureSearch.group(matches);
        Page<FailureSearch.Group> page = Page.slice(call.pageRequest(), groups);
        String org = call.organization().slug();
        List<GroupView> tests = page.items().stream()
                .map(g -> group(g, storage.tests().find(suite.id(), g.testId()), org, suite.slug(), now))
                .flatMap(Optional::stream)
                .toList();
        return call.page(
                page,
                new SearchView(
                        text,
                        Timestamps.format(from),
                        Timestamps.format(now),
                        matches.size(),
                        matches.size() >= FailureSearch.MATCH_LIMIT,
                        tests));
    }

    /** A group as answered; none when its test was deleted since. */
    private Optional<GroupView> group(
            FailureSearch.Group g, Optional<Test> found, String org, String suite, Instant now) {
        return found.map(test -> new GroupView(
                test.id().toString(),
                test.scope(),
                test.name(),
                test.location(),
                urls.testWeb(org, suite, test.id()),
                test.health().at(now).wireName(),
                test.state().wireName(),
                g.matches(),
                Timestamps.format(g.newest().at()),
                g.newest().failureReason(),
                g.runs().stream()
                        .map(m -> new RunView(
                                m.runId().toString(),
                                urls.runWeb(org, suite, m.runId()),
                                m.branch() == null || m.branch().isEmpty() ? null : m.branch(),
                                m.commitSha(),
                                m.executionId().toString(),
                                urls.executionWeb(org, suite, test.id(), m.executionId()),
                                Timestamps.format(m.at())))
                        .toList()));
    }
}
