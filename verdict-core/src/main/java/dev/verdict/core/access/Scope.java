package dev.verdict.core.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an API access token may do, named as Buildkite names its Test Engine scopes. */
public enum Scope {
    READ_SUITES,
    WRITE_SUITES,
    READ_TEST_PLAN,
    WRITE_TEST_PLAN,
    /**
     * Verdict's own: {@code GET /metrics}, the whole server's figures (every organization's, not
     * only the token's), so an operator's scope.
     */
    READ_METRICS;

    /** The scope as tokens, flags and error messages spell it: {@code read_suites}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(s -> s.wireName().equals(name.trim()))
                .findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", "));
    }
}
