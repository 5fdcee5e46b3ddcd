package dev.verdict.core.workflows;

import java.time.Instant;
import java.util.UUID;

/** A suite's workflow: its spec, as last written. */
public record Workflow(UUID id, UUID suiteId, WorkflowSpec spec, Instant createdAt, Instant updatedAt) {
    /** A workflow made now, for a suite: its id is time-ordered like every other. */
    public static Workflow create(UUID suiteId, WorkflowSpec spec, Instant now) {
        return new Workflow(dev.verdict.core.Ids.uuid7(now.toEpochMilli()), suiteId, spec, now, now);
    }
}
