package dev.verdict.core.workflows;

import java.time.Instant;
import java.util.UUID;

/** A suite's workflow: its spec, as last written. */
public record Workflow(UUID id, UUID suiteId, WorkflowSpec spec, Instant createdAt, Instant updatedAt) {}
