package dev.verdict.core.runs;

import dev.verdict.core.Retention;
import java.time.Duration;
import java.time.Instant;

/**
 * The run lifecycle of Buildkite's Runs API, the one place it is decided. Stores call these on the
 * run row they hold locked, so concurrent uploads of one run apply one after another.
 *
 * <ul>
 *   <li>{@code state}: {@code running} while any upload of the run waits to be processed,
 *       {@code finished} once all are; back to {@code running} when another arrives.
 *   <li>{@code result}: {@code pending} until a result is processed, then {@code passed}, or
 *       {@code failed} as soon as any execution failed; {@code failed} never changes again.
 *   <li>A run still {@code pending} after the stale period reads as {@code stale}; it is derived
 *       when read, never stored, so a result that arrives later simply makes it passed or failed.
 *   <li>A run created before the {@link Retention retention} is gone: not found, not listed, from
 *       the moment it is past it, before retention deletes its rows.
 * </ul>
 */
public final class RunLifecycle {
    /** What processing one upload found. */
    public record Outcome(int executions, boolean anyFailed) {}

    public static final RunStatus NEW = new RunStatus(RunState.RUNNING, RunResult.PENDING, 0);

    private final Duration staleAfter;
    private final Retention retention;

    public RunLifecycle(Duration staleAfter, Retention retention) {
        this.staleAfter = staleAfter;
        this.retention = retention;
    }

    /** Whether a run is still kept at {@code now}: else it answers 404. */
    public boolean kept(Run run, Instant now) {
        return !run.createdAt().isBefore(keptFrom(now));
    }

    /** The oldest creation a kept run has. */
    public Instant keptFrom(Instant now) {
        return retention.dataCutoff(now);
    }

    public static RunStatus uploadQueued(RunStatus run) {
        return new RunStatus(RunState.RUNNING, run.result(), run.uploadsPending() + 1);
    }

    public static RunStatus uploadProcessed(RunStatus run, Outcome outcome) {
        RunResult result = run.result();
        if (result != RunResult.FAILED && outcome.executions() > 0) {
            result = outcome.anyFailed() ? RunResult.FAILED : RunResult.PASSED;
        }
        return settle(run, result);
    }

    /** A poison upload that could not be processed: it no longer holds the run open. */
    public static RunStatus uploadFailed(RunStatus run) {
        return settle(run, run.result());
    }

    private static RunStatus settle(RunStatus run, RunResult result) {
        int pending = Math.max(0, run.uploadsPending() - 1);
        return new RunStatus(pending == 0 ? RunState.FINISHED : RunState.RUNNING, result, pending);
    }

    /** The result as the API shows it at {@code now}. */
    public RunResult resultAt(RunResult stored, Instant createdAt, Instant now) {
        return stored == RunResult.PENDING && !createdAt.isAfter(staleBefore(now)) ? RunResult.STALE : stored;
    }

    /** Runs created at or before this instant and still pending read as stale. */
    public Instant staleBefore(Instant now) {
        return now.minus(staleAfter);
    }
}
