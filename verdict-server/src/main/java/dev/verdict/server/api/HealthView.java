package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.tests.Test;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET .../tests/{id}/health}: the test's health, its score, and a page of the evidence
 * behind it, newest first, each with links to its run and execution.
 */
record HealthView(
        String id,
        String url,
        String webUrl,
        String health,
        String healthSince,
        Double flakyScore,
        List<EvidenceView> evidence) {

    record EvidenceView(
            String id,
            String signal,
            String summary,
            String detail,
            String health,
            String branch,
            String commitSha,
            String runId,
            String runUrl,
            String executionId,
            String executionUrl,
            String createdAt) {

        static EvidenceView of(Evidence e, String org, String suite, Urls urls) {
            return new EvidenceView(
                    e.id().toString(),
                    e.signal().wireName(),
                    e.signal().summary(),
                    e.detail(),
                    e.health().wireName(),
                    e.branch() == null || e.branch().isEmpty() ? null : e.branch(),
                    e.commitSha(),
                    e.runId() == null ? null : e.runId().toString(),
                    e.runId() == null ? null : urls.runWeb(org, suite, e.runId()),
                    e.executionId() == null ? null : e.executionId().toString(),
                    e.executionId() == null ? null : urls.executionWeb(org, suite, e.testId(), e.executionId()),
                    Timestamps.format(e.at()));
        }
    }

    static HealthView of(Test test, List<Evidence> evidence, String org, Urls urls, Instant now) {
        String suite = test.suiteSlug();
        Instant since = test.health().sinceAt(now);
        return new HealthView(
                test.id().toString(),
                urls.test(org, suite, test.id()),
                urls.testWeb(org, suite, test.id()),
                test.health().at(now).wireName(),
                since == null ? null : Timestamps.format(since),
                test.health().flakyScore(),
                evidence.stream().map(e -> EvidenceView.of(e, org, suite, urls)).toList());
    }
}
