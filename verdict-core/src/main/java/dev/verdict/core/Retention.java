package dev.verdict.core;

import java.time.Duration;
import java.time.Instant;

/**
 * How long Verdict keeps what it is sent. Runs, their uploads and executions go after {@code data}
 * (by the run's creation: a run older than that answers 404 at once, whether or not its rows are
 * gone yet); what long-range metrics read, the hour and day rollups, and the history beside them
 * (flaky events, state changes, workflow events, test-plan history) go after {@code rollups}, so a
 * test's trend over a year still answers after its executions went.
 */
public record Retention(Duration data, Duration rollups) {
    public static final Retention DEFAULT = new Retention(Duration.ofDays(180), Duration.ofDays(730));

    /** Rollups are what outlives executions; shorter than a day would expire hours not rolled up. */
    public Retention {
        if (data.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("--retention must be a day or more, not " + days(data));
        }
        if (rollups.compareTo(data) < 0) {
            throw new IllegalArgumentException(
                    "--rollup-retention (" + days(rollups) + ") must be at least --retention (" + days(data)
                            + "): rollups are what long-range metrics read once executions are gone");
        }
    }

    private static String days(Duration d) {
        return d.toDays() > 0 ? d.toDays() + "d" : d.toHours() + "h";
    }

    /** Runs, uploads and executions created before this are expired. */
    public Instant dataCutoff(Instant now) {
        return now.minus(data);
    }

    /** Rollups and history from before this are expired. */
    public Instant rollupCutoff(Instant now) {
        return now.minus(rollups);
    }
}
