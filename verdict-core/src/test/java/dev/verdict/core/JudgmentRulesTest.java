package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.judgment.FailureReasons;
import dev.verdict.core.judgment.Flakiness;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.InfrastructureGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class JudgmentRulesTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void buildkitesQuietRuleIsSevenDaysOrAHundredExecutions() {
        Instant caught = NOW.minus(Duration.ofDays(3));
        assertThat(Flakiness.quiet(caught, 99, NOW)).isFalse();
        assertThat(Flakiness.quiet(caught, 100, NOW)).isTrue();
        assertThat(Flakiness.quiet(NOW.minus(Duration.ofDays(7)), 0, NOW)).isTrue();
        assertThat(Flakiness.quiet(NOW.minus(Duration.ofDays(7)).plusMillis(1), 0, NOW))
                .isFalse();
    }

    @Test
    void reasonsOfOneOutageNormalizeAlike() {
        assertThat(FailureReasons.normalize("connect ECONNREFUSED 10.0.3.17:5432"))
                .isEqualTo(FailureReasons.normalize("connect ECONNREFUSED 10.0.9.2:6379"))
                .isEqualTo("connect econnrefused #");
        assertThat(FailureReasons.normalize("Error: connection refused (db-7f3a9c:6379)\n  at Socket.connect"))
                .isEqualTo(FailureReasons.normalize("Error: connection refused (db-00ab12:5432)"));
        assertThat(FailureReasons.normalize("request 3f2b8c1e-0d4a-4e7b-9a51-2c6d8e0f1a3b timed out after 3000ms"))
                .isEqualTo("request # timed out after #");
        assertThat(FailureReasons.normalize("Error: connection refused (db-adcfab:6379)"))
                .isEqualTo(FailureReasons.normalize("Error: connection refused (db-7f3a9c:5432)"))
                .isEqualTo("error: connection refused (db-#)");
        assertThat(FailureReasons.normalize("expected true to be false"))
                .isNotEqualTo(FailureReasons.normalize("expected 1 to equal 2"));
        assertThat(FailureReasons.normalize(null)).isEmpty();
        assertThat(FailureReasons.normalize("x".repeat(100_000))).hasSizeLessThanOrEqualTo(300);
    }

    private static List<String> normalized(List<String> reasons) {
        return reasons.stream().map(FailureReasons::normalize).toList();
    }

    @Test
    void anOutageNeedsAShareAtOnceForOneReason() {
        List<String> refused = normalized(Collections.nCopies(6, "connect ECONNREFUSED 10.0.0.1:5432"));
        assertThat(InfrastructureGuard.outageReasons(refused, 10, null)).containsExactly("connect econnrefused #");
        // The same failures in a large upload are a small share: a reason that reads like the
        // infrastructure still is one from a tenth; any other reason needs half.
        assertThat(InfrastructureGuard.outageReasons(refused, 50, null)).hasSize(1);
        assertThat(InfrastructureGuard.outageReasons(refused, 100, null)).isEmpty();
        List<String> assertion = normalized(Collections.nCopies(6, "expected 1 to equal 2"));
        assertThat(InfrastructureGuard.outageReasons(assertion, 10, null)).hasSize(1);
        assertThat(InfrastructureGuard.outageReasons(assertion, 13, null)).isEmpty();
        // Too few to be an outage on their own, unless the run already had one for that reason.
        List<String> two =
                normalized(List.of("connect ECONNREFUSED 10.0.0.1:5432", "connect ECONNREFUSED 10.0.0.2:5432"));
        assertThat(InfrastructureGuard.outageReasons(two, 2, null)).isEmpty();
        assertThat(InfrastructureGuard.outageReasons(two, 2, "connect econnrefused #"))
                .hasSize(1);
    }

    @Test
    void anUploadTheGuardSkipsCouldNotBeAnOutage() {
        // The judge normalizes no reason when possible() says no: no reason may then be an outage.
        List<String> refused = normalized(Collections.nCopies(40, "connect ECONNREFUSED 10.0.0.1:5432"));
        List<String> assertion = normalized(Collections.nCopies(40, "expected 1 to equal 2"));
        for (int failing = 0; failing <= 40; failing++) {
            for (int tests = Math.max(failing, 1); tests <= 200; tests++) {
                boolean outage = !InfrastructureGuard.outageReasons(refused.subList(0, failing), tests, null)
                                .isEmpty()
                        || !InfrastructureGuard.outageReasons(assertion.subList(0, failing), tests, null)
                                .isEmpty();
                if (outage) {
                    assertThat(InfrastructureGuard.possible(failing, tests, null))
                            .as("%d of %d", failing, tests)
                            .isTrue();
                }
            }
        }
        assertThat(InfrastructureGuard.possible(2, 200, null)).isFalse();
        assertThat(InfrastructureGuard.possible(2, 200, "connect econnrefused #"))
                .isTrue();
    }

    @Test
    void theScoreRisesWithFailuresAndFallsWithPasses() {
        assertThat(Flakiness.score(0, 0)).isEqualTo(Flakiness.PRIOR, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Flakiness.score(1, 10)).isGreaterThan(Flakiness.ALARM);
        assertThat(Flakiness.score(1, 1000)).isLessThan(Flakiness.RECOVER);
        assertThat(Flakiness.score(3, 100)).isGreaterThan(Flakiness.score(1, 100));
        List<Double> falling = new ArrayList<>();
        for (int n = 10; n <= 1000; n += 10) {
            falling.add(Flakiness.score(1, n));
        }
        assertThat(falling).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(Flakiness.score(1e9, 10)).isEqualTo(1.0);
    }

    @Test
    void aStreakIsBrokenWhenChanceCannotExplainIt() {
        double unknown = Flakiness.streakRate(0, 0, false, false);
        assertThat(Flakiness.streakIsBroken(1, 5, unknown, false)).isFalse();
        assertThat(Flakiness.streakIsBroken(2, 1, unknown, false)).isFalse();
        assertThat(Flakiness.streakIsBroken(2, 2, unknown, false)).isTrue();
        // A test known to fail a fifth of the time on good code needs a longer streak, and so does
        // one whose failures gave different reasons.
        double known = Flakiness.streakRate(20, 100, true, false);
        assertThat(known).isGreaterThan(0.2);
        assertThat(Flakiness.streakIsBroken(2, 4, known, true)).isFalse();
        assertThat(Flakiness.streakIsBroken(3, 6, known, true)).isTrue();
        double varied = Flakiness.streakRate(0, 0, false, true);
        assertThat(Flakiness.streakIsBroken(3, 3, varied, false)).isFalse();
        assertThat(Flakiness.streakIsBroken(3, 4, varied, false)).isTrue();
    }

    @Test
    void aTestIsNewForSevenDaysUnlessItHasSomethingElseToSay() {
        Instant first = NOW.minus(Duration.ofDays(6));
        assertThat(Health.of(Health.HEALTHY, first, NOW)).isEqualTo(Health.NEW);
        assertThat(Health.of(Health.HEALTHY, first, NOW.plus(Duration.ofDays(1))))
                .isEqualTo(Health.HEALTHY);
        assertThat(Health.of(Health.BROKEN, first, NOW)).isEqualTo(Health.BROKEN);
    }
}
