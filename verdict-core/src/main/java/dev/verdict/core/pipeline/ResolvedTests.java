package dev.verdict.core.pipeline;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tests an upload names, by identity; {@code changedPaths} are those created or moved by it
 * (their owners are worked out anew), with the path owners are matched against; {@code created}
 * are those it named for the first time in the suite.
 */
public record ResolvedTests(Map<TestKey, UUID> ids, Map<UUID, String> changedPaths, Set<UUID> created) {}
