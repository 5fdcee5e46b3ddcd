package dev.verdict.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write numbers and times: short, and the same everywhere. */
public final class Format {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String NONE = "—";

    private Format() {}

    /** Seconds as a person reads them: 180 ms, 2.41 s, 3 min 5 s. */
    public static String duration(Double seconds) {
        if (seconds == null) {
            return NONE;
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        long whole = Math.round(seconds);
        return whole / 60 + " min " + whole % 60 + " s";
    }

    /** A fraction as a percentage with one decimal: 0.975 → 97.5%. */
    public static String percent(Double fraction) {
        return fraction == null ? NONE : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String time(Instant at) {
        return at == null ? NONE : TIME.format(at);
    }

    /** For {@code <time datetime>}. */
    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    public static String ago(Instant at, Instant now) {
        if (at == null) {
            return NONE;
        }
        Duration d = Duration.between(at, now);
        if (d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        if (d.toDays() < 60) {
            return d.toDays() + " d ago";
        }
        return TIME.format(at).substring(0, 10);
    }

    /** A commit as git shows it short: its first 7 characters. */
    public static String sha(String commitSha) {
        return commitSha == null ? NONE : commitSha.length() > 7 ? commitSha.substring(0, 7) : commitSha;
    }

    public static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }

    /** A test's scope and name as one line, as the API's {@code test_name} shows them. */
    public static String testName(String scope, String name) {
        return scope == null || scope.isEmpty() ? name : scope + " " + name;
    }
}
