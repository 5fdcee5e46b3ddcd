package dev.verdict.core;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    /**
     * A time as a query parameter gives it: ISO 8601 ({@code 2026-08-20T10:25:50Z}, with any
     * offset) or a date. A date as the end of a range means the whole of that day (UTC). Anything
     * else is a 400 naming the parameter.
     */
    public static Instant parseQuery(String name, String value, boolean endOfRange) {
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                LocalDate date = LocalDate.parse(text);
                return endOfRange
                        ? date.plusDays(1)
                                .atStartOfDay(ZoneOffset.UTC)
                                .toInstant()
                                .minusMillis(1)
                        : date.atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new BadRequest(name + " must be an ISO 8601 time such as 2026-08-20T10:25:50Z or a date such as"
                        + " 2026-08-20, not '" + value + "'");
            }
        }
    }
}
