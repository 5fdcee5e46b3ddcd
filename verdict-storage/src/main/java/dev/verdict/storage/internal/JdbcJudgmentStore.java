package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.JudgmentStore;
import dev.verdict.core.judgment.RunContext;
import dev.verdict.core.judgment.Streak;
import dev.verdict.core.judgment.TestHealth;
import dev.verdict.core.pipeline.ClaimedUpload;
import dev.verdict.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The judge's reads and writes, in the upload's transaction. Reads go through the (run, result,
 * test) index of executions, the runs' commit and time indexes, the partial index of watched tests
 * and the streaks' (suite, branch) index; nothing scans a suite's executions.
 */
final class JdbcJudgmentStore implements JudgmentStore {
    private static final int CHUNK = 500;
    /** Failures of a commit's runs compared at most: an outage's are marked and filtered, but still read. */
    private static final int MAX_FAILURES = 20_000;

    /**
     * A column the judgment writes: its name, its PostgreSQL type and its value in a row. Each
     * table's rows are described once; SQLite binds them a row at a time, PostgreSQL a column at a
     * time, as an array.
     */
    private record Column<T>(String name, String type, Function<T, ?> value) {
        Class<?> javaType() {
            return switch (type) {
                case "bigint" -> Long.class;
                case "integer" -> Integer.class;
                case "boolean" -> Boolean.class;
                case "float8" -> Double.class;
                default -> String.class; // uuid and text, sent as text
            };
        }
    }

    private static final List<Column<Streak>> STREAK_ROW = List.of(
            new Column<>("test_id", "uuid", st -> st.testId().toString()),
            new Column<>("branch", "text", Streak::branch),
            new Column<>("started_run_id", "uuid", st -> st.startedRun().toString()),
            new Column<>("started_commit", "text", Streak::startedCommit),
            new Column<>("started_at", "bigint", st -> st.startedAt().toEpochMilli()),
            new Column<>("last_run_id", "uuid", st -> st.lastRun().toString()),
            new Column<>("last_at", "bigint", st -> st.lastAt().toEpochMilli()),
            new Column<>("runs", "integer", Streak::runs),
            new Column<>("attempts", "integer", Streak::attempts),
            new Column<>("reason", "text", Streak::reason),
            new Column<>("varied", "boolean", Streak::varied),
            new Column<>("broken_at", "bigint", st -> millis(st.brokenAt())));

    private static final String STREAK_COLUMNS = names(STREAK_ROW);

    /** A test's judgment state, rewritten whole. */
    private static final List<Column<TestHealth>> HEALTH_ROW = List.of(
            new Column<>("id", "uuid", t -> t.testId().toString()),
            new Column<>("health", "text", JdbcJudgmentStore::stored),
            new Column<>("health_since", "bigint", t -> millis(t.since())),
            new Column<>("score_failures", "float8", TestHealth::failures),
            new Column<>("score_executions", "bigint", TestHealth::executions),
            new Column<>("flaky_at", "bigint", t -> millis(t.flakyAt())),
            new Column<>("flaky_executions", "bigint", TestHealth::quietExecutions),
            new Column<>("flaky_resolved_at", "bigint", t -> millis(t.recoveredAt())));

    private static final List<Column<Evidence>> EVIDENCE_ROW = List.of(
            new Column<>("id", "uuid", e -> e.id().toString()),
            new Column<>("test_id", "uuid", e -> e.testId().toString()),
            new Column<>("signal", "text", e -> e.signal().wireName()),
            new Column<>("health", "text", e -> e.health().wireName()),
            new Column<>("branch", "text", Evidence::branch),
            new Column<>("commit_sha", "text", Evidence::commitSha),
            new Column<>(
                    "run_id", "uuid", e -> e.runId() == null ? null : e.runId().toString()),
            new Column<>(
                    "execution_id",
                    "uuid",
                    e -> e.executionId() == null ? null : e.executionId().toString()),
            new Column<>("detail", "text", Evidence::detail),
            new Column<>("created_at", "bigint", e -> e.at().toEpochMilli()));

    /** The tests {@link #watched} reads; {@link #isWatched} is the same rule for a state in memory. */
    private static final String WATCHED = "(score_failures > 0 OR health IS NOT NULL)";

    /**
     * Set (to anything) to check every state the cache gives against the tables: the test suite
     * runs with it, so a change the cache does not follow fails there rather than going unseen.
     */
    static final boolean VERIFY_CACHE = System.getProperty("verdict.judgment.verify-cache") != null;

