package dev.verdict.core.tests;

/**
 * What a test's executions in a window add up to. Durations are seconds, null when no execution in
 * the window had a duration.
 */
public record TestMetrics(
        long passed,
        long failed,
        long skipped,
        long pending,
        long unknown,
        Double durationAvg,
        Double durationSum,
        Double durationMin,
        Double durationMax) {

    /** A test with no executions in the window. */
    public static final TestMetrics NONE = new TestMetrics(0, 0, 0, 0, 0, null, null, null, null);

    public long executionsCount() {
        return passed + failed + skipped + pending + unknown;
    }

    /** passed ÷ (passed + failed), as a fraction; skipped, pending and unknown do not count. */
    public Double reliability() {
        return passed + failed == 0 ? null : (double) passed / (passed + failed);
    }
}
