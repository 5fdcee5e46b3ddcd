package dev.verdict.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.verdict.core.Timestamps;
import dev.verdict.core.judgment.HealthSummary;
import dev.verdict.core.tests.MeasuredTest;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestMetrics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test object of the Tests API, field for field: the legacy fields, and with a version of
 * 2026-08-01 or later the metrics (absent, not null, in the legacy shape), and with them
 * Verdict's own judgment: {@code health}, {@code health_since} and {@code flaky_score}.
 */
record TestView(
        String id,
        String url,
        String webUrl,
        String scope,
        String name,
        String location,
        String fileName,
        List<String> labels,
        @JsonUnwrapped Metrics metrics) {

    /** The versioned fields; flattened into the test object when written. */
    record Metrics(
            Double reliability,
            Double durationAvg,
            Double durationSum,
            Double durationMin,
            Double durationMax,
            long executionsCount,
            Map<String, Long> executionsCountByResult,
            String health,
            String healthSince,
            Double flakyScore) {

        static Metrics of(TestMetrics m, HealthSummary health, Instant now) {
            // passed and failed are always present; the other results only when non-zero.
            Map<String, Long> byResult = new LinkedHashMap<>();
            byResult.put("passed", m.passed());
            byResult.put("failed", m.failed());
            if (m.skipped() > 0) {
                byResult.put("skipped", m.skipped());
            }
            if (m.pending() > 0) {
                byResult.put("pending", m.pending());
            }
            if (m.unknown() > 0) {
                byResult.put("unknown", m.unknown());
            }
            Instant since = health.sinceAt(now);
            return new Metrics(
                    m.reliability(),
                    m.durationAvg(),
                    m.durationSum(),
                    m.durationMin(),
                    m.durationMax(),
                    m.executionsCount(),
                    byResult,
                    health.at(now).wireName(),
                    since == null ? null : Timestamps.format(since),
                    health.flakyScore());
        }
    }

    static TestView legacy(Test test, String org, Urls urls) {
        return new TestView(
                test.id().toString(),
                urls.test(org, test.suiteSlug(), test.id()),
                urls.testWeb(org, test.suiteSlug(), test.id()),
                test.scope(),
                test.name(),
                test.location(),
                test.fileName(),
                test.labels(),
                null);
    }

    static TestView measured(MeasuredTest measured, String org, Urls urls, Instant now) {
        return measured(measured.test(), measured.metrics(), org, urls, now);
    }

    static TestView measured(Test test, TestMetrics metrics, String org, Urls urls, Instant now) {
        TestView legacy = legacy(test, org, urls);
        return new TestView(
                legacy.id(),
                legacy.url(),
                legacy.webUrl(),
                legacy.scope(),
                legacy.name(),
                legacy.location(),
                legacy.fileName(),
                legacy.labels(),
                Metrics.of(metrics, test.health(), now));
    }
}