    private final Handle h;
    private final Dialect dialect;
    private final ClaimedUpload upload;
    private final String suite;
    private final long now;
    private final JudgmentCache cache;
    private final Consumer<Runnable> afterCommit;
    /** The suite's judgment version before this upload, known once its lock is held. */
    private long lockedVersion;

    /**
     * Whether this transaction holds the suite's lock: before it, on PostgreSQL, another worker may
     * commit between reading the version and reading the state, so the two are only compared under it.
     */
    private boolean locked;

    private long nextVersion;

    /**
     * The suite's version when this unit locked it, and the one it moves it to on its commit
     * (other per-suite caches, such as workflows', are valid at them too); empty when unlocked.
     */
    java.util.Optional<long[]> versions() {
        return locked ? java.util.Optional.of(new long[] {lockedVersion, nextVersion}) : java.util.Optional.empty();
    }

    /** The judged runs read with the run under the lock, and the commit they are of. */
    private Map.Entry<Optional<String>, List<UUID>> judgedWithRun;

    /** Where runs' executions lie, by the runs: the judgment reads the same runs more than once. */
    private final Map<List<UUID>, RunExecutions> runExecutions = new HashMap<>();

    /*
     * What the judgment writes, held to the end of the upload (flush); the first three are also
     * what the cache follows once the upload commits.
     */
    private final List<TestHealth> written = new ArrayList<>();
    private final List<Streak> opened = new ArrayList<>();
    private final List<Streak> closedHere = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private FlakyEvents events;
    private final Map<UUID, FailureKind> kinds = new LinkedHashMap<>();

    JdbcJudgmentStore(
            Handle h,
            Dialect dialect,
            ClaimedUpload upload,
            Instant now,
            JudgmentCache cache,
            Consumer<Runnable> afterCommit) {
        this.h = h;
        this.dialect = dialect;
        this.upload = upload;
        this.suite = upload.suiteId().toString();
        this.now = now.toEpochMilli();
        this.cache = cache;
        this.afterCommit = afterCommit;
    }

    static boolean isWatched(TestHealth t) {
        return t.failures() > 0 || t.health() != Health.HEALTHY;
    }

    @Override
    public void lockSuite() {
        if (locked) {
            return; // held to the commit
        }
        // One statement locks the suite's judgment (its row, to the commit: a second worker waits
        // here, then reads what the first committed) and moves its version on to a fresh token,
        // returning the one before (SET reads the row as it was). The cache's state at that
        // version follows this upload's changes once it commits.
        long next = ThreadLocalRandom.current().nextLong();
        nextVersion = next;
        lockedVersion = h.createQuery("UPDATE suites SET judgment_previous = judgment_version,"
                        + " judgment_version = :next WHERE id = :suite RETURNING judgment_previous")
                .bind("next", next)
                .bind("suite", suite)
                .mapTo(Long.class)
                .one();
        locked = true;
        long previous = lockedVersion;
        afterCommit.accept(() -> cache.committed(upload.suiteId(), previous, next, written, opened, closedHere));
    }

    @Override
    public RunContext run() {
        // Under the lock on PostgreSQL, the runs judgedRuns asks for next come in the same round
        // trip: on a busy server each is milliseconds, and every other worker of the suite waits.
        boolean withJudged = locked && dialect == Dialect.POSTGRESQL;
        String judged = withJudged
                ? ", CASE WHEN r.commit_sha IS NULL THEN ARRAY(" + judgedRunsWhere("j.id = r.id") + ") ELSE ARRAY("
                        + judgedRunsWhere("j.suite_id = r.suite_id AND j.commit_sha = r.commit_sha")
                        + ") END AS judged"
                : "";
        var query = h.createQuery("SELECT r.branch, r.commit_sha, r.infrastructure_reason, r.created_at, r.updated_at,"
                        + " s.default_branch" + judged + " FROM runs r JOIN suites s ON s.id = r.suite_id"
                        + " WHERE r.id = :run")
                .bind("run", upload.runId().toString());
        if (withJudged) {
            query.bind("upload", upload.id().toString());
        }
        return query.map((rs, ctx) -> {
                    RunContext run = new RunContext(
                            upload.runId(),
                            rs.getString("branch") == null ? "" : rs.getString("branch"),
                            rs.getString("commit_sha"),
                            rs.getString("default_branch"),
                            rs.getString("infrastructure_reason"));
                    // Where this run's executions lie, known now: the run alone is asked of later.
                    runExecutions.put(
                            List.of(upload.runId()),
                            RunExecutions.between(dialect, rs.getLong("created_at"), rs.getLong("updated_at")));
                    if (withJudged) {
                        List<UUID> runs = new ArrayList<>();
                        for (Object id : (Object[]) rs.getArray("judged").getArray()) {
                            runs.add(UUID.fromString(id.toString()));
                        }
                        judgedWithRun = Map.entry(Optional.ofNullable(run.commitSha()), runs);
                    }
                    return run;
                })
                .one();
    }

