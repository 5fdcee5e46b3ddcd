package dev.verdict.core.judgment;

import java.util.Locale;
import java.util.Optional;

/** What a failed execution was judged to be when its upload was processed. */
public enum FailureKind {
    /** Part of an outage: many failures at once for one reason. Evidence for nothing. */
    INFRASTRUCTURE("Part of an outage: many tests failed at once for this reason"),
    /** The test passed on a retry of the same code, or is known flaky. */
    FLAKY("Known flaky, or passed on a retry of the same code"),
    /** The test fails on every run of its branch since a commit: real breakage. */
    BROKEN("Failing on every run of this branch since a commit"),
    /** Not explained yet: a new failure, which may be a break. */
    NEW("A new failure: not explained by flakiness or the infrastructure");

    private final String summary;

    FailureKind(String summary) {
        this.summary = summary;
    }

    /** What the kind means, in words a page can show. */
    public String summary() {
        return summary;
    }

    /**
     * The more telling of two kinds, for a test that failed several times in one run: new, then
     * broken, flaky, infrastructure. A failure from before judgment existed (null) counts as new.
     */
    public static FailureKind worse(FailureKind a, FailureKind b) {
        FailureKind x = orNew(a);
        FailureKind y = orNew(b);
        return x.ordinal() >= y.ordinal() ? x : y;
    }

    /** The kind of a failure, where one from before judgment existed (null) is new. */
    public static FailureKind orNew(FailureKind kind) {
        return kind == null ? NEW : kind;
    }

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
