package dev.verdict.core.judgment;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A test's health, as the judge last found it. */
public enum Health {
    HEALTHY,
    /** First seen in the last {@link #NEW_FOR}, and nothing else to say. */
    NEW,
    FLAKY,
    BROKEN;

    public static final Duration NEW_FOR = Duration.ofDays(7);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Health> fromWireName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(h -> h.wireName().equals(lower)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Health::wireName).collect(Collectors.joining(", "));
    }

    /**
     * The health a reader sees: what the judge stored (flaky or broken), else new or healthy by
     * the test's age. New is worked out when read, so it needs no write when it ends.
     */
    public static Health of(Health stored, Instant createdAt, Instant now) {
        if (stored != null && stored != HEALTHY) {
            return stored;
        }
        return createdAt.plus(NEW_FOR).isAfter(now) ? NEW : HEALTHY;
    }
}
