package dev.verdict.core.workflows;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a workflow's monitor watches. The first five are Buildkite's; {@link #FLAKY} and {@link
 * #BROKEN} are Verdict's judge ({@code dev.verdict.core.judgment}) as monitors: they alarm when the
 * judge finds a test flaky or broken and recover when it finds it healthy again.
 */
public enum MonitorType {
    PASSED_ON_RETRY,
    TRANSITION_COUNT,
    PROBABILISTIC_FLAKINESS,
    DURATION_THRESHOLD,
    NEW_TEST,
    FLAKY,
    BROKEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Buildkite's new-test monitor has no recover event: a test is new once. */
    public boolean recovers() {
        return this != NEW_TEST;
    }

    public static Optional<MonitorType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(MonitorType::wireName).collect(Collectors.joining(", "));
    }
}
