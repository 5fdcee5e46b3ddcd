package dev.verdict.core.judgment;

import java.time.Duration;
import java.time.Instant;
import org.apache.commons.numbers.gamma.LogBeta;

/**
 * The probabilistic flakiness score: the posterior probability that a test fails on good code,
 * from its failures on good code (weighted by how sure the judge is that the code was good) and
 * its executions.
 *
 * <p>Two hypotheses are weighed. Flaky: the test fails at an unknown rate drawn from a Beta({@link
 * #A}, {@link #B}) prior (mean about 5%); its failures then follow a Beta-Binomial. Healthy: it
 * fails on good code only by accident, at {@link #ACCIDENT} per execution. The score is the
 * posterior probability of the first, starting from {@link #PRIOR} (about one test in ten is
 * flaky in a typical suite). One failure among ten executions scores high; the same failure among
 * a thousand scores low, and further passes bring a score down slowly, so a state does not flap:
 * a test alarms at {@link #ALARM} and recovers only below {@link #RECOVER}.
 */
public final class Flakiness {
    public static final double A = 0.5;
    public static final double B = 10;
    public static final double ACCIDENT = 0.001;
    public static final double PRIOR = 0.1;
    public static final double ALARM = 0.5;
    public static final double RECOVER = 0.2;
    /** Executions a score needs before it can alarm. */
    public static final long MIN_SAMPLE = 5;

    /** Weight of a failure on the default branch (good code) and on any other branch (work in progress). */
    public static final double DEFAULT_BRANCH_WEIGHT = 1.0;

    public static final double OTHER_BRANCH_WEIGHT = 0.5;

    /** Buildkite's recovery for a flip: this long, or this many executions, with no new evidence. */
    public static final Duration QUIET_PERIOD = Duration.ofDays(7);

    public static final long QUIET_EXECUTIONS = 100;
    /** Past this, a failure streak is broken: the chance a flaky test fails so often in a row. */
    public static final double STREAK_CHANCE = 0.02;

    public static final double KNOWN_STREAK_CHANCE = 0.002;

    /** The rate a streak of a test with no flaky evidence is weighed against (see {@link #streakRate}). */
    public static final double STREAK_FLOOR = 0.1;

    public static final double VARIED_FLOOR = 0.3;

    private Flakiness() {}

    /** The score of {@code failures} (weighted) among {@code executions}. */
    public static double score(double failures, long executions) {
        double f = Math.min(failures, executions);
        double n = Math.max(executions, f);
        double flaky = LogBeta.value(A + f, B + n - f) - LogBeta.value(A, B);
        double healthy = f * Math.log(ACCIDENT) + (n - f) * Math.log1p(-ACCIDENT);
        double logOdds = Math.log(PRIOR / (1 - PRIOR)) + flaky - healthy;
        return logOdds > 40 ? 1 : 1 / (1 + Math.exp(-logOdds));
    }

    /**
     * The failure rate a streak is weighed against: what the test would fail at were it flaky. A
     * test with no flaky evidence gets {@link #STREAK_FLOOR}, a typical flaky test's rate; one with
     * evidence the upper end of its estimate (mean plus 1.28 standard deviations of the Beta
     * posterior, a 90% bound), so an unlucky streak of a known flaky test is not a break; a streak
     * whose failures gave different reasons is weighed as a flaky test's at {@link #VARIED_FLOOR}
     * at least, since a break tends to fail the same way every time.
     */
    public static double streakRate(double failures, long executions, boolean weighed, boolean varied) {
        double rate = STREAK_FLOOR;
        if (weighed) {
            double a = A + Math.min(failures, executions);
            double b = B + Math.max(0, executions - failures);
            double mean = a / (a + b);
            double sd = Math.sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
            rate = Math.max(rate, mean + 1.28 * sd);
        }
        return varied ? Math.max(rate, VARIED_FLOOR) : rate;
    }

    /**
     * Whether a streak of this many failed attempts is too long for chance, for a test that would
     * fail on good code at {@code rate}: a streak needs two runs at least, whatever the rate. A
     * test with flaky evidence has many streaks in its life, so each must be less likely to be
     * chance ({@link #KNOWN_STREAK_CHANCE}) than a first one ({@link #STREAK_CHANCE}).
     */
    public static boolean streakIsBroken(int runs, int attempts, double rate, boolean weighed) {
        return runs >= 2 && Math.pow(rate, attempts) < (weighed ? KNOWN_STREAK_CHANCE : STREAK_CHANCE);
    }

    /** Buildkite's "passed on retry" recovery: quiet for the period, or for enough executions. */
    public static boolean quiet(Instant lastEvidence, long executionsSince, Instant now) {
        return executionsSince >= QUIET_EXECUTIONS || !now.isBefore(lastEvidence.plus(QUIET_PERIOD));
    }
}
