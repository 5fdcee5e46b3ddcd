package dev.verdict.core.tests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When executions may be rolled up into per-hour and per-day sums, and how a window is answered
 * from those sums and the executions around them. An execution's time is when its upload was
 * received, so an hour can change until every upload received in it is processed: an hour is
 * closed once it ended {@link #SETTLE} ago (no upload takes that long to be committed) and no
 * upload received in it is still queued. Days are rolled up from their hours, in UTC.
 */
public final class Rollup {
    public static final long HOUR = Duration.ofHours(1).toMillis();
    public static final long DAY = Duration.ofDays(1).toMillis();
    public static final Duration SETTLE = Duration.ofMinutes(10);

    /** Where a part of a window is read from. */
    public enum Source {
        EXECUTIONS,
        HOURS,
        DAYS
    }

    /** Epoch milliseconds from {@code from} up to, not including, {@code to}. */
    public record Part(Source source, long from, long to) {}

    private Rollup() {}

    /** The end of the closed hours: every hour before it may be rolled up. */
    public static long closedBefore(Instant now, Optional<Instant> oldestQueued) {
        long settled = now.minus(SETTLE).toEpochMilli();
        long open = oldestQueued
                .map(Instant::toEpochMilli)
                .map(q -> Math.min(q, settled))
                .orElse(settled);
        return floor(open, HOUR);
    }

    /**
     * A window (both ends included) cut into parts: whole days from the day sums, whole hours
     * from the hour sums, the rest from executions; {@code rolledTo} (hour-aligned) is how far the
     * sums go. The parts do not overlap and cover the window exactly.
     */
    public static List<Part> split(TestQuery.Window window, long rolledTo) {
        long from = window.from().toEpochMilli();
        long to = window.to().toEpochMilli() + 1;
        List<Part> parts = new ArrayList<>();
        long hoursFrom = ceil(from, HOUR);
        long hoursTo = Math.min(floor(to, HOUR), floor(rolledTo, HOUR));
        if (hoursFrom >= hoursTo) {
            add(parts, Source.EXECUTIONS, from, to);
            return parts;
        }
        add(parts, Source.EXECUTIONS, from, hoursFrom);
        long daysFrom = ceil(hoursFrom, DAY);
        long daysTo = floor(hoursTo, DAY);
        if (daysFrom < daysTo) {
            add(parts, Source.HOURS, hoursFrom, daysFrom);
            add(parts, Source.DAYS, daysFrom, daysTo);
            add(parts, Source.HOURS, daysTo, hoursTo);
        } else {
            add(parts, Source.HOURS, hoursFrom, hoursTo);
        }
        add(parts, Source.EXECUTIONS, hoursTo, to);
        return parts;
    }

    private static void add(List<Part> parts, Source source, long from, long to) {
        if (from < to) {
            parts.add(new Part(source, from, to));
        }
    }

    public static long floor(long millis, long unit) {
        return Math.floorDiv(millis, unit) * unit;
    }

    public static long ceil(long millis, long unit) {
        return -Math.floorDiv(-millis, unit) * unit;
    }
}
