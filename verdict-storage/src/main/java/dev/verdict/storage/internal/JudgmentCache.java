package dev.verdict.storage.internal;

import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.Streak;
import dev.verdict.core.judgment.TestHealth;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Each suite's judgment state as last committed, so that an upload does not read it all again: the
 * tests with something to say and the open streaks of the branches judged lately. Reading them was
 * most of what judging an upload cost, for a state that the upload before had just written.
 *
 * <p>An entry is valid at one value of the suite's {@code judgment_version}, a random token that
 * every upload that changes the state replaces in its own transaction (never a counter: a commit
 * lost with the database's crash would leave its number to be issued again, and matched). A unit
 * of work reads that one row and uses the entry only when the two agree; otherwise (another server
 * judged the suite, or this process never saw it) it reads the tables and remembers them. After a commit the entry moves to the new
 * version with the upload's own changes applied; a rolled-back upload leaves both as they were.
 * Entries never change once made: readers get copies, which the judge then changes as it goes.
 * Bounded by suites and by the tests and streaks held over all of them.
 */
final class JudgmentCache {
    private static final int MAX_SUITES = 1024;
    /**
     * Tests and streaks kept over all suites (a few hundred bytes each): past it, the suites used
     * least recently go first, and are read from the tables again when next judged.
     */
    private static final int MAX_ENTRIES = 200_000;
    /** Branches whose streaks are kept per suite: the default one and the busiest others. */
    private static final int MAX_BRANCHES = 32;

    /**
     * One suite's state at one version. Null {@code watched}: not read at this version; {@code
     * oldestStreak}: no stored streak's last failure is older (null: not known; {@link
     * Instant#MAX}: none stored).
     */
    private record State(
            long version, Map<UUID, TestHealth> watched, Map<String, Map<UUID, Streak>> streaks, Instant oldestStreak) {
        int size() {
            int size = watched == null ? 0 : watched.size();
            for (Map<UUID, Streak> branch : streaks.values()) {
                size += branch.size();
            }
            return size;
        }
    }

    private final Map<UUID, State> bySuite = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, State> eldest) {
            return size() > MAX_SUITES;
        }
    });

    /** The suite's watched tests at this version, as copies, if known. */
    Optional<Map<UUID, TestHealth>> watched(UUID suite, long version) {
        return watched(at(suite, version));
    }

    /** The suite's watched tests as last known, at whatever version, as copies. */
    Optional<Map<UUID, TestHealth>> watched(UUID suite) {
        return watched(bySuite.get(suite));
    }

    /** A branch's open streaks at this version, as copies, if known. */
    Optional<Map<UUID, Streak>> streaks(UUID suite, long version, String branch) {
        return streaks(at(suite, version), branch);
    }

    /** A branch's open streaks as last known, at whatever version, as copies. */
    Optional<Map<UUID, Streak>> streaks(UUID suite, String branch) {
        return streaks(bySuite.get(suite), branch);
    }

    private State at(UUID suite, long version) {
        State e = bySuite.get(suite);
        return e != null && e.version() == version ? e : null;
    }

    private static Optional<Map<UUID, TestHealth>> watched(State e) {
        return e == null || e.watched() == null
                ? Optional.empty()
                : Optional.of(copies(e.watched(), JudgmentCache::copy));
    }

    private static Optional<Map<UUID, Streak>> streaks(State e, String branch) {
        Map<UUID, Streak> cached = e == null ? null : e.streaks().get(branch);
        return cached == null ? Optional.empty() : Optional.of(copies(cached, JudgmentCache::copy));
    }

    private static <T> Map<UUID, T> copies(Map<UUID, T> state, UnaryOperator<T> copy) {
        Map<UUID, T> copies = new HashMap<>(state.size() * 2);
        state.forEach((id, t) -> copies.put(id, copy.apply(t)));
        return copies;
    }

    /** Remembers watched tests just read at this version. */
    void readWatched(UUID suite, long version, Map<UUID, TestHealth> read) {
        Map<UUID, TestHealth> kept = copies(read, JudgmentCache::copy);
        bySuite.compute(
                suite,
                (id, e) -> e != null && e.version() == version
                        ? new State(version, kept, e.streaks(), e.oldestStreak())
                        : new State(version, kept, Map.of(), null));
        keepWithinBudget();
    }

    /** Remembers a branch's streaks just read at this version. */
    void readStreaks(UUID suite, long version, String branch, Map<UUID, Streak> read) {
        Map<UUID, Streak> kept = copies(read, JudgmentCache::copy);
        bySuite.compute(suite, (id, e) -> {
            boolean current = e != null && e.version() == version;
            Map<String, Map<UUID, Streak>> streaks = new LinkedHashMap<>(current ? e.streaks() : Map.of());
            streaks.remove(branch); // to the end: the eldest branch goes first
            streaks.put(branch, kept);
            trim(streaks);
            return new State(version, current ? e.watched() : null, streaks, current ? e.oldestStreak() : null);
        });
        keepWithinBudget();
    }

    /**
     * An upload that moved the suite from {@code previous} to {@code version} committed these
     * changes: the entry at {@code previous} follows them. Any other entry is dropped and read again
     * when next needed.
     *
     * @param changed tests whose state the upload wrote, as written
     * @param open streaks written, as written; {@code closed} deleted
     */
    void committed(
            UUID suite,
            long previous,
            long version,
            Collection<TestHealth> changed,
            Collection<Streak> open,
            Collection<Streak> closed) {
        bySuite.compute(suite, (id, e) -> {
            if (e == null || e.version() != previous) {
                return null;
            }
            Map<UUID, TestHealth> watched = null;
            if (e.watched() != null) {
                watched = new HashMap<>(e.watched());
                for (TestHealth t : changed) {
                    if (JdbcJudgmentStore.isWatched(t)) {
                        watched.put(t.testId(), copy(t));
                    } else {
                        watched.remove(t.testId());
                    }
                }
            }
            Map<String, Map<UUID, Streak>> streaks = new LinkedHashMap<>();
            e.streaks().forEach((branch, byTest) -> {
                Map<UUID, Streak> next = new HashMap<>(byTest);
                closed.stream().filter(s -> s.branch().equals(branch)).forEach(s -> next.remove(s.testId()));
                open.stream().filter(s -> s.branch().equals(branch)).forEach(s -> next.put(s.testId(), copy(s)));
                streaks.put(branch, next);
            });
            // Closing streaks cannot make the oldest older; the upload's own are of now.
            Instant oldest = e.oldestStreak();
            for (Streak s : open) {
                oldest = oldest == null || !s.lastAt().isBefore(oldest) ? oldest : stored(s.lastAt());
            }
            return new State(version, watched, streaks, oldest);
        });
        keepWithinBudget();
    }

    /** Whether, at this version, no stored streak's last failure is older than {@code before}. */
    boolean noStreakBefore(UUID suite, long version, Instant before) {
        State e = bySuite.get(suite);
        return e != null
                && e.version() == version
                && e.oldestStreak() != null
                && !e.oldestStreak().isBefore(before);
    }

    /** Remembers the oldest last failure of the suite's stored streaks at this version. */
    void readOldestStreak(UUID suite, long version, Instant oldest) {
        bySuite.computeIfPresent(
                suite, (id, e) -> e.version() == version ? new State(version, e.watched(), e.streaks(), oldest) : e);
    }

    private void keepWithinBudget() {
        synchronized (bySuite) {
            int total = 0;
            for (State e : bySuite.values()) {
                total += e.size();
            }
            var eldest = bySuite.values().iterator();
            while (total > MAX_ENTRIES && eldest.hasNext()) {
                total -= eldest.next().size();
                eldest.remove();
            }
        }
    }

    private static void trim(Map<String, Map<UUID, Streak>> streaks) {
        var eldest = streaks.keySet().iterator();
        while (streaks.size() > MAX_BRANCHES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /** A test's state as a read of its row would give it. */
    static TestHealth copy(TestHealth t) {
        return new TestHealth(
                t.testId(),
                t.health(),
                stored(t.since()),
                t.failures(),
                t.executions(),
                stored(t.flakyAt()),
                t.quietExecutions());
    }

    /** A streak as a read of its row would give it. */
    static Streak copy(Streak s) {
        return new Streak(
                s.testId(),
                s.branch(),
                s.startedRun(),
                s.startedCommit(),
                stored(s.startedAt()),
                s.lastRun(),
                stored(s.lastAt()),
                s.runs(),
                s.attempts(),
                s.reason(),
                s.varied(),
                stored(s.brokenAt()));
    }

    /** What the row says, field by field: how a cached state is compared with a read one. */
    static String describe(TestHealth t) {
        return t.testId() + " " + (t.health() == Health.HEALTHY ? null : t.health()) + " " + stored(t.since()) + " "
                + t.failures() + " " + t.executions() + " " + stored(t.flakyAt()) + " " + t.quietExecutions();
    }

    static String describe(Streak s) {
        return s.testId() + " " + s.branch() + " " + s.startedRun() + " " + s.startedCommit() + " "
                + stored(s.startedAt()) + " " + s.lastRun() + " " + stored(s.lastAt()) + " " + s.runs() + " "
                + s.attempts() + " " + s.reason() + " " + s.varied() + " " + stored(s.brokenAt());
    }

    /** Rows keep milliseconds. */
    private static Instant stored(Instant at) {
        return at == null ? null : Instant.ofEpochMilli(at.toEpochMilli());
    }
}
