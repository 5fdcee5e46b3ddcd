package dev.verdict.core.runs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a run's processed results say, as Buildkite's Runs API names it. */
public enum RunResult {
    PENDING,
    PASSED,
    FAILED,
    /** Only ever derived when read: a run still pending after the stale period. Never stored. */
    STALE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RunResult> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }
}
