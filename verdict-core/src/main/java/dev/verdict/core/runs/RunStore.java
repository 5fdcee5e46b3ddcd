package dev.verdict.core.runs;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.util.Optional;
import java.util.UUID;

/** Reading runs and their executions. Runs are written by the ingest path ({@code UploadStore}). */
public interface RunStore {
    /** Runs of the suite, newest first. */
    Page<Run> list(UUID suiteId, RunFilter filter, PageRequest page);

    Optional<Run> find(UUID suiteId, UUID runId);

    /** The run's failed executions in the order they were written. */
    Page<FailedExecution> failedExecutions(UUID runId, PageRequest page, boolean withExpanded);
}
