package dev.verdict.core.workflows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A test's last durations in a duration-threshold monitor's scope, oldest first, in milliseconds;
 * the p50 is the nearest-rank median. Only its comparison with the thresholds matters, so a
 * duration at or below the recover threshold may be kept as {@link #FAST}: a test whose whole window is
 * at or below it keeps no window ({@link #allAtMost}), and one that starts a window again counts its
 * earlier executions as fast. A window not yet full counts only what it holds: one slow run of a
 * new test is its p50.
 */
public final class DurationWindow {
    /** A duration known only to be at or below the recover threshold. */
    public static final long FAST = -1;

    private final int size;
    private final List<Long> millis;

    private DurationWindow(int size, List<Long> millis) {
        this.size = size;
        this.millis = new ArrayList<>(millis);
        trim();
    }

    /** A window kept before, as {@link #encoded()} gave it. */
    public static DurationWindow of(int size, String encoded) {
        List<Long> millis = encoded.isEmpty()
                ? List.of()
                : Arrays.stream(encoded.split(",")).map(Long::parseLong).toList();
        return new DurationWindow(size, millis);
    }

    /** The window of a test that kept none: its earlier executions in scope, up to a window less one, were fast. */
    public static DurationWindow start(int size, long executionsBefore) {
        int fast = (int) Math.min(size - 1L, Math.max(0, executionsBefore));
        return new DurationWindow(size, java.util.Collections.nCopies(fast, FAST));
    }

    public void add(long durationMillis) {
        millis.add(durationMillis);
        trim();
    }

    private void trim() {
        while (millis.size() > size) {
            millis.removeFirst();
        }
    }

    /** The nearest-rank median in milliseconds ({@link #FAST} when it is a fast one); -1 for an empty window. */
    public long p50() {
        if (millis.isEmpty()) {
            return FAST;
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(sorted.length + 1) / 2 - 1];
    }

    /** Whether every duration is at or below the recover threshold, where a test recovers (Buildkite's rule). */
    public boolean allAtMost(long recoverMillis) {
        return millis.stream().allMatch(m -> m <= recoverMillis);
    }

    public String encoded() {
        return millis.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
