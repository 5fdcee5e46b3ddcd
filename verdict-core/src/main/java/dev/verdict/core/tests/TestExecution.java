package dev.verdict.core.tests;

import dev.verdict.core.ingest.Result;
import java.time.Instant;
import java.util.UUID;

/** One execution of a test, with the run it was in: what a test's history is made of. */
public record TestExecution(
        UUID id,
        UUID runId,
        Result result,
        Double duration,
        String failureReason,
        String branch,
        String commitSha,
        Instant createdAt) {}
