package dev.verdict.core.judgment;

import dev.verdict.core.Ids;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.pipeline.Batch;
import dev.verdict.core.pipeline.NewExecution;
import dev.verdict.core.pipeline.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The pipeline step that judges an upload's tests as it is processed: which failures were the
 * infrastructure, which tests are flaky, which are broken, and why. The rules, in order:
 *
 * <ol>
 *   <li>{@link InfrastructureGuard}: an outage's failures are marked and are evidence for nothing.
 *   <li>A flip (failed and passed in one run, or on one commit across runs) is flaky, at once.
 *   <li>Failing on consecutive runs of a branch, with no pass between, is a {@link Streak}; once it
 *       is longer than chance allows for the test's failure rate ({@link Flakiness#streakIsBroken})
 *       the test is broken, never flaky, from the run and commit the streak started on.
 *   <li>A streak a pass ends before it is broken was failures nothing fixed: evidence of
 *       flakiness, weighed by {@link Flakiness#score} (full weight on the default branch, less on
 *       others, where a pass may be the author's fix).
 *   <li>Flaky recovers after Buildkite's quiet period, or enough quiet executions with a low
 *       score; broken ends when the test passes on its branch again, or its branch has had no run
 *       for {@link #STALE_AFTER}.
 * </ol>
 */
public final class Judge implements Step {
    /** A broken streak on a branch without runs for this long is closed. */
    public static final java.time.Duration STALE_AFTER = java.time.Duration.ofDays(7);

    /**
     * A broken streak's row is rewritten at most this often: once broken, its counts no longer
     * decide anything, and its last failure only needs to be known well enough for {@link
     * #STALE_AFTER}. A suite with hundreds of broken tests then writes no streaks per upload.
     */
    static final java.time.Duration REFRESH = java.time.Duration.ofHours(1);

    /** What one upload shows of one test, infrastructure failures aside. */
    private static final class Seen {
        int passed;
        int failed;
        UUID firstFailed;
        UUID firstPassed;
        /** The failures' reasons, as sent; most tests have none. */
        List<String> reasons = List.of();

        void add(NewExecution e, boolean failure) {
            if (failure) {
                failed++;
                if (reasons.isEmpty()) {
                    reasons = new ArrayList<>(1);
                }
                reasons.add(e.result().failureReason());
                if (firstFailed == null) {
                    firstFailed = e.id();
                }
            } else {
                passed++;
                if (firstPassed == null) {
                    firstPassed = e.id();
                }
            }
        }
    }

    /**
     * Judges before the executions are written, so each failure's kind is written with its row.
     * Where other workers judge the suite at once, this is a provisional judgment: a guess from
     * the upload, its run and the suite's state as last known, reading no other upload's
     * executions and writing nothing; {@link #CONFIRM} makes the real one.
     */
    @Override
    public void apply(Batch batch) {
        JudgmentStore store = batch.work().judgment();
        boolean decisive = batch.work().exclusive();
        Judgment judgment =
                new Judgment(store, batch.work().now(), batch.upload().runId(), decisive);
        batch.failureKinds(judgment.judge(batch.executions()));
        if (decisive) {
            batch.judged(judgment.judged);
        }
    }

    /**
     * The step after the write, where other writers may judge the same suite at once (PostgreSQL):
     * under the suite's lock, with what they committed in sight, the judgment is made again and
     * written, and the few failures whose kind it changed are corrected. Where this unit of work
     * excludes every other writer (SQLite) the judgment before the write was already final.
     */
    public static final Step CONFIRM = batch -> {
        if (batch.work().exclusive()) {
            return;
        }
        JudgmentStore store = batch.work().judgment();
        Judgment judgment =
                new Judgment(store, batch.work().now(), batch.upload().runId(), true);
        Map<UUID, FailureKind> kinds = judgment.judge(batch.executions());
        batch.judged(judgment.judged);
        Map<UUID, FailureKind> changed = new HashMap<>();
        kinds.forEach((execution, kind) -> {
            if (batch.failureKinds().get(execution) != kind) {
                changed.put(execution, kind);
            }
        });
        if (!changed.isEmpty()) {
            store.correctFailureKinds(changed);
        }
    };

    /** One upload's judgment: everything it reads, decides and writes. */
    private static final class Judgment {
        private final JudgmentStore store;
        private final Instant now;
        private final UUID runId;
        private RunContext run;
        private final Map<UUID, FailureKind> kinds = new HashMap<>();
        /** The upload's failed executions, outages' included. */
        private final List<NewExecution> failures = new ArrayList<>();

        private final Map<UUID, TestHealth> changed = new LinkedHashMap<>();
        private final List<Streak> open = new ArrayList<>();
        private final List<Streak> closed = new ArrayList<>();
        private final List<Evidence> evidence = new ArrayList<>();
        private final Set<UUID> alarmed = new HashSet<>();
        private final Map<UUID, Health> before = new HashMap<>();
        /** Failures of other uploads whose kind this one changes. */
        private final Map<UUID, FailureKind> relabelled = new HashMap<>();
        /** Tests whose failures in earlier uploads of this run turned out to be this outage's. */
        private final Set<UUID> outageVictims = new HashSet<>();

        private Set<UUID> flipped = Set.of();
        /** What the decisive judgment found, once written. */
        private Judged judged = Judged.NONE;

        private Map<UUID, TestHealth> watched;
        /** Whether this judgment is the one that counts: locked, and written. */
        private final boolean decisive;

        Judgment(JudgmentStore store, Instant now, UUID runId, boolean decisive) {
            this.store = store;
            this.now = now;
            this.runId = runId;
            this.decisive = decisive;
        }

        /** Judges the upload, writes what it found, and returns each failure's kind by execution. */
        Map<UUID, FailureKind> judge(List<NewExecution> executions) {
            if (decisive) {
                store.lockSuite();
            }
            run = store.run();
            Map<UUID, Seen> seen = guard(executions);
            watched = store.watched();
            Map<UUID, Streak> streaks = store.streaks(run.branch());
            Map<UUID, Signal> flips = flips(seen);
            Set<UUID> flippedBefore = flips.isEmpty() ? Set.of() : store.flippedBefore(flips.keySet(), commitKey());
            flipped = flips.keySet();
            dropOutageStreaks(streaks);
            Map<UUID, Double> flakyFailures = new HashMap<>();
            Set<UUID> maybeFixed = new HashSet<>();
            for (Map.Entry<UUID, Seen> entry : seen.entrySet()) {
                UUID test = entry.getKey();
                Seen s = entry.getValue();
                Streak streak = streaks.get(test);
                Signal flip = flips.get(test);
                if (flip != null) {
                    // A commit's flip counts once, however many of its uploads show it again.
                    if (!flippedBefore.contains(test)) {
                        flakyFailures.merge(test, 1.0, Double::sum);
                        addEvidence(test, flip, s.firstFailed != null ? s.firstFailed : s.firstPassed, flip.summary());
                    }
                    if (streak != null) {
                        streaks.remove(test);
                        closed.add(streak);
                        maybeFixed.add(test);
                    }
                } else if (s.failed > 0) {
                    if (streak == null) {
                        streak = Streak.start(test, run.branch(), runId, run.commitSha(), s.reasons.getFirst(), now);
                        streaks.put(test, streak);
                    }
                    boolean settled = streak.broken() && streak.lastAt().isAfter(now.minus(REFRESH));
                    streak.failed(runId, s.failed, s.reasons, now);
                    TestHealth h = health(test);
                    if (!streak.broken()
                            && Flakiness.streakIsBroken(
                                    streak.runs(), streak.attempts(), h.streakRate(streak.varied()), h.weighed())) {
                        streak.broke(now);
                        addEvidence(
                                test,
                                Signal.FAILURE_STREAK,
                                s.firstFailed,
                                "failing on " + branchName() + " in " + streak.runs() + " runs (" + streak.attempts()
                                        + " attempts) since commit " + shortCommit(streak.startedCommit()));
                    }
                    if (!settled) {
                        open.add(streak);
                    }
                } else if (streak != null) {
                    streaks.remove(test);
                    closed.add(streak);
                    if (streak.broken()) {
                        maybeFixed.add(test);
                        addEvidence(test, Signal.FIXED, s.firstPassed, "passing on " + branchName() + " again");
                    } else {
                        boolean defaultBranch = run.branch().equals(run.defaultBranch());
                        double weight = defaultBranch ? Flakiness.DEFAULT_BRANCH_WEIGHT : Flakiness.OTHER_BRANCH_WEIGHT;
                        flakyFailures.merge(test, weight * streak.runs(), Double::sum);
                        addEvidence(
                                test,
                                Signal.ISOLATED_FAILURE,
                                s.firstPassed,
                                "failed in " + streak.runs() + (streak.runs() == 1 ? " run" : " runs") + " on "
                                        + branchName() + " since commit " + shortCommit(streak.startedCommit())
                                        + ", then passed");
                    }
                }
            }
            weigh(seen, flakyFailures, flips.keySet());
            expireStreaks(maybeFixed);
            settleHealth(seen.keySet(), streaks, maybeFixed);
            recover(flakyFailures.keySet());
            Map<UUID, FailureKind> byTest = new HashMap<>();
            seen.forEach((test, s) -> {
                if (s.failed > 0) {
                    byTest.put(test, kindOfFailures(test, streaks.get(test), flips.containsKey(test)));
                }
            });
            kinds(byTest);
            if (decisive) {
                write(flakyFailures.keySet());
            }
            return kinds;
        }

        /** Marks the outage's failures, and returns what is left of each test. */
        private Map<UUID, Seen> guard(List<NewExecution> executions) {
            // One pass over the upload makes what the judge reads of each test; an outage, rare,
            // makes it again without the outage's failures.
            Map<UUID, Seen> seen = seen(executions, Set.of(), Map.of());
            int failing = 0;
            for (Seen s : seen.values()) {
                failing += s.failed > 0 ? 1 : 0;
            }
            // Tests count whatever their results: one only skipped in this upload is one of its tests.
            Set<UUID> neither = new HashSet<>();
            for (NewExecution e : executions) {
                if (!seen.containsKey(e.testId())) {
                    neither.add(e.testId());
                }
            }
            int tests = seen.size() + neither.size();
            // Reasons are normalized only when there may be an outage at all, and once each.
            if (!InfrastructureGuard.possible(failing, tests, run.infrastructureReason())) {
                return seen;
            }
            Map<UUID, String> reasons = new HashMap<>();
            Map<String, String> normalized = new HashMap<>();
            // Shares are of tests, not executions: reruns in the upload must not dilute an outage.
            Map<String, Set<UUID>> testsByReason = new HashMap<>();
            List<String> byTest = new ArrayList<>();
            for (NewExecution e : failures) {
                String reason = normalized.computeIfAbsent(e.result().failureReason(), FailureReasons::normalize);
                reasons.put(e.id(), reason);
                if (testsByReason.computeIfAbsent(reason, r -> new HashSet<>()).add(e.testId())) {
                    byTest.add(reason);
                }
            }
            Set<String> outage = InfrastructureGuard.outageReasons(byTest, tests, run.infrastructureReason());
            if (outage.isEmpty()) {
                return seen;
            }
            // Uploads of this run judged before this one could not see the outage: their failures
            // for its reason are its too.
            for (JudgmentStore.RunFailure f : store.runFailures()) {
                if (f.kind() != FailureKind.INFRASTRUCTURE
                        && outage.contains(FailureReasons.normalize(f.failureReason()))) {
                    relabelled.put(f.executionId(), FailureKind.INFRASTRUCTURE);
                    outageVictims.add(f.testId());
                }
            }
            if (decisive && run.infrastructureReason() == null) {
                InfrastructureGuard.remembered(outage, reasons.values()).ifPresent(store::rememberOutage);
            }
            return seen(executions, outage, reasons);
        }

        /**
         * What the upload shows of each test that passed or failed; failures whose reason is one
         * of the {@code outage}'s are marked infrastructure instead, and are left out.
         */
        private Map<UUID, Seen> seen(List<NewExecution> executions, Set<String> outage, Map<UUID, String> reasons) {
            failures.clear();
            Map<UUID, Seen> seen = new LinkedHashMap<>(executions.size() * 2);
            for (NewExecution e : executions) {
                Result result = e.result().result();
                if (result == Result.FAILED) {
                    failures.add(e);
                }
                if (result == Result.FAILED && !outage.isEmpty() && outage.contains(reasons.get(e.id()))) {
                    kinds.put(e.id(), FailureKind.INFRASTRUCTURE);
                } else if (result == Result.FAILED || result == Result.PASSED) {
                    seen.computeIfAbsent(e.testId(), id -> new Seen()).add(e, result == Result.FAILED);
                }
            }
            return seen;
        }

        /** Tests that passed and failed in this run, or on this commit. */
        private Map<UUID, Signal> flips(Map<UUID, Seen> seen) {
            Map<UUID, Signal> flips = new HashMap<>();
            List<UUID> failedNow = new ArrayList<>();
            boolean anyPassed = false;
            for (Map.Entry<UUID, Seen> entry : seen.entrySet()) {
                Seen s = entry.getValue();
                if (s.failed > 0 && s.passed > 0) {
                    flips.put(entry.getKey(), Signal.RETRY_FLIP);
                } else if (s.failed > 0) {
                    failedNow.add(entry.getKey());
                } else {
                    anyPassed = true;
                }
            }
            if (failedNow.isEmpty() && !anyPassed) {
                return flips;
            }
            // A provisional judgment guesses from this upload alone; the one under the lock looks.
            List<UUID> runs = decisive ? store.judgedRuns(run.commitSha()) : List.of();
            if (runs.isEmpty()) {
                return flips;
            }
            Map<UUID, Set<UUID>> passes = failedNow.isEmpty() ? Map.of() : store.passesIn(runs, failedNow);
            Map<UUID, List<JudgmentStore.Failure>> failures = anyPassed ? store.failuresIn(runs) : Map.of();
            for (Map.Entry<UUID, Seen> entry : seen.entrySet()) {
                UUID test = entry.getKey();
                if (flips.containsKey(test)) {
                    continue;
                }
                Set<UUID> other = new HashSet<>();
                if (entry.getValue().failed > 0) {
                    other.addAll(passes.getOrDefault(test, Set.of()));
                } else {
                    // The failures this pass flips were judged before it: they read flaky now.
                    for (JudgmentStore.Failure f : failures.getOrDefault(test, List.of())) {
                        if (relabelled.get(f.executionId()) == FailureKind.INFRASTRUCTURE) {
                            continue;
                        }
                        other.add(f.runId());
                        if (f.kind() != FailureKind.FLAKY) {
                            relabelled.put(f.executionId(), FailureKind.FLAKY);
                        }
                    }
                }
                if (other.contains(runId)) {
                    flips.put(test, Signal.RETRY_FLIP);
                } else if (!other.isEmpty()) {
                    flips.put(test, Signal.COMMIT_FLIP);
                }
            }
            return flips;
        }

        /** Counts this upload's executions into every weighed test, and its flaky evidence into the score. */
        private void weigh(Map<UUID, Seen> seen, Map<UUID, Double> flakyFailures, Set<UUID> definitive) {
            Set<UUID> fresh = new HashSet<>();
            flakyFailures.keySet().stream().filter(t -> !health(t).weighed()).forEach(fresh::add);
            // A test weighed for the first time starts from its recent history, and this upload.
            Map<UUID, Long> history = fresh.isEmpty() || !decisive ? Map.of() : store.recentExecutions(fresh);
            for (UUID test : fresh) {
                Seen s = seen.get(test);
                changed(test).weigh(history.getOrDefault(test, 0L) + s.passed + s.failed);
            }
            // Every weighed test is watched; only those that ran here count executions.
            for (TestHealth h : watched.values()) {
                Seen s = seen.get(h.testId());
                if (s != null && h.weighed() && !fresh.contains(h.testId())) {
                    changed(h.testId()).executed(s.passed + s.failed);
                }
            }
            flakyFailures.forEach((test, weight) -> {
                TestHealth h = changed(test);
                h.flakyEvidence(weight, now);
                if (definitive.contains(test)
                        || (h.flakyScore() >= Flakiness.ALARM && h.executions() >= Flakiness.MIN_SAMPLE)) {
                    alarmed.add(test);
                }
            });
        }

        /**
         * Whether a test is flaky once this upload is weighed: alarmed now, or flaky before (or
         * broken with flaky evidence still fresh, when the break is over).
         */
        private boolean flaky(UUID test) {
            TestHealth h = health(test);
            return alarmed.contains(test)
                    || h.health() == Health.FLAKY
                    || (h.health() == Health.BROKEN
                            && h.flakyAt() != null
                            && h.weighed()
                            && h.flakyScore() >= Flakiness.RECOVER
                            && !Flakiness.quiet(h.flakyAt(), h.quietExecutions(), now));
        }

        /** Broken streaks on branches that have had no run for long: closed, their tests fixed as far as anyone knows. */
        private void expireStreaks(Set<UUID> maybeFixed) {
            if (!decisive) {
                return;
            }
            for (Streak streak : store.staleStreaks(now.minus(STALE_AFTER))) {
                if (streak.branch().equals(run.branch())) {
                    continue; // this branch has a run now
                }
                closed.add(streak);
                if (streak.broken()) {
                    maybeFixed.add(streak.testId());
                }
            }
        }

        /**
         * Each touched test's health from its streaks and flaky state; broken wins, so broken is
         * never flaky. Written as small methods of plain loops: as one method with a stream in its
         * loop, the JIT compiled it four times over, for seconds each, on a short busy run.
         */
        private void settleHealth(Set<UUID> touched, Map<UUID, Streak> streaks, Set<UUID> maybeFixed) {
            Map<UUID, Set<String>> brokenBranches =
                    maybeFixed.isEmpty() || !decisive ? Map.of() : store.brokenBranches(maybeFixed);
            // Streaks closed by this upload are still stored until it writes.
            Map<UUID, Set<String>> closedHere = new HashMap<>();
            for (Streak c : closed) {
                closedHere.computeIfAbsent(c.testId(), t -> new HashSet<>()).add(c.branch());
            }
            // Only tests with something to say can change: a healthy test with no streak stays so.
            Set<UUID> tests = new HashSet<>(maybeFixed);
            addTouched(tests, watched.keySet(), touched);
            addTouched(tests, streaks.keySet(), touched);
            addTouched(tests, changed.keySet(), touched);
            addTouched(tests, alarmed, touched);
            for (UUID test : tests) {
                Health was = health(test).health();
                boolean broken = brokenStill(was, streaks.get(test), maybeFixed.contains(test))
                        || brokenElsewhere(brokenBranches.get(test), closedHere.get(test));
                Health next = broken ? Health.BROKEN : flaky(test) ? Health.FLAKY : Health.HEALTHY;
                if (next != was) {
                    changed(test).become(next, now);
                }
            }
        }

        private static void addTouched(Set<UUID> tests, Set<UUID> saying, Set<UUID> touched) {
            for (UUID test : saying) {
                if (touched.contains(test)) {
                    tests.add(test);
                }
            }
        }

        /** Broken on this branch now, or before and not maybe fixed by this upload. */
        private static boolean brokenStill(Health was, Streak streak, boolean maybeFixed) {
            return (streak != null && streak.broken()) || (was == Health.BROKEN && !maybeFixed);
        }

        /** Broken on another branch whose streak this upload did not close. */
        private boolean brokenElsewhere(Set<String> brokenOn, Set<String> closedHere) {
            if (brokenOn == null) {
                return false;
            }
            for (String branch : brokenOn) {
                if (!branch.equals(run.branch()) && (closedHere == null || !closedHere.contains(branch))) {
                    return true;
                }
            }
            return false;
        }

        /** Flaky tests quiet for long enough recover; weighed tests with nothing left to say are forgotten. */
        private void recover(Set<UUID> withEvidence) {
            for (TestHealth stored : watched.values()) {
                UUID test = stored.testId();
                TestHealth h = health(test);
                if (withEvidence.contains(test) || !h.weighed() || h.flakyAt() == null) {
                    continue;
                }
                boolean quiet = Flakiness.quiet(h.flakyAt(), h.quietExecutions(), now);
                boolean longAgo = !now.isBefore(h.flakyAt().plus(Flakiness.QUIET_PERIOD));
                if (quiet && (longAgo || h.flakyScore() < Flakiness.RECOVER)) {
                    TestHealth c = changed(test);
                    if (c.health() == Health.FLAKY) {
                        c.become(Health.HEALTHY, now);
                        addEvidence(
                                test,
                                Signal.RECOVERED,
                                null,
                                "no flaky evidence in " + c.quietExecutions() + " executions since " + c.flakyAt());
                    }
                    c.forget();
                }
            }
        }

        private FailureKind kindOfFailures(UUID test, Streak streak, boolean flipped) {
            if (streak != null && streak.broken()) {
                return FailureKind.BROKEN;
            }
            return flipped || health(test).health() == Health.FLAKY ? FailureKind.FLAKY : FailureKind.NEW;
        }

        private void kinds(Map<UUID, FailureKind> byTest) {
            for (NewExecution e : failures) {
                FailureKind kind = byTest.get(e.testId());
                if (kind != null && !kinds.containsKey(e.id())) {
                    kinds.put(e.id(), kind);
                }
            }
        }

        private void write(Set<UUID> flakyEvidence) {
            if (!relabelled.isEmpty()) {
                store.correctFailureKinds(relabelled);
            }
            if (!open.isEmpty() || !closed.isEmpty()) {
                store.saveStreaks(open, closed);
            }
            if (!changed.isEmpty()) {
                store.saveHealth(changed.values());
            }
            if (!evidence.isEmpty()) {
                // Each piece says the health it led to: the test's, once the whole upload is weighed.
                store.addEvidence(evidence.stream()
                        .map(e -> new Evidence(
                                e.id(),
                                e.testId(),
                                e.signal(),
                                health(e.testId()).health(),
                                e.branch(),
                                e.commitSha(),
                                e.runId(),
                                e.executionId(),
                                e.detail(),
                                e.at()))
                        .toList());
            }
            // A flip seen again is no new evidence, but it is the legacy API's latest occurrence.
            Set<UUID> evidenced = new HashSet<>(flakyEvidence);
            evidenced.addAll(flipped);
            List<UUID> events = evidenced.stream()
                    .filter(t -> health(t).health() == Health.FLAKY)
                    .toList();
            if (!events.isEmpty()) {
                store.flakyEvents(events, commitKey(), run.branch().isEmpty() ? null : run.branch(), now);
            }
            // Labels follow from workflows (dev.verdict.core.workflows), which read what changed.
            Map<UUID, Health> was = new HashMap<>();
            Map<UUID, Health> is = new HashMap<>();
            before.forEach((test, then) -> {
                Health after = health(test).health();
                if (after != then) {
                    was.put(test, then);
                    is.put(test, after);
                }
            });
            judged = new Judged(
                    was,
                    is,
                    flipped,
                    new HashSet<>(events),
                    kinds,
                    test -> health(test).flakyScore());
        }

        private TestHealth health(UUID test) {
            TestHealth h = changed.get(test);
            if (h != null) {
                return h;
            }
            h = watched.get(test);
            return h != null ? h : TestHealth.healthy(test);
        }

        /** The test's state, to change: written back at the end. */
        private TestHealth changed(UUID test) {
            return changed.computeIfAbsent(test, t -> {
                TestHealth h = watched.get(t);
                TestHealth state = h != null ? h : TestHealth.healthy(t);
                before.put(t, state.health());
                return state;
            });
        }

        private void addEvidence(UUID test, Signal signal, UUID execution, String detail) {
            // The health it led to is filled in once the whole upload is weighed (write).
            evidence.add(new Evidence(
                    Ids.uuid7(now.toEpochMilli()),
                    test,
                    signal,
                    null,
                    run.branch(),
                    run.commitSha(),
                    runId,
                    execution,
                    detail,
                    now));
        }

        /** The key flaky events are recorded under: the commit, or the run when it has none. */
        private String commitKey() {
            return run.commitSha() == null ? "run:" + runId : run.commitSha();
        }

        /**
         * Streaks that earlier uploads of this run started with what turned out to be this
         * outage's failures: they were evidence for nothing, so they go.
         */
        private void dropOutageStreaks(Map<UUID, Streak> streaks) {
            for (UUID test : outageVictims) {
                Streak streak = streaks.get(test);
                if (streak != null && streak.startedRun().equals(runId) && streak.runs() == 1) {
                    streaks.remove(test);
                    closed.add(streak);
                }
            }
        }

        private String branchName() {
            return run.branch().isEmpty() ? "runs without a branch" : run.branch();
        }

        private static String shortCommit(String sha) {
            return sha == null ? "(none)" : sha.substring(0, Math.min(12, sha.length()));
        }
    }
}
