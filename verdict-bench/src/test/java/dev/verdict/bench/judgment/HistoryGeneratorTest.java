package dev.verdict.bench.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.ingest.JsonUploadReader;
import dev.verdict.core.ingest.ParsedUpload;
import dev.verdict.core.ingest.UploadBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HistoryGeneratorTest {
    static final History FULL = HistoryGenerator.generate(HistoryGenerator.Parameters.defaults(7));

    @Test
    void aSeedMakesTheSameHistoryEveryTime() {
        var small = HistoryGenerator.Parameters.defaults(11).withTests(60).withBuilds(25);

        assertThat(HistoryGenerator.generate(small)).isEqualTo(HistoryGenerator.generate(small));
        assertThat(HistoryGenerator.generate(HistoryGenerator.Parameters.defaults(7)))
                .isEqualTo(FULL);
    }

    @Test
    void anotherSeedMakesAnotherHistory() {
        var small = HistoryGenerator.Parameters.defaults(11).withTests(60).withBuilds(25);

        assertThat(HistoryGenerator.generate(small.withSeed(12))).isNotEqualTo(HistoryGenerator.generate(small));
    }

    @Test
    void theFullHistoryHasTheMixItShould() {
        assertThat(FULL.tests()).hasSize(300);
        assertThat(FULL.tests().stream().map(TestCase::fileName).distinct()).hasSize(30);
        assertThat(FULL.tests().stream().map(TestCase::key).distinct()).hasSize(300);
        assertThat(FULL.builds().size()).isBetween(70, 95);
        assertThat(FULL.count(TestClass.BROKEN)).isBetween(8L, 12L);
        assertThat(FULL.count(TestClass.FLAKY)).isBetween(25L, 35L);
        assertThat(FULL.count(TestClass.SLOW)).isBetween(8L, 12L);
        assertThat(FULL.outageBuilds()).isEqualTo(2);
        assertThat(FULL.branches()).isBetween(4L, 7L);
        assertThat((double) FULL.retries() / FULL.builds().size()).isBetween(0.08, 0.25);
        assertThat(FULL.truths().stream().map(Truth::brokenBranch).filter(b -> b != null && !b.equals("main")))
                .isNotEmpty();
        assertThat(FULL.truths().stream()
                        .map(Truth::flakyKind)
                        .filter(k -> k != null)
                        .distinct())
                .containsExactlyInAnyOrder(FlakyKind.values());
    }

    @Test
    void buildsAreRunsOfCommitsInTimeOrderWithTwoJobs() {
        Set<String> keys = new HashSet<>();
        Set<String> jobIds = new HashSet<>();
        Build previous = null;
        for (Build build : FULL.builds()) {
            assertThat(build.commitSha()).matches("[0-9a-f]{40}");
            assertThat(keys.add(build.runKey())).isTrue();
            assertThat(build.jobs()).extracting(Job::platform).containsExactlyInAnyOrder("linux", "macos");
            build.jobs().forEach(j -> assertThat(jobIds.add(j.jobId())).isTrue());
            if (previous != null) {
                assertThat(build.startedAt()).isAfter(previous.finishedAt());
            }
            if (build.retry()) {
                Build original = FULL.builds().get(build.retryOf());
                assertThat(build.commitSha()).isEqualTo(original.commitSha());
                assertThat(build.branch()).isEqualTo(original.branch());
                assertThat(build.outage()).isFalse();
            }
            previous = build;
        }
        assertThat(FULL.builds().getLast().startedAt())
                .isBefore(HistoryGenerator.EPOCH.plus(java.time.Duration.ofDays(11)));
    }

    @Test
    void anOutageBuildIsRetriedOnItsCommitAndFailsMostOfAJobWithASharedReason() {
        for (Build build : FULL.builds()) {
            if (!build.outage()) {
                continue;
            }
            assertThat(FULL.builds().get(build.index() + 1).retryOf()).isEqualTo(build.index());
            for (Job job : build.jobs().stream().filter(Job::outage).toList()) {
                Set<Integer> failed = job.executions().stream()
                        .filter(e -> !e.passed())
                        .map(Execution::test)
                        .collect(Collectors.toSet());
                assertThat(failed.size()).isBetween(150, 300);
                Set<String> reasons = job.executions().stream()
                        .filter(e -> !e.passed())
                        .map(e -> e.failureReason().replaceAll("[0-9a-f]{6}|[0-9]+", "#"))
                        .collect(Collectors.toSet());
                assertThat(reasons).hasSizeLessThan(12); // the outage's form, and a few broken tests' own
            }
        }
        assertThat(FULL.outageVictims()).isBetween(100L, 280L);
        assertThat(FULL.truths().stream().filter(t -> t.category().equals("healthy")))
                .as("healthy tests no outage touched")
                .hasSizeGreaterThan(10);
    }

    @Test
    void aBrokenTestFailsEveryExecutionOfItsBrokenBuildsWithOneReason() {
        for (int t = 0; t < FULL.tests().size(); t++) {
            Truth truth = FULL.truths().get(t);
            if (truth.kind() != TestClass.BROKEN) {
                continue;
            }
            assertThat(truth.brokenBuilds()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(truth.firstEvidence()).isEqualTo(truth.brokenBuilds().getFirst());
            Set<String> reasons = new HashSet<>();
            for (int b : truth.brokenBuilds()) {
                Build build = FULL.builds().get(b);
                assertThat(build.branch()).isEqualTo(truth.brokenBranch());
                for (Job job : build.jobs()) {
                    List<Execution> mine = executions(job, t);
                    assertThat(mine).isNotEmpty().noneMatch(Execution::passed);
                    if (!job.outage()) {
                        mine.forEach(e -> reasons.add(e.failureReason()));
                    }
                }
            }
            assertThat(reasons).hasSize(1);
        }
    }

    @Test
    void theLinuxJobRerunsAFailureTwiceAtMostAndStopsAtAPass() {
        int rerunThenPassed = 0;
        for (Build build : FULL.builds()) {
            for (Job job : build.jobs()) {
                for (int t = 0; t < FULL.tests().size(); t++) {
                    List<Execution> mine = executions(job, t);
                    if (job.platform().equals("macos")) {
                        assertThat(mine).hasSize(1);
                        continue;
                    }
                    assertThat(mine).hasSizeBetween(1, 3);
                    for (int i = 0; i < mine.size() - 1; i++) {
                        assertThat(mine.get(i).passed()).isFalse();
                    }
                    if (mine.size() > 1 && mine.getLast().passed()) {
                        rerunThenPassed++;
                    }
                }
            }
        }
        assertThat(rerunThenPassed).isGreaterThan(20);
    }

    @Test
    void slowTestsPassInTenToSixtySecondsAndFlakyOnesShowEvidence() {
        for (Build build : FULL.builds()) {
            for (Job job : build.jobs()) {
                for (Execution e : job.executions()) {
                    if (FULL.truths().get(e.test()).kind() == TestClass.SLOW && !job.outage()) {
                        assertThat(e.passed()).isTrue();
                        assertThat(e.duration()).isBetween(10.0, 60.0);
                    }
                }
            }
        }
        long flaky = FULL.count(TestClass.FLAKY);
        long withEvidence = FULL.truths().stream()
                .filter(t -> t.kind() == TestClass.FLAKY && t.evidence())
                .count();
        assertThat(withEvidence).isGreaterThanOrEqualTo(flaky - 3);
    }

    @Test
    void everyJobIsAValidUpload() {
        Build build = FULL.builds().get(FULL.builds().size() / 2);
        for (Job job : build.jobs()) {
            UploadBuilder builder = new UploadBuilder();
            JsonUploadReader.readBody(
                    new ByteArrayInputStream(Replay.body(FULL, build, job).getBytes(StandardCharsets.UTF_8)), builder);
            ParsedUpload upload = builder.build();

            assertThat(upload.skipped()).isZero();
            assertThat(upload.results()).hasSize(job.executions().size());
        }
    }

    private static List<Execution> executions(Job job, int test) {
        return job.executions().stream().filter(e -> e.test() == test).toList();
    }
}
