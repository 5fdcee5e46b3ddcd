package dev.verdict.core.pipeline;

import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.JudgmentStore;
import dev.verdict.core.runs.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One claimed upload's transaction, as storage provides it to the {@link UploadPipeline}: every
 * write made through it commits together when the pipeline is done, or none does. Storage holds
 * the SQL; the steps hold the rules.
 */
public interface UnitOfWork {
    ClaimedUpload upload();

    /**
     * Whether this unit excludes every other writer until it commits (SQLite's one writer): then
     * what it reads cannot change under it. Where it does not (PostgreSQL), steps that must see
     * what concurrent units committed lock for it, as late as they can.
     */
    boolean exclusive();

    /** The processor's clock when the upload was claimed. */
    Instant now();

    /** Finds or creates the tests these results name, keeping their locations current. */
    ResolvedTests resolveTests(List<TestResult> results);

    /** Writes the executions in one batch, each failed one with its kind when it has one. */
    void writeExecutions(List<NewExecution> executions, Map<UUID, FailureKind> failureKinds);

    /** What the judge reads and writes, in this transaction. */
    JudgmentStore judgment();

    /** What workflows read and write, in this transaction. */
    dev.verdict.core.workflows.WorkflowWork workflows();

    /** Owner matching, for after the commit (see {@link #afterCommit}). */
    OwnerAssignment owners();

    /**
     * Keeps what each file took in this upload ({@link dev.verdict.core.plans.FileTimings#byFile})
     * with it, to be counted into its run's branch's timings for test plans later ({@link
     * dev.verdict.core.plans.PlanStore#foldTimings}), several uploads at a time: counting it here
     * would hold the rows of every file the upload ran until its commit, and the suite's other
     * uploads wait on the same rows.
     */
    void recordTimings(Map<String, Long> durations);

    /** The upload's run, locked until the commit. */
    RunStatus lockRun();

    /** Stores the run's new status and marks the upload processed. */
    void closeRun(RunStatus run);

    /**
     * Runs {@code action} once this unit has committed, outside its transaction; never if it rolls
     * back. A failing action is logged: the upload stays processed.
     */
    void afterCommit(Runnable action);
}
