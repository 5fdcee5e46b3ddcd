package dev.verdict.core.pipeline;

import dev.verdict.core.Ids;
import dev.verdict.core.ingest.Payloads;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.judgment.Judge;
import dev.verdict.core.plans.FileTimings;
import dev.verdict.core.runs.RunLifecycle;
import dev.verdict.core.workflows.Monitors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a claimed upload becomes tests, executions and judgment, step by step, in one unit of work
 * (storage's transaction). The queue claims the upload ({@link UploadStore#processNext}); then:
 *
 * <ol>
 *   <li>{@link #READ}: the validated results from the payload;
 *   <li>{@link #RESOLVE_TESTS}: the tests they name, created or moved as needed;
 *   <li>{@link #PLAN_EXECUTIONS}: one execution per result, with its id;
 *   <li>{@link Judge}: evidence, health and each failure's kind ({@code dev.verdict.core.judgment});
 *   <li>{@link #WRITE_EXECUTIONS}: the executions in one batch, each failure with its kind;
 *   <li>{@link #RECORD_TIMINGS}: what each file took, for test plans;
 *   <li>{@link Judge#CONFIRM}: where other workers judge the same suite at once, the judgment
 *       again under the suite's lock, written, and any kind it changed corrected;
 *   <li>{@link Monitors}: the suite's workflows, their alarms, recoveries and actions
 *       ({@code dev.verdict.core.workflows}), under the same lock;
 *   <li>{@link #ASSIGN_OWNERS}: owners for new and moved tests, after the commit;
 *   <li>{@link #CLOSE_RUN}: the run lifecycle, and the upload marked processed.
 * </ol>
 *
 * The judge goes before the write, so a failure's kind is written with its row rather than by a
 * second write of every failure; it reads the history of other uploads, never this one's rows. On
 * PostgreSQL it confirms after the write, holding the suite's lock only from there to the commit,
 * so two workers still write executions side by side; what needs no lock goes before it.
 * A new step goes into the list; the store's claim and transaction stay as they are.
 */
public final class UploadPipeline {
    public static final Step READ =
            batch -> batch.results(Payloads.read(batch.upload().payload()));

    public static final Step RESOLVE_TESTS = batch -> batch.tests(batch.work().resolveTests(batch.results()));

    /**
     * Each result becomes an execution with its id, so the judge can name it before it is written;
     * ids follow the report's order, so a test's reruns read back in the order they ran.
     */
    /*
     * An execution's id is made for its upload's creation, which is also its created_at: so the
     * id alone tells the partition of the executions it is in (see Ids.millis).
     */
    public static final Step PLAN_EXECUTIONS = batch -> {
        List<NewExecution> executions = new ArrayList<>(batch.results().size());
        long createdAt = batch.upload().createdAt().toEpochMilli();
        int sequence = 0;
        for (TestResult r : batch.results()) {
            executions.add(new NewExecution(
                    Ids.uuid7(createdAt, sequence++), batch.tests().ids().get(TestKey.of(r)), r));
        }
        batch.executions(executions);
    };

    public static final Step WRITE_EXECUTIONS =
            batch -> batch.work().writeExecutions(batch.executions(), batch.failureKinds());

    /**
     * After the commit, with no lock held: matching many new tests against a large TESTOWNERS
     * file can take seconds, which inside the transaction would hold every other upload up.
     */
    public static final Step ASSIGN_OWNERS = batch -> {
        var changed = batch.tests().changedPaths();
        if (!changed.isEmpty()) {
            var suite = batch.upload().suiteId();
            var owners = batch.work().owners();
            batch.work().afterCommit(() -> owners.assign(suite, changed));
        }
    };

    /** What each file took, for test plans ({@link UnitOfWork#recordTimings} says when it is written). */
    public static final Step RECORD_TIMINGS = batch -> {
        Map<String, Long> durations = FileTimings.byFile(batch.results());
        if (!durations.isEmpty()) {
            batch.work().recordTimings(durations);
        }
    };

    public static final Step CLOSE_RUN = batch -> {
        var work = batch.work();
        work.closeRun(RunLifecycle.uploadProcessed(work.lockRun(), UploadStore.outcome(batch.results())));
    };

    private final List<Step> steps;

    public UploadPipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The steps every server runs. */
    public static UploadPipeline standard() {
        return new UploadPipeline(List.of(
                READ,
                RESOLVE_TESTS,
                PLAN_EXECUTIONS,
                new Judge(),
                WRITE_EXECUTIONS,
                RECORD_TIMINGS,
                Judge.CONFIRM,
                new Monitors(),
                ASSIGN_OWNERS,
                CLOSE_RUN));
    }

    public void process(UnitOfWork work) {
        Batch batch = new Batch(work);
        for (Step step : steps) {
            step.apply(batch);
        }
    }
}
