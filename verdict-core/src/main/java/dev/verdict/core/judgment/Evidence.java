package dev.verdict.core.judgment;

import java.time.Instant;
import java.util.UUID;

/**
 * One piece of evidence about a test's health: what was seen, where, and the health it led to.
 *
 * @param branch the branch it was seen on ({@code ""} for runs without one)
 * @param commitSha null for runs without a commit
 * @param executionId the execution that shows it, when one does
 * @param detail what happened, in words
 */
public record Evidence(
        UUID id,
        UUID testId,
        Signal signal,
        Health health,
        String branch,
        String commitSha,
        UUID runId,
        UUID executionId,
        String detail,
        Instant at) {}
