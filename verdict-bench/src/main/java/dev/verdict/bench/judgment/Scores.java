package dev.verdict.bench.judgment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How well a server judged a replay, over the whole of it: a test is "labelled X" when its health
 * was X after any build. A figure with nothing to measure (a precision when nothing was labelled,
 * a delay when nothing was caught) is NaN, printed {@code n/a}, and misses its target. Tests the
 * history could not tell ({@link Truth#decidable()}) are left out of every figure but the {@code
 * undecidable} ones, which say what they were labelled.
 *
 * @param labelledFlaky decidable tests labelled flaky; {@code labelledBroken} likewise
 * @param flakyPrecision of the tests labelled flaky, the share that are flaky (a broken test that
 *     is flaky too is)
 * @param flakyRecall of the flaky tests that failed at least once outside an outage (and their
 *     break), the share labelled flaky
 * @param brokenPrecision of the tests labelled broken, the share that are broken
 * @param brokenRecall of the broken tests that failed, the share labelled broken
 * @param falseFlakyByClass tests labelled flaky that are not, by their class
 * @param falseBrokenByClass tests labelled broken that are not, by their class
 * @param brokenLabelledFlaky broken tests ever labelled flaky, those flaky too aside
 * @param outageVictimsLabelledShare of the healthy tests an outage failed, the share labelled
 *     flaky or broken
 * @param flakyDelayMedian builds from a flaky test's first evidence until it read flaky (nearest
 *     rank); p90 likewise
 * @param brokenDelayMedian builds of its branch from a broken test's first failure until it read
 *     broken; p90 likewise
 * @param undecidable tests left out of the other figures; {@code undecidableLabelledFlaky} and
 *     {@code undecidableLabelledBroken}, how many of them were labelled so
 */
