package dev.verdict.storage.internal;

import dev.verdict.core.plans.PlanJson;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The plans answered lately, in memory: every node of a build asks for its plan within seconds
 * of the first, and a stored plan never changes until it expires, so they are answered without
 * reading a megabyte from the database and encoding it each. The least recently used go first
 * past {@link #MAX_BYTES}. Each keeps its gzipped form once made.
 */
final class KeptPlans {
    /** The plans of dozens of builds of a 10,000-file suite at once. */
    static final long MAX_BYTES = 32L << 20;

    private record Kept(PlanJson plan, long expiresAt) {}

    private final Map<String, Kept> plans = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    synchronized Optional<PlanJson> find(UUID suiteId, String identifier, long now) {
        Kept kept = plans.get(key(suiteId, identifier));
        return kept == null || kept.expiresAt() <= now ? Optional.empty() : Optional.of(kept.plan());
    }

    synchronized void keep(UUID suiteId, String identifier, PlanJson plan, long expiresAt) {
        if (plan.utf8().length > MAX_BYTES) {
            return;
        }
        Kept before = plans.put(key(suiteId, identifier), new Kept(plan, expiresAt));
        bytes += plan.utf8().length - (before == null ? 0 : before.plan().utf8().length);
        for (Iterator<Kept> oldest = plans.values().iterator(); bytes > MAX_BYTES && oldest.hasNext(); ) {
            bytes -= oldest.next().plan().utf8().length;
            oldest.remove();
        }
    }

    private static String key(UUID suiteId, String identifier) {
        return suiteId + "\n" + identifier;
    }
}
