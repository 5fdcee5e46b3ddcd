package dev.verdict.core.workflows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An alarm or a recovery of one test in one workflow, with what the monitor saw ({@code detail}:
 * the monitor's own fields, as Buildkite's webhook payloads name them) and what each action did.
 *
 * @param testName the test's scope and name when it happened, for messages
 * @param actions one result per action, in the spec's order
 */
public record WorkflowEvent(
        UUID id,
        UUID workflowId,
        UUID suiteId,
        UUID testId,
        Kind kind,
        String testName,
        String testLocation,
        Map<String, Object> detail,
        List<ActionResult> actions,
        Instant at) {

    public enum Kind {
        ALARM,
        RECOVER;

        /** The webhook's {@code event}: {@code workflow.alarm} or {@code workflow.recover}. */
        public String eventName() {
            return this == ALARM ? "workflow.alarm" : "workflow.recover";
        }

        public String wireName() {
            return this == ALARM ? "alarm" : "recover";
        }
    }

    /**
     * What one action did: {@code done} (a label or state changed), {@code unchanged} (it already
     * was), {@code queued} (a delivery, see {@link Delivery}), or {@code suppressed} (over the
     * monitor's rate limit: notifications are dropped, labels and states are not).
     */
    public record ActionResult(String type, String outcome, UUID deliveryId) {}
}
