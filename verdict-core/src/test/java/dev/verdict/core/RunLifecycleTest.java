package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.runs.RunLifecycle.Outcome;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.runs.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {
    static final Outcome PASSES = new Outcome(3, false);
    static final Outcome FAILS = new Outcome(3, true);
    static final Outcome NOTHING = new Outcome(0, false);

    @Test
    void aRunRunsWhileUploadsWaitAndFinishesWhenNoneDo() {
        RunStatus two = RunLifecycle.uploadQueued(RunLifecycle.uploadQueued(RunLifecycle.NEW));
        RunStatus one = RunLifecycle.uploadProcessed(two, PASSES);
        RunStatus none = RunLifecycle.uploadProcessed(one, PASSES);

        assertThat(two).isEqualTo(new RunStatus(RunState.RUNNING, RunResult.PENDING, 2));
        assertThat(one.state()).isEqualTo(RunState.RUNNING);
        assertThat(none).isEqualTo(new RunStatus(RunState.FINISHED, RunResult.PASSED, 0));
        assertThat(RunLifecycle.uploadQueued(none).state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void failedIsStickyAndPassedCanTurnFailed() {
        RunStatus passed = RunLifecycle.uploadProcessed(RunLifecycle.uploadQueued(RunLifecycle.NEW), PASSES);
        RunStatus failed = RunLifecycle.uploadProcessed(RunLifecycle.uploadQueued(passed), FAILS);
        RunStatus still = RunLifecycle.uploadProcessed(RunLifecycle.uploadQueued(failed), PASSES);

        assertThat(passed.result()).isEqualTo(RunResult.PASSED);
        assertThat(failed.result()).isEqualTo(RunResult.FAILED);
        assertThat(still.result()).isEqualTo(RunResult.FAILED);
    }

    @Test
    void anUploadWithoutResultsOrAFailedOneLeavesTheResultAlone() {
        RunStatus empty = RunLifecycle.uploadProcessed(RunLifecycle.uploadQueued(RunLifecycle.NEW), NOTHING);
        RunStatus poisoned = RunLifecycle.uploadFailed(RunLifecycle.uploadQueued(RunLifecycle.NEW));

        assertThat(empty).isEqualTo(new RunStatus(RunState.FINISHED, RunResult.PENDING, 0));
        assertThat(poisoned).isEqualTo(new RunStatus(RunState.FINISHED, RunResult.PENDING, 0));
    }

    @Test
    void pendingReadsStaleOnceTheStalePeriodHasPassed() {
        RunLifecycle lifecycle = new RunLifecycle(Duration.ofHours(1), dev.verdict.core.Retention.DEFAULT);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(lifecycle.resultAt(RunResult.PENDING, created, created.plusSeconds(3599)))
                .isEqualTo(RunResult.PENDING);
        assertThat(lifecycle.resultAt(RunResult.PENDING, created, created.plusSeconds(3600)))
                .isEqualTo(RunResult.STALE);
        assertThat(lifecycle.resultAt(RunResult.PASSED, created, created.plusSeconds(7200)))
                .isEqualTo(RunResult.PASSED);
    }
}
