package dev.verdict.core.judgment;

import java.util.UUID;

/**
 * The run an upload belongs to, as the judge needs it.
 *
 * @param branch {@code ""} for a run without one
 * @param commitSha null for a run without one
 * @param infrastructureReason the normalized reason of an outage an earlier upload of the run had
 */
public record RunContext(
        UUID runId, String branch, String commitSha, String defaultBranch, String infrastructureReason) {}
