package dev.verdict.core.judgment;

import java.time.Instant;
import java.util.List;
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
    private final String reason;
    private boolean varied;
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
            String reason,
            boolean varied,
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
        this.reason = reason;
        this.varied = varied;
        this.brokenAt = brokenAt;
    }

    static Streak start(UUID testId, String branch, UUID run, String commit, String reason, Instant now) {
        return new Streak(
                testId, branch, run, commit, now, run, now, 1, 0, FailureReasons.firstLine(reason), false, null);
    }

    void failed(UUID run, int failedAttempts, List<String> reasons, Instant now) {
        for (String r : reasons) {
            varied |= !FailureReasons.firstLine(r).equals(reason);
        }
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

    public String reason() {
        return reason;
    }

    /** Whether its failures gave different reasons: a break tends to fail the same way every time. */
    public boolean varied() {
        return varied;
    }

    public Instant brokenAt() {
        return brokenAt;
    }

    public boolean broken() {
        return brokenAt != null;
    }
}
