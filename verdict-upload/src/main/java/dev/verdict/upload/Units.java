package dev.verdict.upload;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations ({@code 90s}, {@code 30m}, {@code 1h}, {@code 2d} or ISO 8601) and sizes ({@code 64MiB}). */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w|y)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Units() {}

    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = DURATION.matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "w" -> Duration.ofDays(7 * n);
                    case "y" -> Duration.ofDays(365 * n); // a retention's years: leap days aside
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration such as 90s, 30m, 1h, 2d, 26w or 2y");
            }
        }
    }

    public static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size such as 64MiB, 512KiB or 1000000");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            return switch (unit) {
                case "kb" -> n * 1000;
                case "kib" -> n << 10;
                case "mb" -> n * 1000 * 1000;
                case "mib" -> n << 20;
                case "gb" -> n * 1000 * 1000 * 1000;
                case "gib" -> n << 30;
                default -> n;
            };
        }
    }
}
