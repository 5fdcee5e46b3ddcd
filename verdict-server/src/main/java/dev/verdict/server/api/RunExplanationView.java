package dev.verdict.server.api;

import dev.verdict.core.Timestamps;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.RunVerdict;
import dev.verdict.core.runs.RunTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET .../runs/{run}/explanation} (Verdict's own): what a person or an agent needs before
 * touching code for a failed run. The verdict in a sentence, then each test that failed, once
 * however many times it ran, with what the judge found its failure to be, its health and the
 * evidence for it, its owners, and since when it has been failing on the run's branch.
 */
record RunExplanationView(
        RunView run, String summary, boolean needsAttention, Counts counts, List<FailedTestView> tests) {

    /** Tests, not executions, by what their failures were. */
    record Counts(long newFailures, long broken, long flaky, long infrastructure, long passedOnRetry, long muted) {
        static Counts of(RunVerdict v) {
            return new Counts(
                    v.count(FailureKind.NEW),
                    v.count(FailureKind.BROKEN),
                    v.count(FailureKind.FLAKY),
                    v.count(FailureKind.INFRASTRUCTURE),
                    v.passedOnRetry(),
                    v.mutedFailing());
        }
    }

    record FailingSinceView(String runId, String runUrl, String runNumber, String at, int runs) {}

    record FailedTestView(
            String testId,
            String scope,
            String name,
            String location,
            String webUrl,
            String outcome,
            String attempts,
            String failureKind,
            String failureReason,
            String executionUrl,
            String health,
            String state,
            List<String> owners,
            boolean newInThisRun,
            FailingSinceView failingSince,
            List<HealthView.EvidenceView> evidence) {}

    /** How many pieces of evidence each test shows: the newest; the test's health page has them all. */
    static final int EVIDENCE_SHOWN = 3;

    static RunExplanationView of(
            RunView run,
            UUID runId,
            RunVerdict verdict,
            List<RunTest> tests,
            Map<UUID, List<Evidence>> evidence,
            String org,
            String suite,
            Urls urls) {
        return new RunExplanationView(
                run,
                verdict.summary(),
                verdict.needsAttention(),
                Counts.of(verdict),
                tests.stream()
                        .map(t -> test(t, runId, evidence.getOrDefault(t.testId(), List.of()), org, suite, urls))
                        .toList());
    }

    private static FailedTestView test(
            RunTest t, UUID runId, List<Evidence> evidence, String org, String suite, Urls urls) {
        RunTest.Attempt failure = t.lastFailure();
        RunTest.FailingSince since = t.failingSince();
        return new FailedTestView(
                t.testId().toString(),
                t.scope(),
                t.name(),
                t.location(),
                urls.testWeb(org, suite, t.testId()),
                t.outcome().name().toLowerCase(java.util.Locale.ROOT),
                t.attemptsInWords(),
                t.kind() == null ? null : t.kind().wireName(),
                failure == null ? null : failure.failureReason(),
                failure == null ? null : urls.executionWeb(org, suite, t.testId(), failure.executionId()),
                t.health().wireName(),
                t.state().wireName(),
                t.owners(),
                t.newFailureIn(runId),
                since == null
                        ? null
                        : new FailingSinceView(
                                since.runId().toString(),
                                urls.runWeb(org, suite, since.runId()),
                                since.runNumber(),
                                Timestamps.format(since.at()),
                                since.runs()),
                evidence.stream()
                        .map(e -> HealthView.EvidenceView.of(e, org, suite, urls))
                        .toList());
    }
}
