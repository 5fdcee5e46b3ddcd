package dev.verdict.storage.internal;

import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.JudgmentStore;
import dev.verdict.core.pipeline.ClaimedUpload;
import dev.verdict.core.pipeline.NewExecution;
import dev.verdict.core.pipeline.OwnerAssignment;
import dev.verdict.core.pipeline.ResolvedTests;
import dev.verdict.core.pipeline.TestKey;
import dev.verdict.core.pipeline.UnitOfWork;
import dev.verdict.core.runs.RunStatus;
import dev.verdict.core.workflows.WorkflowWork;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** A claimed upload's transaction, as the pipeline sees it. */
final class JdbcUnitOfWork implements UnitOfWork {
    private int written;
    private long processedAt;

    private final Handle h;
    private final Dialect dialect;
    private final ClaimedUpload upload;
    private final Instant now;
    private final KnownTests knownTests;
    private final JudgmentCache judgmentCache;
    private final WorkflowCache workflowCache;
    private final OwnerAssignment owners;
    private final Runnable deliveriesQueued;
    private final Map<TestKey, KnownTests.KnownTest> learned = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private JdbcJudgmentStore judgment;
    private JdbcWorkflowWork workflows;

    JdbcUnitOfWork(
            Handle h,
            Dialect dialect,
            ClaimedUpload upload,
            Instant now,
            KnownTests knownTests,
            JudgmentCache judgmentCache,
            WorkflowCache workflowCache,
            OwnerAssignment owners,
            Runnable deliveriesQueued) {
        this.h = h;
        this.dialect = dialect;
        this.upload = upload;
        this.now = now;
        this.knownTests = knownTests;
        this.judgmentCache = judgmentCache;
        this.workflowCache = workflowCache;
        this.owners = owners;
        this.deliveriesQueued = deliveriesQueued;
    }

    @Override
    public boolean exclusive() {
        return dialect == Dialect.SQLITE;
    }

    @Override
    public ClaimedUpload upload() {
        return upload;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public ResolvedTests resolveTests(List<TestResult> results) {
        // The judge writes test rows under the suite's lock; an upload that writes test rows itself
        // takes that lock first, so two workers never hold one each and wait for the other's.
        ResolvedTests tests = knownTests.resolve(
                h,
                upload.suiteId(),
                results,
                upload.createdAt().toEpochMilli(),
                learned,
                () -> judgment().lockSuite());
        if (!learned.isEmpty()) {
            afterCommit(() -> knownTests.remember(upload.suiteId(), learned));
        }
        return tests;
    }

    /**
     * Whether this upload wrote tests that the process remembers after the commit: their ids must
     * be on disk first, so their commit waits for its flush ({@link Dialect#unflushedCommit}).
     */
    boolean wroteTests() {
        return !learned.isEmpty();
    }

    /** Executions this unit wrote. */
    int written() {
        return written;
    }

    /** When the upload became queryable, as recorded; 0 before {@link #closeRun}. */
    long processedAt() {
        return processedAt;
    }

    @Override
    public void writeExecutions(List<NewExecution> executions, Map<UUID, FailureKind> failureKinds) {
        written += executions.size();
        ExecutionWriter.write(
                h, dialect, upload.runId(), upload.id(), upload.createdAt().toEpochMilli(), executions, failureKinds);
    }

    /** The pipeline is done: what it held back is written, before the commit. */
    void finish() {
        if (judgment != null) {
            judgment.flush();
        }
    }

    @Override
    public JudgmentStore judgment() {
        if (judgment == null) {
            judgment = new JdbcJudgmentStore(h, dialect, upload, now, judgmentCache, this::afterCommit);
        }
        return judgment;
    }

    @Override
    public WorkflowWork workflows() {
        if (workflows == null) {
            workflows = new JdbcWorkflowWork(
                    h,
                    upload.suiteId(),
                    now,
                    () -> afterCommit(deliveriesQueued),
                    workflowCache,
                    () -> judgment == null ? java.util.Optional.empty() : judgment.versions(),
                    this::afterCommit);
        }
        return workflows;
    }

    @Override
    public OwnerAssignment owners() {
        return owners;
    }

    @Override
    public void recordTimings(Map<String, Long> durations) {
        JdbcPlanStore.queueTimings(h, upload.runId(), durations, now);
    }

    @Override
    public RunStatus lockRun() {
        return h.createQuery("SELECT state, result, uploads_pending FROM runs WHERE id = :id" + dialect.forUpdate())
                .bind("id", upload.runId().toString())
                .map((rs, ctx) -> RunRows.status(rs))
                .one();
    }

    @Override
    public void closeRun(RunStatus run) {
        long at = now.toEpochMilli();
        RunRows.update(h, upload.runId(), run, at);
        // processed_at says when the executions became queryable, so it is read after the writes,
        // not when processing began (the commit follows at once).
        processedAt = Math.max(at, System.currentTimeMillis());
        h.createUpdate("UPDATE uploads SET state = 'processed', payload = NULL, processed_at = :now WHERE id = :id")
                .bind("now", processedAt)
                .bind("id", upload.id().toString())
                .execute();
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** What was left for after the commit, in order. */
    List<Runnable> committed() {
        return afterCommit;
    }
}
