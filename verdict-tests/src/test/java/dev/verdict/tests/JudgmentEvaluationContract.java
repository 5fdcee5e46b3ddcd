package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.bench.judgment.Evaluation;
import dev.verdict.bench.judgment.HistoryGenerator;
import dev.verdict.bench.judgment.Replay;
import dev.verdict.bench.judgment.ReplayClock;
import dev.verdict.bench.judgment.Scores;
import dev.verdict.bench.judgment.TestClass;
import dev.verdict.bench.judgment.Truth;
import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The judgment evaluation ({@code bin/bench flaky}) on a smaller history, against a real server:
 * two seeds replayed through the upload API, each in a suite of its own, and scored. It checks the
 * instrument (the histories hold what they should, every test is read after every build, every
 * figure is computed), and that the judgment meets its targets on both engines: precision and
 * recall of flaky and of broken at least 0.95, no broken test labelled flaky, at most 5% of outage
 * victims labelled anything, and a median detection delay of at most 3 builds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JudgmentEvaluationContract {
    static final List<Long> SEEDS = List.of(1L, 2L);

    /** Half the tests and builds of the full history, so a seed replays in seconds. */
    static HistoryGenerator.Parameters parameters(long seed) {
        return HistoryGenerator.Parameters.defaults(seed)
                .withTests(150)
                .withBuilds(50)
                .withBranches(3);
    }

    /** Where the server's clock starts: the history's own times for the first seed. */
    static ReplayClock newClock() {
        return new ReplayClock(HistoryGenerator.EPOCH.minus(Duration.ofHours(1)));
    }

    abstract TestServer server();

    abstract ReplayClock clock();

    private final List<Evaluation> evaluations = new ArrayList<>();

    @BeforeAll
    void replayEverySeed() {
        for (long seed : SEEDS) {
            TestOrganization org = server().newOrganization();
            TestSuite suite = org.suite("Judgment " + seed);
            Replay replay = new Replay(
                    new Replay.Target(
                            server().server().uri(),
                            org.slug(),
                            suite.slug(),
                            suite.uploadToken(),
                            org.token(Scope.READ_SUITES)),
                    clock(),
                    message -> {});
            Evaluation evaluation = Evaluation.run(HistoryGenerator.generate(parameters(seed)), replay);
            evaluations.add(evaluation);
            // The figures in the test's output, for whoever changes the judgment next.
            System.out.println(getClass().getSimpleName() + " seed " + seed + " ("
                    + evaluation.took().toMillis() + " ms): "
                    + String.join(", ", evaluation.scores().lines()));
        }
    }

    @Test
    void everyHistoryHoldsEveryClassRetriesOutagesAndBranches() {
        for (Evaluation e : evaluations) {
            var history = e.history();
            for (TestClass kind : TestClass.values()) {
                assertThat(history.count(kind)).as(kind.label()).isPositive();
            }
            assertThat(history.outageVictims()).isPositive();
            assertThat(history.truths().stream().filter(t -> t.category().equals("healthy")))
                    .as("healthy tests no outage touched")
                    .isNotEmpty();
            assertThat(history.outageBuilds()).isEqualTo(2);
            assertThat(history.retries()).isGreaterThanOrEqualTo(2);
            assertThat(history.branches()).isEqualTo(4);
            assertThat(history.truths().stream().filter(t -> t.kind() == TestClass.FLAKY && t.evidence()))
                    .isNotEmpty();
            assertThat(history.truths().stream()
                            .filter(t -> t.kind() == TestClass.BROKEN)
                            .map(Truth::brokenBranch)
                            .distinct()
                            .count())
                    .as("broken on main and on a feature branch")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyTestIsReadAfterEveryBuild() {
        for (Evaluation e : evaluations) {
            assertThat(e.observations().builds()).isEqualTo(e.history().builds().size());
            for (int b = 0; b < e.observations().builds(); b++) {
                assertThat(e.observations().unlisted(b)).as("after build %d", b).isZero();
            }
        }
    }

    @Test
    void everyFigureIsComputed() {
        for (Evaluation e : evaluations) {
            Scores scores = e.scores();
            assertThat(scores.figures())
                    .containsKeys(
                            "flaky_precision",
                            "flaky_recall",
                            "broken_precision",
                            "broken_recall",
                            "false_flaky_by_class.healthy",
                            "false_flaky_by_class.slow",
                            "false_flaky_by_class.outage_victim",
                            "false_flaky_by_class.broken",
                            "false_broken_by_class.healthy",
                            "false_broken_by_class.flaky",
                            "broken_labelled_flaky",
                            "outage_victims_labelled_share",
                            "flaky_detection_delay_median",
                            "flaky_detection_delay_p90",
                            "broken_detection_delay_median",
                            "broken_detection_delay_p90");
            assertThat(List.of(
                            scores.flakyPrecision(),
                            scores.flakyRecall(),
                            scores.brokenPrecision(),
                            scores.brokenRecall(),
                            scores.brokenDelayMedian(),
                            scores.outageVictimsLabelledShare(),
                            scores.flakyDelayMedian(),
                            scores.flakyDelayP90()))
                    .noneMatch(v -> v.isNaN());
            assertThat(scores.lines().getLast()).startsWith("targets: ");
        }
    }

    @Test
    void testsThatNeverFailAreNeverLabelledAndFlakyTestsAreCaught() {
        for (Evaluation e : evaluations) {
            Scores scores = e.scores();
            assertThat(scores.falseFlakyByClass()).containsEntry("healthy", 0L).containsEntry("slow", 0L);
            assertThat(scores.falseBrokenByClass()).containsEntry("healthy", 0L).containsEntry("slow", 0L);
            assertThat(scores.flakyRecall()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void theJudgmentMeetsItsTargets() {
        for (Evaluation e : evaluations) {
            assertThat(e.scores().missed())
                    .as("seed %d", e.history().parameters().seed())
                    .isEmpty();
        }
    }
}
