package dev.verdict.core.runs;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import java.util.UUID;

/** One execution of a run, as a run's list of every execution shows it. */
public record RunExecution(
        UUID id,
        UUID testId,
        String scope,
        String name,
        Result result,
        Double duration,
        String failureReason,
        FailureKind failureKind) {}
