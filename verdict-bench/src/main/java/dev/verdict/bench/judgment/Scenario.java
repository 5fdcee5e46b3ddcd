package dev.verdict.bench.judgment;

import dev.verdict.bench.judgment.HistoryGenerator.Jobs;
import dev.verdict.bench.judgment.HistoryGenerator.OutageShape;
import dev.verdict.bench.judgment.HistoryGenerator.Parameters;
import dev.verdict.bench.judgment.HistoryGenerator.Regressions;
import dev.verdict.bench.judgment.HistoryGenerator.Retries;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named kinds of CI behaviour to measure the judgment on, so that it is not tuned to one shape of
 * history. Each keeps the suite (about 300 tests, the same mix of healthy, slow, flaky and broken)
 * and about 80 builds, and changes how CI runs them. The truth stays what the generator made each
 * test do; where a history cannot tell what a test is, the test is {@linkplain Truth#decidable()
 * undecidable} and left out of the scores, in every scenario alike.
 */
public enum Scenario {
    /**
     * Today's shape: every build runs the whole suite on a linux and a macos job; linux reruns a
     * failure twice in the same upload (a test runner's {@code retry} option), about 15% of builds
     * are retried on their commit, and two outages fail 60–95% of a job with one reason (a database
     * or cache that did not start). Most flaky failures pass on a rerun or in the other job, so
     * they show as flips.
     */
    DEFAULT("default"),

    /**
     * One platform, the suite split by file over 4 parallel jobs of each build, as a test splitter
     * (Buildkite's test splitting, {@code jest --shard}, Knapsack) does to cut wall time: each test
     * runs in exactly one job, each job is one upload of about 75 tests, and nothing reruns in the
     * job. A flaky failure has no other job of its build to pass in; only a build retried on its
     * commit, or the next build, shows it passing. Retries and outages as in {@link #DEFAULT}; an
     * outage hits each job with even odds (at least one), 60–95% of it.
     */
    SPLIT("split"),

    /**
     * The full suite on both jobs as in {@link #DEFAULT}, but no runner reruns and no one retries a
     * build on its commit, except a build an outage hit (an outage is obvious enough that people
     * retry it): a team whose CI costs too much to retry, or that forbids retries to keep flaky
     * tests visible. A flaky test still passes in the other job of its build now and then; a
     * rarely failing one must be found from failures between passes.
     */
    NO_RETRIES("no-retries"),

    /**
     * Outages that take down part of what the tests need, as real ones do: each fails 20–50% of a
     * job (one service of several, or a service that fails some requests), two of the four last
     * for three builds in a row (the build and two retries someone starts while it lasts; the
     * third retry passes), and their reasons are any service's, not only the network's: Redis still
     * loading its dataset, a 503 from a stub, the Docker daemon not responding, a full disk, a
     * search node out of Java heap. Each build also has a small smoke job, the first 3 files'
     * tests (about 30) run again on linux, which the four outages leave alone (it runs on other
     * agents); one more, short outage fails only 3 to 6 of its tests,
     * ones no other outage fails (another service's blip). Every outage's failures share one
     * reason once numbers and ids are set aside, and every outage build is retried until it
     * passes, so that its victims pass on their commit: they are healthy, however they looked.
     */
    PARTIAL_OUTAGES("partial-outages"),

    /**
     * Regressions as teams fix them when CI is watched: half of main's regressions last exactly
     * two commits (a fix or a revert right after the next push), a build a regression fails is
     * retried on its commit half the time (someone hoping it was flaky), about half the broken
     * tests are broken on a feature branch and fixed 1 to 3 pushes later (the author saw the
     * failure), and 2 of main's broken tests are flaky too, failing now and then before their
     * regression (which comes in main's second half) and after its fix. A branch regression fixed
     * by the very next push and not retried was seen in one build only: that reads exactly like
     * one flaky failure (failing every attempt of a build is rare for a flaky test, but possible),
     * so such a test is undecidable and not scored; one retried on its commit failed twice there
     * and is scored as broken. A broken test that is flaky too is right labelled flaky, and must
     * also be labelled broken.
     */
    SHORT_REGRESSIONS("short-regressions");

    private final String wireName;

    Scenario(String wireName) {
        this.wireName = wireName;
    }

    /** The name {@code bin/bench flaky --scenario} takes. */
    public String wireName() {
        return wireName;
    }

    /** Every scenario's name, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Scenario::wireName).toList();
    }

    public static Scenario named(String name) {
        for (Scenario s : values()) {
            if (s.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario '" + name + "'; one of " + String.join(", ", names()));
    }

    /** {@code base} (its seed, suite size, builds, branches, days) in this scenario's CI shape. */
    public Parameters apply(Parameters base) {
        return switch (this) {
            case DEFAULT -> base;
            case SPLIT -> base.withJobs(new Jobs(4, 0, 0));
            case NO_RETRIES -> base.withJobs(new Jobs(0, 0, 0)).withRetries(new Retries(0, 0, 0, 0.025));
            case PARTIAL_OUTAGES ->
                base.withJobs(new Jobs(0, HistoryGenerator.LINUX_RERUNS, 3))
                        .withOutages(4)
                        .withOutageShape(new OutageShape(0.2, 0.5, 2, true, 1))
                        .withRetries(new Retries(0.17, 0.03, 0.17, 0.22));
            case SHORT_REGRESSIONS ->
                base.withRegressions(new Regressions(0.5, 0.5, 3, 2)).withRetries(new Retries(0.17, 0.03, 0.5, 0.2));
        };
    }

    /** This scenario's full-size history for a seed. */
    public Parameters parameters(long seed) {
        return apply(Parameters.defaults(seed));
    }
}
