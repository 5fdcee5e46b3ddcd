package dev.verdict.core.runs;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.tests.TestState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One test of a run with every attempt it had there, as a person triaging the run reads it: a test
 * that failed three times is one row saying so, and one that failed then passed is a flaky pass,
 * not a failure.
 *
 * @param attempts in the order the reports gave them
 * @param health what the judge holds of the test now (never null; {@link Health#HEALTHY} when
 *     nothing is known)
 * @param failingSince the test's current failure streak on the run's branch, if it has one
 */
public record RunTest(
        UUID testId,
        String scope,
        String name,
        String location,
        List<Attempt> attempts,
        List<String> owners,
        TestState state,
        Health health,
        FailingSince failingSince) {
    public RunTest {
        attempts = List.copyOf(attempts);
        owners = List.copyOf(owners);
    }

    /**
     * One execution of the test in the run; {@code failureExpanded} and {@code output} (JSON, as
     * stored) only for a failed one.
     */
    public record Attempt(
            UUID executionId,
            Result result,
            Double duration,
            String failureReason,
            FailureKind kind,
            String failureExpanded,
            String output) {}

    /** The last failed attempt, whose failure a page opens with; null when none failed. */
    public Attempt lastFailure() {
        Attempt last = null;
        for (Attempt a : attempts) {
            if (a.result() == Result.FAILED) {
                last = a;
            }
        }
        return last;
    }

    /** Where the test's failure streak on a branch began: the run (and its number, if it has one). */
    public record FailingSince(UUID runId, String runNumber, Instant at, int runs) {}

    /** What the attempts add up to. */
    public enum Outcome {
        /** Every attempt failed (or failed and none passed). */
        FAILED,
        /** Failed, then passed on a retry: a flaky pass. */
        PASSED_ON_RETRY,
        PASSED,
        SKIPPED
    }

    public Outcome outcome() {
        boolean failed = count(Result.FAILED) > 0;
        boolean passed = count(Result.PASSED) > 0;
        if (failed) {
            return passed ? Outcome.PASSED_ON_RETRY : Outcome.FAILED;
        }
        return passed ? Outcome.PASSED : Outcome.SKIPPED;
    }

    public long count(Result result) {
        return attempts.stream().filter(a -> a.result() == result).count();
    }

    /** The attempts in words: "failed 3 of 3", "passed on retry 2" (the attempt that passed). */
    public String attemptsInWords() {
        int n = attempts.size();
        return switch (outcome()) {
            case FAILED -> "failed " + count(Result.FAILED) + " of " + n;
            case PASSED_ON_RETRY -> "passed on retry " + firstPass();
            case PASSED -> n == 1 ? "passed" : "passed " + n + " of " + n;
            case SKIPPED ->
                attempts.isEmpty() ? "no result" : attempts.get(n - 1).result().wireName();
        };
    }

    private int firstPass() {
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).result() == Result.PASSED) {
                return i + 1;
            }
        }
        return attempts.size();
    }

    /**
     * What the judge found the test's failures in this run to be: the most telling of its failed
     * attempts (new, then broken, flaky, infrastructure); null when none failed. Failures from
     * before judgment existed count as new.
     */
    public FailureKind kind() {
        return attempts.stream()
                .filter(a -> a.result() == Result.FAILED)
                .map(a -> FailureKind.orNew(a.kind()))
                .reduce(FailureKind::worse)
                .orElse(null);
    }

    /** Whether the test's failure streak on the branch began in {@code run}: a fresh break. */
    public boolean newFailureIn(UUID run) {
        return failingSince != null && failingSince.runId().equals(run);
    }

    public boolean muted() {
        return state == TestState.MUTED;
    }
}
