package dev.verdict.bench.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.UploadBuilder;
import dev.verdict.core.judgment.FailureReasons;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScenarioTest {
    static final List<Long> SEEDS = List.of(1L, 2L, 3L, 4L, 5L);

    /** Each scenario's full-size histories for the seeds the bench runs by default. */
    static final Map<Scenario, List<History>> HISTORIES = new EnumMap<>(Scenario.class);

    static {
        for (Scenario s : Scenario.values()) {
            HISTORIES.put(
                    s,
                    SEEDS.stream()
                            .map(seed -> HistoryGenerator.generate(s.parameters(seed)))
                            .toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aSeedMakesTheSameHistoryEveryTimeAndAnotherSeedAnother(Scenario scenario) {
        History first = HISTORIES.get(scenario).getFirst();

        assertThat(HistoryGenerator.generate(scenario.parameters(1))).isEqualTo(first);
        assertThat(HistoryGenerator.generate(scenario.parameters(99))).isNotEqualTo(first);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyScenarioKeepsTheSuiteAndAbout80Builds(Scenario scenario) {
        for (History h : HISTORIES.get(scenario)) {
            assertThat(h.tests()).hasSize(300);
            assertThat(h.builds().size()).isBetween(72, 95);
            for (TestClass kind : TestClass.values()) {
                assertThat(h.count(kind)).as(kind.label()).isPositive();
            }
            assertThat(h.truths().stream().filter(t -> t.category().equals("healthy")))
                    .as("healthy tests no outage touched")
                    .isNotEmpty();
            Build middle = h.builds().get(h.builds().size() / 2);
            for (Job job : middle.jobs()) {
                UploadBuilder builder = new UploadBuilder();
                JsonUploadReader.readBody(
                        new ByteArrayInputStream(Replay.body(h, middle, job).getBytes(StandardCharsets.UTF_8)),
                        builder);
                ParsedUpload upload = builder.build();
                assertThat(upload.results()).hasSize(job.executions().size());
            }
        }
    }

    @Test
    void theDefaultScenarioIsTodaysHistory() {
        assertThat(Scenario.DEFAULT.parameters(7)).isEqualTo(HistoryGenerator.Parameters.defaults(7));
        assertThat(HistoryGenerator.generate(Scenario.DEFAULT.parameters(7))).isEqualTo(HistoryGeneratorTest.FULL);
        assertThat(Scenario.named("no-retries")).isEqualTo(Scenario.NO_RETRIES);
        assertThatThrownBy(() -> Scenario.named("nightly")).hasMessageContaining("split");
    }

    @Test
    void splitRunsEachTestInExactlyOneOfFourLinuxJobsOnceAndTheSplitIsByFile() {
        for (History h : HISTORIES.get(Scenario.SPLIT)) {
            Set<Set<Integer>> partition = null;
            for (Build build : h.builds()) {
                assertThat(build.jobs()).hasSize(4).allMatch(j -> j.platform().equals("linux"));
                List<Integer> all = build.jobs().stream()
                        .flatMap(j -> j.executions().stream())
                        .map(Execution::test)
                        .sorted()
                        .toList();
                assertThat(all).as("every test once a build").hasSize(300).doesNotHaveDuplicates();
                Set<Set<Integer>> shards = build.jobs().stream()
                        .map(j -> j.executions().stream().map(Execution::test).collect(Collectors.toSet()))
                        .collect(Collectors.toSet());
                if (partition == null) {
                    partition = shards;
                    for (Set<Integer> shard : shards) {
                        assertThat(shard.size()).isBetween(60, 90);
                        Set<String> files = shard.stream()
                                .map(t -> h.tests().get(t).fileName())
                                .collect(Collectors.toSet());
                        assertThat(h.tests().stream().filter(t -> files.contains(t.fileName())))
                                .as("whole files")
                                .hasSize(shard.size());
                    }
                }
                assertThat(shards).as("the same split every build").isEqualTo(partition);
            }
            assertThat(h.retries()).isPositive();
        }
    }

    @Test
    void noRetriesRunsEachTestOnceAJobAndRetriesOnlyOutageBuilds() {
        for (History h : HISTORIES.get(Scenario.NO_RETRIES)) {
            for (Build build : h.builds()) {
                assertThat(build.jobs()).extracting(Job::platform).containsExactlyInAnyOrder("linux", "macos");
                for (Job job : build.jobs()) {
                    assertThat(job.executions()).hasSize(300);
                    assertThat(job.executions().stream().map(Execution::test)).doesNotHaveDuplicates();
                }
                if (build.retry()) {
                    assertThat(h.builds().get(build.retryOf()).outage()).isTrue();
                }
            }
            assertThat(h.outageBuilds()).isEqualTo(2);
            assertThat(h.retries()).isEqualTo(2);
        }
    }

    @Test
    void partialOutagesFailAFifthToAHalfOfAJobAndTwoLastThreeBuilds() {
        Set<String> reasons = new HashSet<>();
        for (History h : HISTORIES.get(Scenario.PARTIAL_OUTAGES)) {
            int longOutages = 0;
            int shortOutages = 0;
            for (Build build : h.builds()) {
                assertThat(build.jobs()).hasSize(3);
                assertThat(build.jobs().stream()
                                .mapToInt(ScenarioTest::tests)
                                .min()
                                .orElseThrow())
                        .as("the smoke job")
                        .isBetween(20, 45);
                if (!build.outage()) {
                    continue;
                }
                for (Job job : build.jobs().stream().filter(Job::outage).toList()) {
                    // Tests, not executions: linux reruns an outage's victims too.
                    Map<String, Long> byReason = job.executions().stream()
                            .filter(e -> !e.passed())
                            .collect(Collectors.groupingBy(
                                    e -> FailureReasons.normalize(e.failureReason()),
                                    Collectors.mapping(
                                            Execution::test,
                                            Collectors.collectingAndThen(Collectors.toSet(), t -> (long) t.size()))));
                    String outage = byReason.entrySet().stream()
                            .max(Map.Entry.comparingByValue())
                            .orElseThrow()
                            .getKey();
                    job.executions().stream()
                            .filter(e -> !e.passed()
                                    && FailureReasons.normalize(e.failureReason())
                                            .equals(outage))
                            .forEach(e -> reasons.add(e.failureReason()));
                    double share = (double) byReason.get(outage) / tests(job);
                    if (tests(job) < 100) {
                        shortOutages++;
                        assertThat(byReason.get(outage)).isBetween(3L, 6L);
                        assertThat(build.jobs().stream().filter(Job::outage)).hasSize(1);
                    } else {
                        assertThat(share).isBetween(0.15, 0.55);
                    }
                }
                boolean startsAnOutage =
                        !build.retry() || !h.builds().get(build.retryOf()).outage();
                if (startsAnOutage) {
                    int run = 1;
                    while (h.builds().get(build.index() + run).outage()) {
                        assertThat(h.builds().get(build.index() + run).retryOf())
                                .isEqualTo(build.index() + run - 1);
                        run++;
                    }
                    Build passed = h.builds().get(build.index() + run);
                    assertThat(passed.retry()).isTrue();
                    assertThat(passed.commitSha()).isEqualTo(build.commitSha());
                    assertThat(run).isIn(1, 3);
                    if (run == 3) {
                        longOutages++;
                    }
                }
            }
            assertThat(longOutages).isEqualTo(2);
            assertThat(shortOutages).isEqualTo(1);
            assertThat(h.outageBuilds()).isEqualTo(9);
        }
        assertThat(reasons)
                .anyMatch(r -> r.contains("Redis is loading the dataset in memory"))
                .anyMatch(r -> r.contains("503 Service Unavailable"))
                .anyMatch(r -> r.contains("Docker daemon not responding"))
                .anyMatch(r -> r.contains("No space left on device"))
                .anyMatch(r -> r.contains("java.lang.OutOfMemoryError: Java heap space"));
    }

    @Test
    void theShortOutagesVictimsFailInNoOtherOutage() {
        for (History h : HISTORIES.get(Scenario.PARTIAL_OUTAGES)) {
            Map<Integer, Integer> outageFailures = new HashMap<>();
            Set<Integer> shortVictims = new HashSet<>();
            for (Build build : h.builds()) {
                for (Job job : build.jobs().stream().filter(Job::outage).toList()) {
                    Set<Integer> failed = job.executions().stream()
                            .filter(e -> !e.passed())
                            .map(Execution::test)
                            .collect(Collectors.toSet());
                    failed.forEach(t -> outageFailures.merge(t, 1, Integer::sum));
                    if (tests(job) < 100) {
                        shortVictims.addAll(failed);
                    }
                }
            }
            assertThat(shortVictims).isNotEmpty();
            for (int t : shortVictims) {
                if (h.truths().get(t).kind() == TestClass.HEALTHY) {
                    assertThat(outageFailures.get(t)).as("test %d", t).isEqualTo(1);
                    assertThat(h.truths().get(t).category()).isEqualTo(Truth.OUTAGE_VICTIM);
                }
            }
        }
    }

    @Test
    void shortRegressionsLastTwoCommitsOnMainAndOneToThreePushesOnABranch() {
        int twoCommitsOnMain = 0;
        int retriedWhileBroken = 0;
        int oneBuildOnly = 0;
        for (History h : HISTORIES.get(Scenario.SHORT_REGRESSIONS)) {
            for (int t = 0; t < h.tests().size(); t++) {
                Truth truth = h.truths().get(t);
                if (truth.kind() != TestClass.BROKEN || truth.brokenBuilds().isEmpty()) {
                    continue;
                }
                List<Build> broken =
                        truth.brokenBuilds().stream().map(h.builds()::get).toList();
                Set<String> commits = broken.stream().map(Build::commitSha).collect(Collectors.toSet());
                retriedWhileBroken += (int) broken.stream().filter(Build::retry).count();
                if (truth.brokenBranch().equals("main")) {
                    twoCommitsOnMain += commits.size() == 2 ? 1 : 0;
                    continue;
                }
                assertThat(commits.size()).isBetween(1, 3);
                int last = truth.brokenBuilds().getLast();
                Build fix = h.builds().stream()
                        .filter(b -> b.index() > last && b.branch().equals(truth.brokenBranch()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no fix pushed to " + truth.brokenBranch()));
                assertThat(passes(fix, t)).as("fixed by the next push").isTrue();
                if (broken.size() == 1) {
                    oneBuildOnly++;
                    assertThat(truth.decidable()).as("one build cannot tell").isFalse();
                } else {
                    assertThat(truth.decidable()).isTrue();
                }
            }
            assertThat(h.truths().stream().filter(t -> !t.decidable()))
                    .allMatch(t ->
                            t.kind() == TestClass.BROKEN && t.brokenBuilds().size() == 1);
        }
        assertThat(twoCommitsOnMain).isGreaterThanOrEqualTo(10);
        assertThat(retriedWhileBroken).isGreaterThanOrEqualTo(10);
        assertThat(oneBuildOnly).isPositive();
    }

    @Test
    void shortRegressionsHaveBrokenTestsThatAreFlakyBeforeTheyBreak() {
        for (History h : HISTORIES.get(Scenario.SHORT_REGRESSIONS)) {
            List<Integer> both = new ArrayList<>();
            for (int t = 0; t < h.tests().size(); t++) {
                if (h.truths().get(t).brokenAndFlaky()) {
                    both.add(t);
                }
            }
            assertThat(both).hasSize(2);
            for (int t : both) {
                Truth truth = h.truths().get(t);
                assertThat(truth.brokenBranch()).isEqualTo("main");
                assertThat(truth.flaky()).isTrue();
                assertThat(truth.decidable()).isTrue();
                if (truth.firstFlakyEvidence() >= 0) {
                    Build first = h.builds().get(truth.firstFlakyEvidence());
                    assertThat(truth.brokenBuilds()).doesNotContain(first.index());
                }
            }
            assertThat(both).anyMatch(t -> {
                Truth truth = h.truths().get(t);
                return truth.firstFlakyEvidence() >= 0 && truth.firstFlakyEvidence() < truth.firstEvidence();
            });
        }
    }

    @Test
    void aFlakyTestIsUndecidableOnlyWhenItsFailuresFellOnOneCommitItNeverPassedOn() {
        long undecidable = 0;
        for (Scenario scenario : Scenario.values()) {
            for (History h : HISTORIES.get(scenario)) {
                for (int t = 0; t < h.tests().size(); t++) {
                    Truth truth = h.truths().get(t);
                    if (truth.kind() != TestClass.FLAKY) {
                        continue;
                    }
                    Set<String> failedOn = new HashSet<>();
                    Set<String> passedOn = new HashSet<>();
                    for (Build b : h.builds()) {
                        for (Job job : b.jobs()) {
                            for (Execution e : job.executions()) {
                                if (e.test() != t) {
                                    continue;
                                }
                                if (e.passed()) {
                                    passedOn.add(b.commitSha());
                                } else if (!job.outage()) {
                                    failedOn.add(b.commitSha());
                                }
                            }
                        }
                    }
                    boolean tellable = failedOn.isEmpty()
                            || failedOn.size() >= 2
                            || failedOn.stream().anyMatch(passedOn::contains);
                    assertThat(truth.decidable()).as("%s test %d", scenario, t).isEqualTo(tellable);
                    undecidable += tellable ? 0 : 1;
                }
            }
        }
        assertThat(undecidable).as("split's single failures").isPositive();
    }

    private static int tests(Job job) {
        return (int) job.executions().stream().map(Execution::test).distinct().count();
    }

    private static boolean passes(Build build, int test) {
        return build.jobs().stream()
                .flatMap(j -> j.executions().stream())
                .filter(e -> e.test() == test)
                .allMatch(Execution::passed);
    }
}
