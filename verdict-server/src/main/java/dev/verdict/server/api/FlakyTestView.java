package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.tests.FlakyTest;
import java.util.List;

/** An element of the legacy flaky-tests API, field for field. */
record FlakyTestView(
        String id,
        String webUrl,
        String scope,
        String name,
        String location,
        String fileName,
        long instances,
        String latestOccurrenceAt,
        String mostRecentInstanceAt,
        String lastResolvedAt,
        List<String> ownershipTeamIds) {

    static FlakyTestView of(FlakyTest flaky, String org, Urls urls) {
        var test = flaky.test();
        return new FlakyTestView(
                test.id().toString(),
                urls.testWeb(org, test.suiteSlug(), test.id()),
                test.scope(),
                test.name(),
                test.location(),
                test.fileName(),
                flaky.instances(),
                Timestamps.format(flaky.latestOccurrenceAt()),
                Timestamps.format(flaky.mostRecentInstanceAt()),
                flaky.lastResolvedAt() == null ? null : Timestamps.format(flaky.lastResolvedAt()),
                // Owners are team slugs from TESTOWNERS; Verdict has no team ids to give here.
                List.of());
    }
}
