package dev.verdict.core.pipeline;

import java.util.Map;
import java.util.UUID;

/** Gives tests their owners from the suite's TESTOWNERS file, in transactions of its own. */
public interface OwnerAssignment {
    /** Matches each test's path (test id to path) and stores the owners, within the file's budget. */
    void assign(UUID suiteId, Map<UUID, String> paths);
}
