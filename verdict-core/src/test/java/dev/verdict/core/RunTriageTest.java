package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.RunVerdict;
import dev.verdict.core.judgment.RunVerdict.FailedAttempt;
import dev.verdict.core.runs.RunTest;
import dev.verdict.core.tests.TestState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A run read test by test: attempts in words, and the run's verdict in one sentence. */
class RunTriageTest {
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();

    static RunTest test(Result... results) {
        List<RunTest.Attempt> attempts = Arrays.stream(results)
                .map(r -> new RunTest.Attempt(
                        UUID.randomUUID(), r, 1.0, null, r == Result.FAILED ? FailureKind.FLAKY : null, null, null))
                .toList();
        return new RunTest(A, "Cart", "adds", null, attempts, List.of(), TestState.ENABLED, Health.HEALTHY, null);
    }

    @Test
    void attemptsAreSaidInWords() {
        assertThat(test(Result.FAILED, Result.FAILED, Result.FAILED).attemptsInWords())
                .isEqualTo("failed 3 of 3");
        assertThat(test(Result.FAILED, Result.PASSED).attemptsInWords()).isEqualTo("passed on retry 2");
        assertThat(test(Result.FAILED, Result.FAILED, Result.PASSED).outcome())
                .isEqualTo(RunTest.Outcome.PASSED_ON_RETRY);
        assertThat(test(Result.PASSED).attemptsInWords()).isEqualTo("passed");
        assertThat(test(Result.FAILED).kind()).isEqualTo(FailureKind.FLAKY);
        assertThat(test(Result.PASSED).kind()).isNull();
    }

    @Test
    void aTestFailedSeveralTimesCountsOnceByItsMostTellingKind() {
        RunVerdict verdict = RunVerdict.of(List.of(
                new FailedAttempt(A, FailureKind.FLAKY, false, false),
                new FailedAttempt(A, FailureKind.BROKEN, false, false),
                new FailedAttempt(A, null, false, false),
                new FailedAttempt(B, FailureKind.FLAKY, true, false)));

        assertThat(verdict.count(FailureKind.NEW)).isEqualTo(1);
        assertThat(verdict.failingTests()).isEqualTo(1);
        assertThat(verdict.summary()).isEqualTo("Failed: 1 new failure, 1 flaky test passed on retry.");
        assertThat(verdict.needsAttention()).isTrue();
    }

    @Test
    void theVerdictSaysWhatKindOfRedItIs() {
        assertThat(RunVerdict.of(List.of(
                                new FailedAttempt(A, FailureKind.BROKEN, false, false),
                                new FailedAttempt(B, FailureKind.FLAKY, true, false)))
                        .summary())
                .isEqualTo("Failed: 1 broken test, 1 flaky test passed on retry.");
        assertThat(RunVerdict.of(List.of(
                                new FailedAttempt(A, FailureKind.FLAKY, true, false),
                                new FailedAttempt(B, FailureKind.NEW, true, false)))
                        .summary())
                .isEqualTo("Passed with 2 flaky tests: failed, then passed on retry.");
        RunVerdict muted = RunVerdict.of(List.of(new FailedAttempt(A, FailureKind.NEW, false, true)));
        assertThat(muted.summary()).isEqualTo("Failed only in muted tests: 1 test.");
        assertThat(muted.needsAttention()).isFalse();
        assertThat(RunVerdict.of(List.of(
                                new FailedAttempt(A, FailureKind.INFRASTRUCTURE, false, false),
                                new FailedAttempt(B, FailureKind.INFRASTRUCTURE, false, false),
                                new FailedAttempt(C, FailureKind.FLAKY, true, false)))
                        .summary())
                .startsWith("Failed because of the infrastructure: 2 tests")
                .endsWith("; 1 flaky test passed on retry.");
        assertThat(RunVerdict.of(List.of(new FailedAttempt(A, FailureKind.FLAKY, false, false)))
                        .summary())
                .isEqualTo("Failed only in known flaky tests: 1 known flaky test.");
        assertThat(RunVerdict.of(List.of()).anyFailure()).isFalse();
    }

    @Test
    void idsOfOneInstantSortAsTheyWereMade() {
        List<String> made = new ArrayList<>();
        IntStream.of(0, 1, 2, 4095, 4096, 99_999, 1 << 20, (1 << 20) + 1, Integer.MAX_VALUE)
                .forEach(i -> made.add(Ids.uuid7(1_795_854_882_481L, i).toString()));
        // Text order is byte order, the order both engines sort ids in.
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made)
                .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));
        assertThat(made)
                .allSatisfy(id -> assertThat(UUID.fromString(id).variant()).isEqualTo(2));
        // Each tells the instant it was made for: an execution's created_at, its partition's key.
        assertThat(made)
                .allSatisfy(id -> assertThat(Ids.millis(UUID.fromString(id))).isEqualTo(1_795_854_882_481L));
        assertThat(Ids.millis(Ids.uuid7(42L))).isEqualTo(42L);
    }
}
