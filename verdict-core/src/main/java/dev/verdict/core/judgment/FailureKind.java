package dev.verdict.core.judgment;

import java.util.Locale;
import java.util.Optional;

/** What a failed execution was judged to be when its upload was processed. */
public enum FailureKind {
    /** Part of an outage: many failures at once for one reason. Evidence for nothing. */
    INFRASTRUCTURE,
    /** The test passed on a retry of the same code, or is known flaky. */
    FLAKY,
    /** The test fails on every run of its branch since a commit: real breakage. */
    BROKEN,
    /** Not explained yet: a new failure, which may be a break. */
    NEW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FailureKind> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (FailureKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
