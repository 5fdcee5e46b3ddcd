package dev.verdict.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one wire format for times: UTC RFC 3339 with milliseconds and {@code Z}, as Buildkite writes
 * them ({@code 2023-06-25T05:32:53.228Z}). Clients decode these with strict RFC 3339 parsers.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** Now, to the millisecond: times are stored with that precision, so they are made with it. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
