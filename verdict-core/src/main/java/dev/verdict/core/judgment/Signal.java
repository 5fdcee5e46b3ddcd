package dev.verdict.core.judgment;

import java.util.Locale;

/** A kind of evidence about a test's health. */
public enum Signal {
    /** Failed, then passed on a retry in the same run (a rerun, or another job of the run). */
    RETRY_FLIP("failed and passed in the same run"),
    /** Passed and failed on one commit, in different runs (Buildkite's "passed on retry"). */
    COMMIT_FLIP("passed and failed on the same commit"),
    /** Failed on a branch, then passed on its next run there: a failure nothing fixed. */
    ISOLATED_FAILURE("failed once between passes"),
    /** Failed on consecutive runs of a branch, retries included, too often to be chance. */
    FAILURE_STREAK("failing on every run since"),
    /** A broken streak ended: the test passes on its branch again. */
    FIXED("passing again"),
    /** Quiet long enough after its flaky evidence. */
    RECOVERED("no flaky evidence for long enough");

    private final String summary;

    Signal(String summary) {
        this.summary = summary;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the signal means, in words a page can show. */
    public String summary() {
        return summary;
    }
}
