package dev.verdict.core.workflows;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workflow's monitor and its parameters; those a type does not read are null.
 *
 * @param windowSize executions weighed: transition count (default 10, at most 1000) and duration
 *     threshold (default 5, at most 100)
 * @param alarmThreshold the score (0 to 1) or p50 in seconds at or above which a test alarms
 * @param recoverThreshold below which an alarmed test recovers; below the alarm threshold
 * @param windowDays passed on retry: days without a new flip after which a test recovers
 * @param windowExecutions passed on retry: executions without a new flip after which it recovers
 */
public record Monitor(
        MonitorType type,
        Integer windowSize,
        Double alarmThreshold,
        Double recoverThreshold,
        Integer windowDays,
        Integer windowExecutions) {

    public static final int PASSED_ON_RETRY_DAYS = 7;
    public static final int PASSED_ON_RETRY_EXECUTIONS = 100;

    /** A monitor with nothing to set: new test, flaky, broken. */
    public static Monitor of(MonitorType type) {
        return new Monitor(type, null, null, null, null, null);
    }

    /** The wire shape: {@code type} and the parameters the type reads. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", type.wireName());
        if (windowSize != null) {
            view.put("window_size", windowSize);
        }
        if (alarmThreshold != null) {
            view.put("alarm_threshold", alarmThreshold);
        }
        if (recoverThreshold != null) {
            view.put("recover_threshold", recoverThreshold);
        }
        if (windowDays != null) {
            view.put("window_days", windowDays);
        }
        if (windowExecutions != null) {
            view.put("window_executions", windowExecutions);
        }
        return view;
    }
}
