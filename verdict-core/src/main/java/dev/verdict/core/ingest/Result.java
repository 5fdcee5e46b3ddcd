package dev.verdict.core.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An execution's result. {@code pending} is not in Buildkite's documented enum, but collectors send it. */
public enum Result {
    PASSED,
    FAILED,
    SKIPPED,
    PENDING,
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Result> fromWireName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.wireName().equals(lower)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Result::wireName).collect(Collectors.joining(", "));
    }
}
