package dev.verdict.core.tests;

import java.util.Optional;

/**
 * How a test changed from one window to the one before it: its average duration as a ratio and
 * its reliability in percentage points. Averages, not medians, because they add up exactly from
 * the per-hour and per-day sums the server keeps, so a page of trends costs two measures however
 * long the window; a median would read every execution of both windows.
 *
 * <p>A change is called only when it is large enough to matter to a person: a duration at least
 * {@link #SLOWER} times as long (or {@code 1 / SLOWER} as short) and {@link #MIN_SECONDS} apart,
 * as sub-second jitter doubles easily; a reliability {@link #POINTS} points or more apart.
 */
public record Trend(Optional<Double> durationRatio, Optional<Double> reliabilityPoints, boolean newInWindow) {
    public static final double SLOWER = 1.2;
    public static final double MIN_SECONDS = 0.05;
    public static final double POINTS = 5.0;

    /** The trend from {@code before} (the previous window; {@link TestMetrics#NONE} if none) to {@code now}. */
    public static Trend of(TestMetrics now, TestMetrics before) {
        if (before.executionsCount() == 0) {
            return new Trend(Optional.empty(), Optional.empty(), true);
        }
        Optional<Double> ratio = Optional.empty();
        Double was = before.durationAvg();
        Double is = now.durationAvg();
        if (was != null && is != null && was > 0 && Math.abs(is - was) >= MIN_SECONDS) {
            double r = is / was;
            if (r >= SLOWER || r <= 1 / SLOWER) {
                ratio = Optional.of(r);
            }
        }
        Optional<Double> points = Optional.empty();
        if (now.reliability() != null && before.reliability() != null) {
            double p = 100 * (now.reliability() - before.reliability());
            if (Math.abs(p) >= POINTS) {
                points = Optional.of(p);
            }
        }
        return new Trend(ratio, points, false);
    }

    /** Slower by a ratio worth saying. */
    public boolean slower() {
        return durationRatio.filter(r -> r > 1).isPresent();
    }

    /** Less reliable by enough points to say. */
    public boolean lessReliable() {
        return reliabilityPoints.filter(p -> p < 0).isPresent();
    }

    /** Nothing worth saying changed. */
    public boolean steady() {
        return !newInWindow && durationRatio.isEmpty() && reliabilityPoints.isEmpty();
    }
}