    @Override
    public List<UUID> judgedRuns(String commitSha) {
        if (judgedWithRun != null && judgedWithRun.getKey().equals(Optional.ofNullable(commitSha))) {
            return judgedWithRun.getValue();
        }
        var query = h.createQuery(judgedRunsWhere(
                        commitSha == null ? "j.id = :run" : "j.suite_id = :suite AND j.commit_sha = :commit"))
                .bind("upload", upload.id().toString());
        if (commitSha == null) {
            query.bind("run", upload.runId().toString());
        } else {
            query.bind("suite", suite).bind("commit", commitSha);
        }
        return query.map((rs, ctx) -> Rows.uuid(rs, "id")).list();
    }

    /**
     * The runs {@code j} meeting {@code where} with another processed upload. A run has results of
     * other uploads exactly when one of them was processed: asked of the uploads' run index, that
     * costs nothing for a new build, where the executions' index would be probed once per test.
     */
    private static String judgedRunsWhere(String where) {
        return "SELECT j.id FROM runs j WHERE " + where + " AND EXISTS (SELECT 1 FROM uploads u WHERE u.run_id = j.id"
                + " AND u.state = 'processed' AND u.id <> :upload) ORDER BY j.id DESC LIMIT " + MAX_COMMIT_RUNS;
    }

    @Override
    public Map<UUID, List<Failure>> failuresIn(List<UUID> runs) {
        Map<UUID, List<Failure>> found = new HashMap<>();
        RunExecutions of = executionsOf(runs);
        of.bind(h.createQuery("SELECT id, test_id, run_id, failure_kind FROM executions e WHERE run_id IN (<runs>)"
                        + " AND result = 'failed' AND upload_id <> :upload"
                        + " AND (failure_kind IS NULL OR failure_kind <> :infrastructure)" + of.within("e")
                        + " LIMIT " + MAX_FAILURES))
                .bindList("runs", ids(runs))
                .bind("upload", upload.id().toString())
                .bind("infrastructure", FailureKind.INFRASTRUCTURE.wireName())
                .map((rs, ctx) -> Map.entry(
                        Rows.uuid(rs, "test_id"),
                        new Failure(
                                Rows.uuid(rs, "run_id"),
                                Rows.uuid(rs, "id"),
                                FailureKind.fromWireName(rs.getString("failure_kind"))
                                        .orElse(null))))
                .forEach(e -> found.computeIfAbsent(e.getKey(), t -> new ArrayList<>())
                        .add(e.getValue()));
        return found;
    }

    @Override
    public List<RunFailure> runFailures() {
        RunExecutions of = executionsOf(List.of(upload.runId()));
        return of.bind(h.createQuery("SELECT id, test_id, failure_reason, failure_kind FROM executions e"
                        + " WHERE run_id = :run AND result = 'failed' AND upload_id <> :upload" + of.within("e")
                        + " LIMIT " + MAX_FAILURES))
                .bind("run", upload.runId().toString())
                .bind("upload", upload.id().toString())
                .map((rs, ctx) -> new RunFailure(
                        Rows.uuid(rs, "id"),
                        Rows.uuid(rs, "test_id"),
                        rs.getString("failure_reason"),
                        FailureKind.fromWireName(rs.getString("failure_kind")).orElse(null)))
                .list();
    }

    @Override
    public Set<UUID> flippedBefore(Collection<UUID> tests, String commitKey) {
        Set<UUID> found = new HashSet<>();
        List<String> ids = ids(tests);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            h.createQuery("SELECT test_id FROM flaky_events WHERE commit_key = :commit AND test_id IN (<tests>)")
                    .bind("commit", commitKey)
                    .bindList("tests", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .map((rs, ctx) -> Rows.uuid(rs, "test_id"))
                    .forEach(found::add);
        }
        return found;
    }

