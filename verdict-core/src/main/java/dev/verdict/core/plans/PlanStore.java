package dev.verdict.core.plans;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Test plans by suite and identifier, kept as the answer that was given, until they expire; and
 * the file timings they are made from.
 */
public interface PlanStore {
    /** The plan stored for the identifier, if it has not expired by {@code now}. */
    Optional<PlanJson> find(UUID suiteId, String identifier, Instant now);

    /**
     * Stores {@code plan} unless a plan that has not expired is stored for the identifier already,
     * and returns whichever is stored: clients that create one plan at once all get the same. The
     * plan that is stored is recorded with each node's {@code predicted} duration (ms), for its
     * accuracy; expired plans of the suite make way.
     */
    PlanJson createIfAbsent(
            UUID suiteId,
            String identifier,
            PlanJson plan,
            String branch,
            List<Long> predicted,
            Instant now,
            Instant expiresAt);

    /**
     * Records what a node of the latest plan for the identifier took, in ms (a retried job's report
     * replaces the one before); false when there is no such plan or node.
     */
    boolean reportNode(UUID suiteId, String identifier, int node, long actualMs, Instant now);

    /** The suite's plans, newest first, with how their nodes did. */
    Page<PlanRecord> history(UUID suiteId, java.util.Optional<String> identifier, PageRequest page);

    /**
     * The file timings counted on one branch of the suite ('' for runs without one), by file:
     * uploads still queued by {@code UnitOfWork#recordTimings} are not in them yet.
     */
    Map<String, FileTiming.Median> timings(UUID suiteId, String branch);

    /**
     * Counts the durations that processed uploads of every suite queued into their branches' file
     * timings, several uploads to a row write; returns how many uploads.
     */
    int foldTimings(Instant now);

    /** The same for one suite's queued uploads. */
    int foldTimings(UUID suiteId, Instant now);
}
