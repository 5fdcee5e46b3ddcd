package dev.verdict.core.pipeline;

import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Judged;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One upload on its way through the pipeline: what each step found, for the steps after it. */
public final class Batch {
    private final UnitOfWork work;
    private List<TestResult> results;
    private ResolvedTests tests;
    private List<NewExecution> executions;
    private Map<UUID, FailureKind> failureKinds = Map.of();
    private Judged judged = Judged.NONE;

    Batch(UnitOfWork work) {
        this.work = work;
    }

    public UnitOfWork work() {
        return work;
    }

    public ClaimedUpload upload() {
        return work.upload();
    }

    public List<TestResult> results() {
        return Objects.requireNonNull(results, "results are read first");
    }

    void results(List<TestResult> results) {
        this.results = List.copyOf(results);
    }

    public ResolvedTests tests() {
        return Objects.requireNonNull(tests, "tests are resolved before they are read");
    }

    void tests(ResolvedTests tests) {
        this.tests = tests;
    }

    /** The upload's executions, in the upload's order, with the ids they are written with. */
    public List<NewExecution> executions() {
        return Objects.requireNonNull(executions, "executions are planned before they are read");
    }

    void executions(List<NewExecution> executions) {
        this.executions = List.copyOf(executions);
    }

    /** What the judge found each failed execution to be, by execution id: written with the rows. */
    public Map<UUID, FailureKind> failureKinds() {
        return failureKinds;
    }

    public void failureKinds(Map<UUID, FailureKind> kinds) {
        this.failureKinds = Map.copyOf(kinds);
    }

    /** What the decisive judgment found ({@link Judged#NONE} until it is made). */
    public Judged judged() {
        return judged;
    }

    public void judged(Judged judged) {
        this.judged = judged;
    }
}
