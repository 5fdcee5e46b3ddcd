package dev.verdict.core.tests;

import java.time.Duration;
import java.time.Instant;

/**
 * The classic flaky rule, Buildkite's "passed on retry" monitor, applied after every processed
 * upload: a test that both passed and failed on the same commit (in one run, or in several runs of
 * that commit) gets the label {@code flaky}. Other results are ignored. It recovers, and loses the
 * label, after {@link #QUIET_PERIOD} or {@link #QUIET_EXECUTIONS} executions, whichever comes
 * first, without another such event. Runs without a commit are only compared with themselves.
 */
public final class FlakyRule {
    public static final String LABEL = "flaky";
    public static final Duration QUIET_PERIOD = Duration.ofDays(7);
    public static final int QUIET_EXECUTIONS = 100;

    private FlakyRule() {}

    /** Whether a test caught at {@code lastEvent}, executed this many times since, has recovered. */
    public static boolean recovered(Instant lastEvent, long executionsSince, Instant now) {
        return executionsSince >= QUIET_EXECUTIONS || !now.isBefore(lastEvent.plus(QUIET_PERIOD));
    }
}