    @Override
    public Map<UUID, Set<UUID>> passesIn(List<UUID> runs, Collection<UUID> tests) {
        Map<UUID, Set<UUID>> found = new HashMap<>();
        List<String> ids = ids(tests);
        RunExecutions of = executionsOf(runs);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            of.bind(h.createQuery("SELECT DISTINCT test_id, run_id FROM executions e WHERE run_id IN (<runs>)"
                            + " AND result = 'passed' AND test_id IN (<tests>) AND upload_id <> :upload"
                            + of.within("e")))
                    .bindList("runs", ids(runs))
                    .bindList("tests", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .bind("upload", upload.id().toString())
                    .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), Rows.uuid(rs, "run_id")))
                    .forEach(e -> found.computeIfAbsent(e.getKey(), t -> new HashSet<>())
                            .add(e.getValue()));
        }
        return found;
    }

    /**
     * Under the suite's lock, the state at its version: from the cache when it has that version.
     * Outside it (PostgreSQL's provisional judgment), whatever state was last known: any recent
     * one is as good a guess as another, and the judgment under the lock corrects it.
     */
    @Override
    public Map<UUID, TestHealth> watched() {
        return cachedOrRead(
                locked ? cache.watched(upload.suiteId(), lockedVersion) : cache.watched(upload.suiteId()),
                this::readWatched,
                "watched tests",
                JudgmentCache::describe,
                read -> cache.readWatched(upload.suiteId(), lockedVersion, read));
    }

    /**
     * The cached state if there is one (checked against the tables first under {@link
     * #VERIFY_CACHE}), else the tables' state, which the cache remembers when read under the lock.
     */
    private <T> Map<UUID, T> cachedOrRead(
            Optional<Map<UUID, T>> cached,
            Supplier<Map<UUID, T>> read,
            String what,
            Function<T, String> describe,
            Consumer<Map<UUID, T>> remember) {
        if (cached.isPresent() && !(VERIFY_CACHE && locked)) {
            return cached.get();
        }
        Map<UUID, T> stored = read.get();
        if (cached.isPresent()) {
            verify(what, cached.get().values(), stored.values(), describe);
            return cached.get();
        }
        if (locked) {
            remember.accept(stored);
        }
        return stored;
    }

    private Map<UUID, TestHealth> readWatched() {
        Map<UUID, TestHealth> watched = new HashMap<>();
        h.createQuery("SELECT id, health, health_since, score_failures, score_executions, flaky_at,"
                        + " flaky_executions FROM tests WHERE suite_id = :suite AND " + WATCHED)
                .bind("suite", suite)
                .map((rs, ctx) -> new TestHealth(
                        Rows.uuid(rs, "id"),
                        health(rs.getString("health")),
                        Rows.instant(rs, "health_since"),
                        rs.getDouble("score_failures"),
                        rs.getLong("score_executions"),
                        Rows.instant(rs, "flaky_at"),
                        rs.getLong("flaky_executions")))
                .forEach(t -> watched.put(t.testId(), t));
        return watched;
    }

    /** A branch's open streaks: as {@link #watched}. */
    @Override
    public Map<UUID, Streak> streaks(String branch) {
        return cachedOrRead(
                locked
                        ? cache.streaks(upload.suiteId(), lockedVersion, branch)
                        : cache.streaks(upload.suiteId(), branch),
                () -> readStreaks(branch),
                "streaks on " + branch,
                JudgmentCache::describe,
                read -> cache.readStreaks(upload.suiteId(), lockedVersion, branch, read));
    }

    /** Fails loudly when the cache and the tables disagree ({@link #VERIFY_CACHE}). */
    private <T> void verify(String what, Collection<T> cached, Collection<T> read, Function<T, String> describe) {
        Set<String> a = new TreeSet<>();
        cached.forEach(t -> a.add(describe.apply(t)));
        Set<String> b = new TreeSet<>();
        read.forEach(t -> b.add(describe.apply(t)));
        if (!a.equals(b)) {
            throw new IllegalStateException(
                    "the judgment cache's " + what + " differ from the tables: cached " + a + ", read " + b);
        }
    }

    private Map<UUID, Streak> readStreaks(String branch) {
        Map<UUID, Streak> streaks = new HashMap<>();
        h.createQuery("SELECT " + STREAK_COLUMNS + " FROM test_streaks WHERE suite_id = :suite AND branch = :branch")
                .bind("suite", suite)
                .bind("branch", branch)
                .map((rs, ctx) -> streak(rs))
                .forEach(s -> streaks.put(s.testId(), s));
        return streaks;
    }

    @Override
    public List<Streak> staleStreaks(Instant before) {
        // Asked on every upload, answered by the cache for as long as the oldest streak is younger.
        boolean none = locked && cache.noStreakBefore(upload.suiteId(), lockedVersion, before);
        if (none && !VERIFY_CACHE) {
            return List.of();
        }
        List<Streak> stale = h.createQuery("SELECT " + STREAK_COLUMNS + " FROM test_streaks WHERE suite_id = :suite"
                        + " AND last_at < :before")
                .bind("suite", suite)
                .bind("before", before.toEpochMilli())
                .map((rs, ctx) -> streak(rs))
                .list();
        if (none) {
            verify("stale streaks", List.of(), stale, JudgmentCache::describe);
        } else if (locked && stale.isEmpty()) {
            Long oldest = h.createQuery("SELECT MIN(last_at) FROM test_streaks WHERE suite_id = :suite")
                    .bind("suite", suite)
                    .mapTo(Long.class)
                    .one();
            cache.readOldestStreak(
                    upload.suiteId(), lockedVersion, oldest == null ? Instant.MAX : Instant.ofEpochMilli(oldest));
        }
        return stale;
    }

    @Override
    public Map<UUID, Set<String>> brokenBranches(Collection<UUID> tests) {
        Map<UUID, Set<String>> found = new HashMap<>();
        List<String> ids = ids(tests);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            h.createQuery("SELECT test_id, branch FROM test_streaks WHERE test_id IN (<tests>)"
                            + " AND broken_at IS NOT NULL")
                    .bindList("tests", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), rs.getString("branch")))
                    .forEach(e -> found.computeIfAbsent(e.getKey(), t -> new HashSet<>())
                            .add(e.getValue()));
        }
        return found;
    }

    @Override
    public Map<UUID, Long> recentExecutions(Collection<UUID> tests) {
        Map<UUID, Long> counts = new HashMap<>();
        List<String> ids = ids(tests);
        if (ids.isEmpty()) {
            return counts;
        }
        // The runs first, so their times bound the executions' read as values the plan prunes on.
        record Recent(UUID id, long createdAt, long updatedAt) {}
        List<Recent> runs = h.createQuery("SELECT id, created_at, updated_at FROM runs WHERE suite_id = :suite"
                        + " ORDER BY created_at DESC, id DESC LIMIT " + HISTORY_RUNS)
                .bind("suite", suite)
                .map((rs, ctx) -> new Recent(Rows.uuid(rs, "id"), rs.getLong("created_at"), rs.getLong("updated_at")))
                .list();
        if (runs.isEmpty()) {
            return counts;
        }
        List<UUID> recent = map(runs, Recent::id);
        RunExecutions of = RunExecutions.between(
                dialect,
                runs.stream().mapToLong(Recent::createdAt).min().orElseThrow(),
                runs.stream().mapToLong(Recent::updatedAt).max().orElseThrow());
        for (int from = 0; from < ids.size(); from += CHUNK) {
            of.bind(h.createQuery("SELECT test_id, COUNT(*) AS n FROM executions e WHERE run_id IN (<runs>)"
                            + " AND result IN ('passed', 'failed') AND test_id IN (<tests>)"
                            + " AND upload_id <> :upload" + of.within("e") + " GROUP BY test_id"))
                    .bindList("runs", ids(recent))
                    .bind("upload", upload.id().toString())
                    .bindList("tests", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
        }
        return counts;
    }

    @Override
    public void saveHealth(Collection<TestHealth> changed) {
        written.addAll(changed);
    }

    @Override
    public void saveStreaks(Collection<Streak> open, Collection<Streak> closed) {
        opened.addAll(open);
        closedHere.addAll(closed);
    }

    @Override
    public void addEvidence(List<Evidence> evidence) {
        this.evidence.addAll(evidence);
    }

    @Override
    public void flakyEvents(Collection<UUID> tests, String commitKey, String branch, Instant at) {
        events = new FlakyEvents(List.copyOf(tests), commitKey, branch, at.toEpochMilli());
    }

    @Override
    public void correctFailureKinds(Map<UUID, FailureKind> byExecution) {
        kinds.putAll(byExecution);
    }

    /** One upload's flaky events: its tests, under one commit key. */
    private record FlakyEvents(List<UUID> tests, String commitKey, String branch, long at) {}

    /**
     * Writes what the judgment decided, once the upload's pipeline is done. PostgreSQL takes it all
     * in one statement of arrays: on a busy server each round trip costs milliseconds, and under
     * the suite's lock every other worker of the suite waits for them (a statement per table and a
     * row per batched update took about 45 ms an upload on {@code bin/bench ingest}). SQLite runs
     * in the process, where a statement costs no round trip.
     */
    void flush() {
        Writes w = new Writes();
        if (w.empty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            w.atOnce();
        } else {
            w.oneTableAtATime();
        }
    }

    /** The judgment's writes as rows: tests counted and rewritten, streaks opened and closed. */
    private final class Writes {
        /** Counting executions into weighed tests is most of what changes, upload after upload. */
        final List<TestHealth> counted = new ArrayList<>();

        final List<TestHealth> rewritten = new ArrayList<>();
        final List<Streak> open = new ArrayList<>();
        /** Closed and not opened again: a streak opened again is written over. */
        final List<Streak> closed = new ArrayList<>();

        Writes() {
            Map<UUID, TestHealth> byTest = new LinkedHashMap<>();
            written.forEach(t -> byTest.put(t.testId(), t));
            for (TestHealth t : byTest.values()) {
                if (t.rewritten()) {
                    rewritten.add(t);
                } else if (t.counted() > 0) {
                    counted.add(t);
                }
            }
            // A batch that upserts one key twice is refused by PostgreSQL; the last is the latest.
            Map<String, Streak> openByKey = new LinkedHashMap<>();
            opened.forEach(st -> openByKey.put(key(st), st));
            open.addAll(openByKey.values());
            Set<String> closedKeys = new HashSet<>();
            for (Streak st : closedHere) {
                if (!openByKey.containsKey(key(st)) && closedKeys.add(key(st))) {
                    closed.add(st);
                }
            }
        }

        boolean empty() {
            return counted.isEmpty()
                    && rewritten.isEmpty()
                    && open.isEmpty()
                    && closed.isEmpty()
                    && evidence.isEmpty()
                    && (events == null || events.tests().isEmpty())
                    && kinds.isEmpty();
        }

        void atOnce() {
            List<Map.Entry<UUID, FailureKind>> k = new ArrayList<>(kinds.entrySet());
            List<Long> at = map(k, e -> Ids.millis(e.getKey())); // each execution's created_at
            FlakyEvents fe = events == null ? new FlakyEvents(List.of(), null, null, now) : events;
            Query all = h.createQuery(ALL_AT_ONCE);
            bindColumns(all, "o", STREAK_ROW, open);
            bindColumns(all, "r", HEALTH_ROW, rewritten);
            bindColumns(all, "e", EVIDENCE_ROW, evidence);
            all.bind("suite", suite)
                    .bindArray(
                            "closed_test",
                            String.class,
                            map(closed, st -> st.testId().toString()))
                    .bindArray("closed_branch", String.class, map(closed, Streak::branch))
                    .bindArray(
                            "n_test", String.class, map(counted, t -> t.testId().toString()))
                    .bindArray("n_n", Long.class, map(counted, TestHealth::counted))
                    .bindArray("f_test", String.class, ids(fe.tests()))
                    .bind("f_commit", fe.commitKey())
                    .bind("f_branch", fe.branch())
                    .bind("f_at", fe.at())
                    .bindArray("k_id", String.class, map(k, e -> e.getKey().toString()))
                    .bindArray("k_kind", String.class, map(k, e -> e.getValue().wireName()))
                    .bindArray("k_at", Long.class, at)
                    .bind("k_from", at.stream().mapToLong(Long::longValue).min().orElse(0))
                    .bind("k_to", at.stream().mapToLong(Long::longValue).max().orElse(-1))
                    .mapTo(Integer.class)
                    .one();
        }

        void oneTableAtATime() {
            writeCounts();
            batch(
                    "UPDATE tests SET " + rewrite(":", "") + " WHERE id = :id AND suite_id = :suite",
                    HEALTH_ROW,
                    rewritten);
            writeStreaks();
            batch(
                    "INSERT INTO test_evidence (" + names(EVIDENCE_ROW) + ", suite_id) VALUES ("
                            + parameters(EVIDENCE_ROW) + ", :suite)",
                    EVIDENCE_ROW,
                    evidence);
            if (events != null && !events.tests().isEmpty()) {
                PreparedBatch event = h.prepareBatch("INSERT INTO flaky_events (test_id, suite_id, commit_key,"
                        + " branch, first_seen_at, last_seen_at) VALUES (:test, :suite, :commit, :branch, :now, :now)"
                        + " ON CONFLICT (test_id, commit_key) DO UPDATE SET last_seen_at = excluded.last_seen_at");
                for (UUID test : events.tests()) {
                    event.bind("test", test.toString())
                            .bind("suite", suite)
                            .bind("commit", events.commitKey())
                            .bind("branch", events.branch())
                            .bind("now", events.at())
                            .add();
                }
                event.execute();
            }
            if (!kinds.isEmpty()) {
                PreparedBatch update = h.prepareBatch("UPDATE executions SET failure_kind = :kind WHERE id = :id");
                kinds.forEach((id, kind) -> update.bind("kind", kind.wireName())
                        .bind("id", id.toString())
                        .add());
                update.execute();
            }
        }

        /** One statement per count for all the tests it counts into, rather than a row write each. */
        private void writeCounts() {
            Map<Long, List<String>> byCount = new HashMap<>();
            for (TestHealth t : counted) {
                byCount.computeIfAbsent(t.counted(), n -> new ArrayList<>())
                        .add(t.testId().toString());
            }
            byCount.forEach((n, ids) -> {
                for (int from = 0; from < ids.size(); from += CHUNK) {
                    h.createUpdate("UPDATE tests SET score_executions = score_executions + :n,"
                                    + " flaky_executions = flaky_executions + :n WHERE id IN (<ids>)")
                            .bind("n", n)
                            .bindList("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                            .execute();
                }
            });
        }

        /** A delete per branch, not per streak: an upload closes the streaks of its own branch. */
        private void writeStreaks() {
            Map<String, List<String>> closedByBranch = new HashMap<>();
            closed.forEach(st -> closedByBranch
                    .computeIfAbsent(st.branch(), b -> new ArrayList<>())
                    .add(st.testId().toString()));
            closedByBranch.forEach((branch, tests) -> {
                for (int from = 0; from < tests.size(); from += CHUNK) {
                    h.createUpdate("DELETE FROM test_streaks WHERE branch = :branch AND test_id IN (<tests>)")
                            .bind("branch", branch)
                            .bindList("tests", tests.subList(from, Math.min(tests.size(), from + CHUNK)))
                            .execute();
                }
            });
            batch(
                    "INSERT INTO test_streaks (" + STREAK_COLUMNS + ", suite_id) VALUES (" + parameters(STREAK_ROW)
                            + ", :suite) " + STREAK_UPSERT,
                    STREAK_ROW,
                    open);
        }
    }

    /** One statement a row, each row's columns bound by name, and the suite as {@code :suite}. */
    private <T> void batch(String sql, List<Column<T>> row, Collection<T> rows) {
        if (rows.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch(sql);
        for (T r : rows) {
            for (Column<T> c : row) {
                batch.bindByType(c.name(), c.value().apply(r), c.javaType());
            }
            batch.bind("suite", suite).add();
        }
        batch.execute();
    }

    /** Each column of {@code rows} as one array, bound as {@code :prefix_column} ({@link #unnest}). */
    private static <T> void bindColumns(Query query, String prefix, List<Column<T>> row, Collection<T> rows) {
        for (Column<T> c : row) {
            query.bindArray(prefix + "_" + c.name(), c.javaType(), map(rows, c.value()));
        }
    }

    /** The rows bound by {@link #bindColumns} under {@code prefix}, as a table named {@code prefix}. */
    private static <T> String unnest(String prefix, List<Column<T>> row) {
        List<String> arrays = new ArrayList<>();
        for (Column<T> c : row) {
            arrays.add(":" + prefix + "_" + c.name() + "::" + c.type() + "[]");
        }
        return "unnest(" + String.join(", ", arrays) + ") AS " + prefix + "(" + names(row) + ")";
    }

    private static <T> String names(List<Column<T>> row) {
        return String.join(", ", map(row, Column::name));
    }

    private static <T> String parameters(List<Column<T>> row) {
        return String.join(", ", map(row, c -> ":" + c.name()));
    }

    /**
     * The assignments that rewrite a test's judgment state from values named {@code from} + column
     * ({@code :health}, {@code r.health}); a recovery time is kept unless a new one is given.
     */
    private static String rewrite(String from, String table) {
        List<String> sets = new ArrayList<>();
        for (Column<TestHealth> c : HEALTH_ROW.subList(1, HEALTH_ROW.size())) {
            String value = from + c.name();
            sets.add(c.name() + " = "
                    + (c.name().equals("flaky_resolved_at")
                            ? "COALESCE(" + value + ", " + table + "flaky_resolved_at)"
                            : value));
        }
        return String.join(", ", sets);
    }

    /**
     * A streak written again from the start when it is opened again in the upload that closed it,
     * so writing over it is the same as deleting it and writing it anew.
     */
    private static final String STREAK_UPSERT = "ON CONFLICT (test_id, branch) DO UPDATE SET"
            + " started_run_id = excluded.started_run_id, started_commit = excluded.started_commit,"
            + " started_at = excluded.started_at, last_run_id = excluded.last_run_id, last_at = excluded.last_at,"
            + " runs = excluded.runs, attempts = excluded.attempts, reason = excluded.reason,"
            + " varied = excluded.varied, broken_at = excluded.broken_at";

    /**
     * Every write of one upload's judgment, as {@code oneTableAtATime} does them, in one statement
     * of arrays ({@code unnest} of none writes nothing). The statement's parts touch different rows
     * (a test is counted or rewritten, a streak closed or opened), as
     * PostgreSQL requires of one statement. A join with {@code unnest} alone was planned as a scan
     * of the suite's tests (4 ms of 16 for 5000 tests); {@code = ANY} of the same ids lets it use
     * the key.
     */
    private static final String ALL_AT_ONCE = "WITH closed AS (DELETE FROM test_streaks t USING"
            + " unnest(:closed_test::uuid[], :closed_branch::text[]) AS c(test_id, branch)"
            + " WHERE t.test_id = c.test_id AND t.branch = c.branch AND t.test_id = ANY(:closed_test::uuid[])),"
            + " opened AS (INSERT INTO test_streaks (" + STREAK_COLUMNS + ", suite_id)"
            + " SELECT o.*, :suite::uuid FROM " + unnest("o", STREAK_ROW) + " " + STREAK_UPSERT + "),"
            + " counted AS (UPDATE tests t SET score_executions = t.score_executions + c.n,"
            + " flaky_executions = t.flaky_executions + c.n"
            + " FROM unnest(:n_test::uuid[], :n_n::bigint[]) AS c(id, n) WHERE t.id = c.id AND t.id = ANY(:n_test::uuid[])),"
            + " rewritten AS (UPDATE tests t SET " + rewrite("r.", "t.") + " FROM " + unnest("r", HEALTH_ROW)
            + " WHERE t.id = r.id AND t.id = ANY(:r_id::uuid[])),"
            + " evidence AS (INSERT INTO test_evidence (" + names(EVIDENCE_ROW) + ", suite_id)"
            + " SELECT e.*, :suite::uuid FROM " + unnest("e", EVIDENCE_ROW) + "),"
            + " events AS (INSERT INTO flaky_events (test_id, suite_id, commit_key, branch, first_seen_at,"
            + " last_seen_at) SELECT f, :suite::uuid, :f_commit, :f_branch, :f_at, :f_at"
            + " FROM unnest(:f_test::uuid[]) AS f"
            + " ON CONFLICT (test_id, commit_key) DO UPDATE SET last_seen_at = excluded.last_seen_at),"
            // An execution's id tells its created_at (Ids.millis), the key of its partition: the
            // range lets the plan skip every partition outside it, the equality finds each row by
            // the whole of the partitions' key (id, created_at).
            + " kinds AS (UPDATE executions x SET failure_kind = k.kind"
            + " FROM unnest(:k_id::uuid[], :k_kind::text[], :k_at::bigint[]) AS k(id, kind, at)"
            + " WHERE x.id = k.id AND x.created_at = k.at AND x.created_at BETWEEN :k_from AND :k_to)"
            + " SELECT 1";

    private static String stored(TestHealth t) {
        return t.health() == Health.HEALTHY ? null : t.health().wireName();
    }

    private static String key(Streak s) {
        return s.testId() + "\n" + s.branch();
    }

    private static <T, R> List<R> map(Collection<T> from, Function<T, R> f) {
        List<R> to = new ArrayList<>(from.size());
        from.forEach(t -> to.add(f.apply(t)));
        return to;
    }

    @Override
    public void rememberOutage(String reason) {
        h.createUpdate("UPDATE runs SET infrastructure_reason = :reason WHERE id = :run"
                        + " AND infrastructure_reason IS NULL")
                .bind("reason", reason)
                .bind("run", upload.runId().toString())
                .execute();
    }

    private static Streak streak(ResultSet rs) throws SQLException {
        return new Streak(
                Rows.uuid(rs, "test_id"),
                rs.getString("branch"),
                Rows.uuid(rs, "started_run_id"),
                rs.getString("started_commit"),
                Rows.instant(rs, "started_at"),
                Rows.uuid(rs, "last_run_id"),
                Rows.instant(rs, "last_at"),
                rs.getInt("runs"),
                rs.getInt("attempts"),
                rs.getString("reason"),
                rs.getBoolean("varied"),
                Rows.instant(rs, "broken_at"));
    }

    /** A stored health: null is healthy. */
    static Health health(String stored) {
        return stored == null ? Health.HEALTHY : Health.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }

    private RunExecutions executionsOf(List<UUID> runs) {
        return runExecutions.computeIfAbsent(List.copyOf(runs), r -> RunExecutions.of(h, dialect, r));
    }

    private static List<String> ids(Collection<UUID> ids) {
        return map(ids, UUID::toString);
    }
}
