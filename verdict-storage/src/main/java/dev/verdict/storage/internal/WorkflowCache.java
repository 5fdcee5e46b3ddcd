package dev.verdict.storage.internal;

import dev.verdict.core.workflows.MonitorState;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each suite's workflow states as this process last committed them, valid at one value of the
 * suite's {@code judgment_version} (the token {@link JudgmentCache} is valid at). States change
 * only in an upload's unit of work, under the suite's lock, which moves that token on; so an
 * entry at the version a unit locked is what the tables hold, and reading them again, under the
 * lock every other worker of the suite waits on, is saved. Another server's upload, or one rolled
 * back, leaves the entry at another version: then the tables are read.
 */
final class WorkflowCache {
    /** States kept in all, beyond which the cache forgets everything and starts again. */
    private static final int BUDGET = 200_000;

    private record Entry(long version, Map<UUID, Map<UUID, MonitorState>> byWorkflow, int size) {}

    private final Map<UUID, Entry> bySuite = new ConcurrentHashMap<>();

    /** The states of these workflows at this version, if all are known. */
    Optional<Map<UUID, Map<UUID, MonitorState>>> at(UUID suite, long version, Collection<UUID> workflows) {
        Entry e = bySuite.get(suite);
        if (e == null || e.version() != version || !e.byWorkflow().keySet().containsAll(workflows)) {
            return Optional.empty();
        }
        Map<UUID, Map<UUID, MonitorState>> states = new HashMap<>();
        for (UUID w : workflows) {
            states.put(w, e.byWorkflow().get(w));
        }
        return Optional.of(states);
    }

    /** After a commit that moved the suite to {@code version}: its workflows' states now. */
    void committed(UUID suite, long version, Map<UUID, Map<UUID, MonitorState>> states) {
        int size = states.values().stream().mapToInt(Map::size).sum();
        int total = size + bySuite.values().stream().mapToInt(Entry::size).sum();
        if (total > BUDGET) {
            bySuite.clear();
            if (size > BUDGET) {
                return;
            }
        }
        Map<UUID, Map<UUID, MonitorState>> kept = new HashMap<>();
        states.forEach((w, byTest) -> kept.put(w, Map.copyOf(byTest)));
        bySuite.put(suite, new Entry(version, kept, size));
    }
}
