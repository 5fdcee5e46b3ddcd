package dev.verdict.bench.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoresTest {
    static TestOutcome flaky(boolean evidence, boolean labelled, int delay) {
        return new TestOutcome("flaky", TestClass.FLAKY, evidence, labelled, false, delay, -1);
    }

    static TestOutcome broken(boolean labelledFlaky, boolean labelledBroken, int delay) {
        return new TestOutcome("broken", TestClass.BROKEN, true, labelledFlaky, labelledBroken, -1, delay);
    }

    static TestOutcome other(String category, boolean labelledFlaky, boolean labelledBroken) {
        TestClass kind = category.equals("slow") ? TestClass.SLOW : TestClass.HEALTHY;
        return new TestOutcome(category, kind, false, labelledFlaky, labelledBroken, -1, -1);
    }

    static final List<TestOutcome> MIXED = List.of(
            flaky(true, true, 0),
            flaky(true, true, 4),
            flaky(true, false, -1),
            flaky(false, false, -1), // never failed: out of the recall
            broken(false, true, 1),
            broken(true, false, -1),
            other("healthy", true, false),
            other("healthy", false, false),
            other(Truth.OUTAGE_VICTIM, true, false),
            other(Truth.OUTAGE_VICTIM, false, true),
            other(Truth.OUTAGE_VICTIM, false, false),
            other(Truth.OUTAGE_VICTIM, false, false),
            other("slow", false, false));

    @Test
    void precisionAndRecallCountTestsLabelledAfterAnyBuild() {
        Scores scores = Scores.of(MIXED);

        assertThat(scores.labelledFlaky()).isEqualTo(5);
        assertThat(scores.flakyPrecision()).isCloseTo(2 / 5.0, within(1e-9));
        assertThat(scores.flakyRecall()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(scores.brokenPrecision()).isCloseTo(0.5, within(1e-9));
        assertThat(scores.brokenRecall()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void falseLabelsCountByClass() {
        Scores scores = Scores.of(MIXED);

        assertThat(scores.falseFlakyByClass())
                .isEqualTo(Map.of("healthy", 1L, "slow", 0L, Truth.OUTAGE_VICTIM, 1L, "broken", 1L));
        assertThat(scores.falseBrokenByClass())
                .isEqualTo(Map.of("healthy", 0L, "slow", 0L, Truth.OUTAGE_VICTIM, 1L, "flaky", 0L));
        assertThat(scores.brokenLabelledFlaky()).isEqualTo(1);
        assertThat(scores.outageVictimsLabelledShare()).isEqualTo(0.5);
    }

    @Test
    void delaysAreNearestRankPercentiles() {
        Scores scores = Scores.of(MIXED);

        assertThat(scores.flakyDelayMedian()).isZero();
        assertThat(scores.flakyDelayP90()).isEqualTo(4);
        assertThat(scores.brokenDelayMedian()).isEqualTo(1);
        assertThat(Scores.percentile(new double[] {5, 1, 3, 2, 4}, 50)).isEqualTo(3);
        assertThat(Scores.percentile(new double[] {}, 50)).isNaN();
    }

    @Test
    void theLinesSayEachFigureAndWhichTargetsWereMissed() {
        List<String> lines = Scores.of(MIXED).lines();

        assertThat(lines)
                .contains(
                        "flaky_precision: 0.400",
                        "flaky_recall: 0.667",
                        "false_flaky_by_class.outage_victim: 1",
                        "broken_detection_delay_median: 1");
        assertThat(lines.getLast())
                .isEqualTo("targets: missed (flaky_precision 0.400 < 0.950, flaky_recall 0.667 < 0.950,"
                        + " broken_precision 0.500 < 0.950, broken_recall 0.500 < 0.950, broken_labelled_flaky 1 > 0,"
                        + " outage_victims_labelled_share 0.500 > 0.050)");
    }

    @Test
    void aPerfectJudgmentMeetsTheTargets() {
        List<TestOutcome> perfect = List.of(
                flaky(true, true, 2),
                broken(false, true, 0),
                other(Truth.OUTAGE_VICTIM, false, false),
                other("healthy", false, false));

        assertThat(Scores.of(perfect).missed()).isEmpty();
        assertThat(Scores.of(perfect).lines().getLast()).isEqualTo("targets: met");
    }

    @Test
    void nothingLabelledHasNoPrecisionAndMissesTheTarget() {
        Scores scores = Scores.of(List.of(flaky(true, false, -1), broken(false, false, -1)));

        assertThat(scores.flakyPrecision()).isNaN();
        assertThat(scores.flakyRecall()).isZero();
        assertThat(scores.lines()).contains("flaky_precision: n/a", "flaky_detection_delay_median: n/a");
        assertThat(scores.missed()).anyMatch(m -> m.startsWith("flaky_precision n/a"));
    }

    @Test
    void undecidableTestsAreLeftOutAndCountedApart() {
        List<TestOutcome> outcomes = new ArrayList<>(List.of(flaky(true, true, 0), broken(false, true, 1)));
        // A regression seen in one build, labelled flaky; a flaky test failing on one commit only, labelled broken.
        outcomes.add(new TestOutcome("broken", TestClass.BROKEN, true, true, false, -1, -1, false, false, false));
        outcomes.add(new TestOutcome("flaky", TestClass.FLAKY, true, false, true, -1, -1, true, true, false));

        Scores scores = Scores.of(outcomes);

        assertThat(scores.tests()).isEqualTo(4);
        assertThat(scores.flakyPrecision()).isEqualTo(1);
        assertThat(scores.flakyRecall()).isEqualTo(1);
        assertThat(scores.brokenPrecision()).isEqualTo(1);
        assertThat(scores.brokenLabelledFlaky()).isZero();
        assertThat(scores.undecidable()).isEqualTo(2);
        assertThat(scores.undecidableLabelledFlaky()).isEqualTo(1);
        assertThat(scores.undecidableLabelledBroken()).isEqualTo(1);
        assertThat(scores.lines()).contains("undecidable: 2", "undecidable_labelled_flaky: 1");
    }

    @Test
    void aBrokenTestThatIsFlakyTooIsRightLabelledEither() {
        TestOutcome both = new TestOutcome("broken", TestClass.BROKEN, true, true, true, 2, 1, true, true, true);
        TestOutcome unseen = new TestOutcome("broken", TestClass.BROKEN, true, false, true, -1, 0, true, false, true);

        Scores scores = Scores.of(List.of(both, unseen, flaky(true, true, 0)));

        assertThat(scores.flakyPrecision()).isEqualTo(1);
        assertThat(scores.flakyRecall())
                .as("its flakiness never showed: not demanded")
                .isEqualTo(1);
        assertThat(scores.brokenRecall()).isEqualTo(1);
        assertThat(scores.brokenLabelledFlaky()).isZero();
        assertThat(scores.falseFlakyByClass()).containsEntry("broken", 0L);
        assertThat(scores.flakyDelayP90()).isEqualTo(2);
    }

    @Test
    void delaysCountFromTheFirstEvidenceAndABrokenTestsOnlyOnItsBranch() {
        // Builds: 0 main, 1 main (the flaky test fails, the broken one starts), 2 a feature branch, 3 main.
        List<Build> builds = new ArrayList<>();
        String[] branches = {"main", "main", "feature/x", "main"};
        for (int b = 0; b < branches.length; b++) {
            builds.add(new Build(
                    b, b + 1, branches[b], "c" + b, Instant.EPOCH.plusSeconds(b * 3600L), "k" + b, -1, List.of()));
        }
        List<TestCase> tests = List.of(
                new TestCase(0, "S", "flaky", "f", "f:1"),
                new TestCase(1, "S", "broken", "f", "f:2"),
                new TestCase(2, "S", "healthy", "f", "f:3"));
        List<Truth> truths = List.of(
                new Truth(TestClass.FLAKY, FlakyKind.ANYWHERE, 0.1, null, List.of(), false, 1),
                new Truth(TestClass.BROKEN, null, 0, "main", List.of(1, 3), false, 1),
                new Truth(TestClass.HEALTHY, null, 0, null, List.of(), false, -1));
        History history = new History(
                HistoryGenerator.Parameters.defaults(0).withTests(20).withBuilds(10), tests, truths, builds);
        Observations seen = new Observations(3);
        seen.add(new Health[] {Health.HEALTHY, Health.NEW, Health.FLAKY});
        seen.add(new Health[] {Health.HEALTHY, Health.HEALTHY, Health.FLAKY});
        seen.add(new Health[] {Health.FLAKY, Health.HEALTHY, Health.HEALTHY});
        seen.add(new Health[] {Health.FLAKY, Health.BROKEN, Health.HEALTHY});

        List<TestOutcome> outcomes = TestOutcome.of(history, seen);

        assertThat(outcomes.get(0).flakyDelay()).isEqualTo(1);
        assertThat(outcomes.get(1).brokenDelay()).isEqualTo(1); // build 2 is another branch's
        assertThat(outcomes.get(2).labelledFlaky()).isTrue();
        assertThat(outcomes.get(2).flakyDelay()).isEqualTo(-1);
        assertThat(outcomes).extracting(TestOutcome::category).containsExactly("flaky", "broken", "healthy");
    }
}
