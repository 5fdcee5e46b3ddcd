package dev.verdict.core.tests;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A test's quarantine state (Buildkite's test state API): whether its failures count. */
public enum TestState {
    /** Trusted: runs and counts. */
    ENABLED,
    /** Runs and reports, but a failure should not fail the build. */
    MUTED,
    /** Should not run at all. */
    SKIPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TestState> fromWireName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wireName().equals(lower)).findFirst();
    }
}
