package dev.verdict.core.workflows;

import dev.verdict.core.tests.StateChange;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What workflows read and write for one upload, inside its unit of work (storage holds the SQL).
 * It runs after the judgment is confirmed, so on PostgreSQL under the suite's lock: two workers
 * never weigh the same workflow's tests at once.
 */
public interface WorkflowWork {
    /** The upload's suite's workflows. */
    List<Workflow> workflows();

    /**
     * Every test these workflows keep state for (alarmed, or a window worth keeping), by workflow,
     * in one read: on PostgreSQL it is made under the suite's lock.
     */
    Map<UUID, Map<UUID, MonitorState>> states(java.util.Collection<UUID> workflowIds);

    void saveStates(Collection<MonitorState> kept, Collection<MonitorState> dropped);

    /** Events of a workflow at or after {@code since}: its rate limit. */
    int eventsSince(UUID workflowId, Instant since);

    void addEvents(List<WorkflowEvent> events);

    void changeLabels(Collection<UUID> tests, String label, boolean add);

    void changeState(Collection<UUID> tests, StateChange change);

    /** Queued with the events; sent after the commit (and the sender nudged then). */
    void queue(List<Delivery> deliveries);

    /** A test as an event names it. */
    record TestName(String scope, String name, String location) {
        public String full() {
            return scope.isEmpty() ? name : scope + " " + name;
        }
    }

    /** Tests by id, for events of tests this upload did not run. */
    Map<UUID, TestName> tests(Collection<UUID> ids);
}
