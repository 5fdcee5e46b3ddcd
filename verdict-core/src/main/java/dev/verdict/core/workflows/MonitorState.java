package dev.verdict.core.workflows;

import java.time.Instant;
import java.util.UUID;

/**
 * What a workflow keeps of one test between uploads: whether it is alarmed, and what its monitor
 * needs to decide the next edge. A test with nothing to keep (not alarmed, a window of passes or
 * of fast runs) has no state, so a healthy suite stores none.
 *
 * @param window the transition window's results or the duration window's millis, or null
 * @param lastEventAt passed on retry: the newest flip
 * @param quiet passed on retry: executions in scope since the newest flip
 */
public record MonitorState(
        UUID workflowId, UUID testId, boolean alarmed, String window, Instant lastEventAt, long quiet) {

    public static MonitorState none(UUID workflowId, UUID testId) {
        return new MonitorState(workflowId, testId, false, null, null, 0);
    }

    /** Whether there is anything to keep. */
    public boolean kept() {
        return alarmed || window != null || lastEventAt != null;
    }
}
