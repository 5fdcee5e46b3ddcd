package dev.verdict.core.workflows;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Workflows outside the upload pipeline: the API's reads and writes, and the outbox's sender. */
public interface WorkflowStore {
    Page<Workflow> list(UUID suiteId, PageRequest page);

    Optional<Workflow> find(UUID suiteId, UUID id);

    void insert(Workflow workflow);

    /** Replaces the spec; false when there is no such workflow. */
    boolean update(Workflow workflow);

    /** Deletes it with its states, events and deliveries; false when there is no such workflow. */
    boolean delete(UUID suiteId, UUID id);

    /** The webhook signing secret, sealed, if one was made. */
    Optional<String> sealedSecret(UUID workflowId);

    /** Keeps {@code sealed} as the secret unless another was kept first; returns the one kept. */
    String keepSecret(UUID workflowId, String sealed);

    /** A workflow's events, newest first. */
    Page<WorkflowEvent> events(UUID workflowId, PageRequest page);

    /** A test's events in every workflow of its suite, newest first. */
    List<WorkflowEvent> testEvents(UUID testId, int limit);

    Optional<WorkflowEvent> event(UUID eventId);

    /** Where each delivery of these events stands. */
    Map<UUID, DeliveryStatus> deliveries(Collection<UUID> eventIds);

    /** Deliveries not yet delivered or given up, for the suite's page: the failing ones first. */
    List<DeliveryStatus> undelivered(UUID suiteId, int limit);

    /**
     * Claims up to {@code limit} deliveries due at {@code now}: each is put off by {@link
     * Delivery#LEASE}, so no other sender takes it meanwhile, and a sender that dies leaves it due
     * again.
     */
    List<Delivery> claimDue(Instant now, int limit);

    /**
     * Records attempts, each with where its delivery stands after it, in one transaction: on
     * SQLite each transaction takes the one writer the upload pipeline needs.
     */
    void attempted(List<Outcome> outcomes);

    /** An attempt at a delivery and where it leaves it ({@code retryAt} null once it is done). */
    record Outcome(Delivery delivery, Attempt attempt, Delivery.State state, Instant retryAt) {}

    /** The slugs a workflow's links are made of. */
    record Where(String organization, String suite) {}

    Optional<Where> where(UUID workflowId);

    /** Runs {@code nudge} after each commit that queued deliveries. */
    void whenQueued(Runnable nudge);

    /** One try at a delivery: the receiver's status, or why there was none. */
    record Attempt(int number, Instant at, Integer status, String error, long millis) {}

    /** A delivery as the API and pages show it. */
    record DeliveryStatus(
            UUID id,
            UUID eventId,
            UUID workflowId,
            String type,
            String url,
            Delivery.State state,
            int attempts,
            String lastError,
            Instant nextAttemptAt,
            Instant deliveredAt) {}
}
