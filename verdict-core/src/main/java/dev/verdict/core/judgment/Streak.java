package dev.verdict.core.judgment;

import java.time.Instant;
import java.util.UUID;

/** A test failing on a branch since its last pass there: the runs and attempts it failed. */
public final class Streak {
    private final UUID testId;
    private final String branch;
    private final UUID startedRun;
    private final String startedCommit;
    private final Instant startedAt;
    private UUID lastRun;
    private Instant lastAt;
    private int runs;
    private int attempts;
    private Instant brokenAt;

    public Streak(
            UUID testId,
            String branch,
            UUID startedRun,
            String startedCommit,
            Instant startedAt,
            UUID lastRun,
            Instant lastAt,
            int runs,
            int attempts,
            Instant brokenAt) {
        this.testId = testId;
        this.branch = branch;
        this.startedRun = startedRun;
        this.startedCommit = startedCommit;
        this.startedAt = startedAt;
        this.lastRun = lastRun;
        this.lastAt = lastAt;
        this.runs = runs;
        this.attempts = attempts;
        this.brokenAt = brokenAt;
    }

    static Streak start(UUID testId, String branch, UUID run, String commit, Instant now) {
        return new Streak(testId, branch, run, commit, now, run, now, 1, 0, null);
    }

    void failed(UUID run, int failedAttempts, Instant now) {
        if (!run.equals(lastRun)) {
            runs++;
            lastRun = run;
        }
        attempts += failedAttempts;
        lastAt = now;
    }

    void broke(Instant now) {
        brokenAt = now;
    }

    public UUID testId() {
        return testId;
    }

    public String branch() {
        return branch;
    }

    public UUID startedRun() {
        return startedRun;
    }

    public String startedCommit() {
        return startedCommit;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public UUID lastRun() {
        return lastRun;
    }

    public Instant lastAt() {
        return lastAt;
    }

    public int runs() {
        return runs;
    }

    public int attempts() {
        return attempts;
    }

    public Instant brokenAt() {
        return brokenAt;
    }

    public boolean broken() {
        return brokenAt != null;
    }
}