public record Scores(
        long tests,
        long labelledFlaky,
        long labelledBroken,
        double flakyPrecision,
        double flakyRecall,
        double brokenPrecision,
        double brokenRecall,
        Map<String, Long> falseFlakyByClass,
        Map<String, Long> falseBrokenByClass,
        long brokenLabelledFlaky,
        double outageVictimsLabelledShare,
        double flakyDelayMedian,
        double flakyDelayP90,
        double brokenDelayMedian,
        double brokenDelayP90,
        long undecidable,
        long undecidableLabelledFlaky,
        long undecidableLabelledBroken) {

    public static final double MIN_PRECISION = 0.95;
    public static final double MIN_RECALL = 0.95;
    public static final double MAX_VICTIMS_LABELLED = 0.05;
    public static final double MAX_MEDIAN_DELAY = 3;

    private static final List<String> CATEGORIES = List.of("healthy", "slow", Truth.OUTAGE_VICTIM, "flaky", "broken");

    public Scores {
        falseFlakyByClass = Map.copyOf(falseFlakyByClass);
        falseBrokenByClass = Map.copyOf(falseBrokenByClass);
    }

    /** Scores the outcomes of one replay, or of several pooled (tests of every seed together). */
    public static Scores of(List<TestOutcome> all) {
        List<TestOutcome> outcomes = all.stream().filter(TestOutcome::decidable).toList();
        List<TestOutcome> undecided = all.stream().filter(o -> !o.decidable()).toList();
        Map<String, Long> falseFlaky = new LinkedHashMap<>();
        Map<String, Long> falseBroken = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            if (!category.equals("flaky")) {
                falseFlaky.put(
                        category,
                        count(
                                outcomes,
                                o -> o.labelledFlaky()
                                        && !o.flaky()
                                        && o.category().equals(category)));
            }
            if (!category.equals("broken")) {
                falseBroken.put(
                        category,
                        count(outcomes, o -> o.labelledBroken() && o.category().equals(category)));
            }
        }
        long victims = count(outcomes, o -> o.category().equals(Truth.OUTAGE_VICTIM));
        long victimsLabelled = count(
                outcomes, o -> o.category().equals(Truth.OUTAGE_VICTIM) && (o.labelledFlaky() || o.labelledBroken()));
        double[] flakyDelays = outcomes.stream()
                .filter(o -> o.flakyDelay() >= 0)
                .mapToDouble(TestOutcome::flakyDelay)
                .toArray();
        double[] brokenDelays = outcomes.stream()
                .filter(o -> o.brokenDelay() >= 0)
                .mapToDouble(TestOutcome::brokenDelay)
                .toArray();
        return new Scores(
                all.size(),
                count(outcomes, TestOutcome::labelledFlaky),
                count(outcomes, TestOutcome::labelledBroken),
                share(outcomes, TestOutcome::labelledFlaky, TestOutcome::flaky),
                share(outcomes, o -> o.flaky() && o.flakyEvidence(), TestOutcome::labelledFlaky),
                share(outcomes, TestOutcome::labelledBroken, o -> o.kind() == TestClass.BROKEN),
                share(outcomes, o -> o.kind() == TestClass.BROKEN && o.evidence(), TestOutcome::labelledBroken),
                falseFlaky,
                falseBroken,
                count(outcomes, o -> o.kind() == TestClass.BROKEN && !o.flaky() && o.labelledFlaky()),
                victims == 0 ? Double.NaN : (double) victimsLabelled / victims,
                percentile(flakyDelays, 50),
                percentile(flakyDelays, 90),
                percentile(brokenDelays, 50),
                percentile(brokenDelays, 90),
                undecided.size(),
                count(undecided, TestOutcome::labelledFlaky),
                count(undecided, TestOutcome::labelledBroken));
    }

    /** Every figure by name, in the order they print. */
    public Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("tests", (double) tests);
        figures.put("labelled_flaky", (double) labelledFlaky);
        figures.put("labelled_broken", (double) labelledBroken);
        figures.put("flaky_precision", flakyPrecision);
        figures.put("flaky_recall", flakyRecall);
        figures.put("broken_precision", brokenPrecision);
        figures.put("broken_recall", brokenRecall);
        for (String category : CATEGORIES) {
            if (falseFlakyByClass.containsKey(category)) {
                figures.put("false_flaky_by_class." + category, (double) falseFlakyByClass.get(category));
            }
        }
        for (String category : CATEGORIES) {
            if (falseBrokenByClass.containsKey(category)) {
                figures.put("false_broken_by_class." + category, (double) falseBrokenByClass.get(category));
            }
        }
        figures.put("broken_labelled_flaky", (double) brokenLabelledFlaky);
        figures.put("outage_victims_labelled_share", outageVictimsLabelledShare);
        figures.put("flaky_detection_delay_median", flakyDelayMedian);
        figures.put("flaky_detection_delay_p90", flakyDelayP90);
        figures.put("broken_detection_delay_median", brokenDelayMedian);
        figures.put("broken_detection_delay_p90", brokenDelayP90);
        figures.put("undecidable", (double) undecidable);
        figures.put("undecidable_labelled_flaky", (double) undecidableLabelledFlaky);
        figures.put("undecidable_labelled_broken", (double) undecidableLabelledBroken);
        return figures;
    }

    /** The targets missed, by the figure's name and the target; empty when every one is met. */
    public List<String> missed() {
        List<String> missed = new ArrayList<>();
        atLeast(missed, "flaky_precision", flakyPrecision, MIN_PRECISION);
        atLeast(missed, "flaky_recall", flakyRecall, MIN_RECALL);
        atLeast(missed, "broken_precision", brokenPrecision, MIN_PRECISION);
        atLeast(missed, "broken_recall", brokenRecall, MIN_RECALL);
        atMost(missed, "broken_labelled_flaky", (double) brokenLabelledFlaky, 0);
        atMost(missed, "outage_victims_labelled_share", outageVictimsLabelledShare, MAX_VICTIMS_LABELLED);
        atMost(missed, "flaky_detection_delay_median", flakyDelayMedian, MAX_MEDIAN_DELAY);
        atMost(missed, "broken_detection_delay_median", brokenDelayMedian, MAX_MEDIAN_DELAY);
        return missed;
    }

    /** {@code name: value} a line, then {@code targets: met} or {@code targets: missed (...)}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        figures().forEach((name, value) -> lines.add(name + ": " + format(value)));
        lines.add(targetsLine(missed()));
        return lines;
    }

    public static String targetsLine(List<String> missed) {
        return missed.isEmpty() ? "targets: met" : "targets: missed (" + String.join(", ", missed) + ")";
    }

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static void atLeast(List<String> missed, String name, double value, double target) {
        if (Double.isNaN(value) || value < target) {
            missed.add(name + " " + format(value) + " < " + format(target));
        }
    }

    private static void atMost(List<String> missed, String name, double value, double target) {
        if (Double.isNaN(value) || value > target) {
            missed.add(name + " " + format(value) + " > " + format(target));
        }
    }

    private static long count(List<TestOutcome> outcomes, Predicate<TestOutcome> which) {
        return outcomes.stream().filter(which).count();
    }

    /** Of the outcomes {@code of}, the share that are also {@code are}; NaN of none. */
    private static double share(List<TestOutcome> outcomes, Predicate<TestOutcome> of, Predicate<TestOutcome> are) {
        long all = count(outcomes, of);
        return all == 0 ? Double.NaN : (double) count(outcomes, of.and(are)) / all;
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
