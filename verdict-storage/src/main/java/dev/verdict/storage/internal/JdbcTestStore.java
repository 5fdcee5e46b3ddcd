package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.Json;
import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.Evidence;
import dev.verdict.core.judgment.HealthSummary;
import dev.verdict.core.judgment.Signal;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.tests.ExecutionDetail;
import dev.verdict.core.tests.FlakyEvent;
import dev.verdict.core.tests.FlakyTest;
import dev.verdict.core.tests.MeasuredTest;
import dev.verdict.core.tests.StateChange;
import dev.verdict.core.tests.Test;
import dev.verdict.core.tests.TestExecution;
import dev.verdict.core.tests.TestMetrics;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.core.tests.TestState;
import dev.verdict.core.tests.TestStore;
import dev.verdict.core.tests.TestStore.Tops;
import dev.verdict.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

public final class JdbcTestStore implements TestStore {
    /** Ids bound in one IN list: well under both engines' limits on bound parameters. */
    private static final int CHUNK = 500;

    private static final List<String> RESULTS =
            java.util.Arrays.stream(Result.values()).map(Result::wireName).toList();

    private static final String TEST_COLUMNS =
            "t.id, t.suite_id, s.slug, t.scope, t.name, t.location, t.file_name, t.state, t.health,"
                    + " t.health_since, t.score_failures, t.score_executions, t.created_at";
    private static final String TEST_FROM = " FROM tests t JOIN suites s ON s.id = t.suite_id";

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final Measures measures;

    public JdbcTestStore(Jdbi jdbi, Writer writer, Dialect dialect) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.measures = new Measures(dialect);
    }

    @Override
    public Page<Test> list(UUID suiteId, Optional<String> label, PageRequest page) {
        String sql = "SELECT " + TEST_COLUMNS + TEST_FROM + " WHERE t.suite_id = :suite"
                + label.map(l ->
                                " AND EXISTS (SELECT 1 FROM test_labels l WHERE l.test_id = t.id AND l.label = :label)")
                        .orElse("")
                + " ORDER BY t.scope, t.name, t.id LIMIT :limit OFFSET :offset";
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql).bind("suite", suiteId.toString());
            label.ifPresent(l -> query.bind("label", l));
            List<Test> tests = query.bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> test(rs, List.of()))
                    .list();
            return Page.fromFetched(page, withLabels(h, tests), OptionalLong.empty());
        });
    }

    @Override
    public Optional<Test> find(UUID suiteId, UUID testId) {
        return one("t.suite_id = :suite AND t.id = :id", Map.of("suite", suiteId.toString(), "id", testId.toString()));
    }

    @Override
    public Optional<Test> find(UUID suiteId, String scope, String name) {
        return one(
                "t.suite_id = :suite AND t.scope = :scope AND t.name = :name",
                Map.of("suite", suiteId.toString(), "scope", scope, "name", name));
    }

    private Optional<Test> one(String where, Map<String, Object> binds) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + TEST_COLUMNS + TEST_FROM + " WHERE " + where)
                .bindMap(binds)
                .map((rs, ctx) -> test(rs, List.of()))
                .findOne()
                .map(t -> withLabels(h, List.of(t)).getFirst()));
    }

    @Override
    public Page<MeasuredTest> measure(UUID suiteId, TestQuery query, PageRequest page) {
        return measure(new Measures.Scope.Suite(suiteId), query, page);
    }

    @Override
    public Page<MeasuredTest> measureBuild(UUID organizationId, UUID buildId, TestQuery query, PageRequest page) {
        return measure(new Measures.Scope.Build(organizationId, buildId), query, page);
    }

    @Override
    public Optional<Instant> buildStart(UUID organizationId, UUID buildId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT min(r.created_at) FROM runs r WHERE r.build_id = :build"
                        + " AND r.suite_id IN (SELECT id FROM suites WHERE organization_id = :org)")
                .bind("build", buildId.toString())
                .bind("org", organizationId.toString())
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
    }

    @Override
    public Tops tops(UUID suiteId, TestQuery.Window window, int limit) {
        return measuring(h -> {
            Measures.Tops tops = measures.tops(h, new Measures.Scope.Suite(suiteId), window, limit);
            return new Tops(measured(h, tops.slowest()), measured(h, tops.mostFailed()));
        });
    }

    private Page<MeasuredTest> measure(Measures.Scope scope, TestQuery query, PageRequest page) {
        return measuring(h -> {
            Measures.Measured measured = measures.page(h, scope, query, page.fetchLimit(), page.offset());
            return Page.fromFetched(page, measured(h, measured.metrics()), measured.total());
        });
    }

    /** Tests measured, in the order given, with each test and its owners. */
    private List<MeasuredTest> measured(Handle h, Map<UUID, TestMetrics> metrics) {
        Map<UUID, Test> tests = tests(h, metrics.keySet());
        Map<UUID, List<String>> owners = owners(h, metrics.keySet());
        return metrics.entrySet().stream()
                .map(e -> new MeasuredTest(
                        tests.get(e.getKey()), e.getValue(), owners.getOrDefault(e.getKey(), List.of())))
                .toList();
    }

    @Override
    public TestMetrics metrics(UUID testId, TestQuery.Window window) {
        return measuring(h -> measures.one(h, testId, window));
    }

    @Override
    public List<TestMetrics> metrics(UUID testId, List<TestQuery.Window> windows) {
        // One connection and (on PostgreSQL) one transaction for them all: each is a small read.
        return measuring(h ->
                windows.stream().map(window -> measures.one(h, testId, window)).toList());
    }

    /**
     * Runs a measure with plans made for its values (PostgreSQL: in a read transaction, where the
     * setting holds). SQLite plans with the values anyway, and a transaction there would take the
     * write lock.
     */
    private <T> T measuring(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return dialect.customPlans().isEmpty()
                ? jdbi.withHandle(work)
                : jdbi.inTransaction(h -> {
                    h.execute(dialect.customPlans().get());
                    return work.withHandle(h);
                });
    }

    @Override
    public List<TestExecution> executions(UUID testId, TestQuery.Window window, int limit) {
        long from = window.from().toEpochMilli();
        long to = window.to().toEpochMilli();
        return jdbi.withHandle(h -> {
            Optional<String> suite = h.createQuery("SELECT suite_id FROM tests WHERE id = :test")
                    .bind("test", testId.toString())
                    .mapTo(String.class)
                    .findOne();
            if (suite.isEmpty()) {
                return List.of();
            }
            Map<UUID, TestExecution> found = new LinkedHashMap<>();
            for (long[] slice : TestHistory.slices(h, testId, from, to)) {
                found.putAll(TestHistory.read(h, suite.get(), testId, slice[0], slice[1], RESULTS));
                if (found.size() >= limit) {
                    break;
                }
            }
            List<TestExecution> newest = new ArrayList<>(found.values());
            newest.sort(Comparator.comparing(TestExecution::createdAt)
                    .thenComparing(TestExecution::id)
                    .reversed());
            return newest.size() > limit ? List.copyOf(newest.subList(0, limit)) : newest;
        });
    }

    @Override
    public Optional<ExecutionDetail> execution(UUID testId, UUID executionId) {
        // An execution's id tells its created_at (Ids.millis): with it the row is found by the
        // whole of its key, in its own week's partition on PostgreSQL, not probed for in each.
        return jdbi.withHandle(h -> h.createQuery("SELECT e.id, e.run_id, e.result, e.duration, e.failure_reason,"
                        + " e.created_at, e.location, e.failure_expanded, e.history, e.output, e.tags, e.mutable_tags,"
                        + " r.branch, r.commit_sha FROM executions e JOIN runs r ON r.id = e.run_id"
                        + " WHERE e.id = :id AND e.created_at = :at AND e.test_id = :test")
                .bind("id", executionId.toString())
                .bind("at", Ids.millis(executionId))
                .bind("test", testId.toString())
                .map((rs, ctx) -> new ExecutionDetail(
                        new TestExecution(
                                Rows.uuid(rs, "id"),
                                Rows.uuid(rs, "run_id"),
                                Result.fromWireName(rs.getString("result")).orElse(Result.UNKNOWN),
                                Rows.nullableDouble(rs, "duration"),
                                rs.getString("failure_reason"),
                                rs.getString("branch"),
                                rs.getString("commit_sha"),
                                Rows.instant(rs, "created_at")),
                        rs.getString("location"),
                        rs.getString("failure_expanded"),
                        rs.getString("history"),
                        rs.getString("output"),
                        Rows.tags(rs)))
                .findOne());
    }

    @Override
    public List<String> owners(UUID testId) {
        return jdbi.withHandle(h -> owners(h, List.of(testId)).getOrDefault(testId, List.of()));
    }

    /** The teams owning each of these tests, sorted; a test no team owns is left out. */
    static Map<UUID, List<String>> owners(Handle h, Collection<UUID> tests) {
        Map<UUID, List<String>> owners = new HashMap<>();
        if (tests.isEmpty()) {
            return owners;
        }
        h.createQuery("SELECT test_id, team FROM test_owners WHERE test_id IN (<ids>) ORDER BY team")
                .bindList("ids", tests.stream().map(UUID::toString).toList())
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), rs.getString("team")))
                .forEach(e -> owners.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return owners;
    }

    @Override
    public List<FlakyEvent> flakyEvents(UUID testId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT commit_key, branch, first_seen_at, last_seen_at"
                        + " FROM flaky_events WHERE test_id = :test ORDER BY last_seen_at DESC LIMIT :limit")
                .bind("test", testId.toString())
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    String commit = rs.getString("commit_key");
                    return new FlakyEvent(
                            commit.startsWith("run:") ? null : commit,
                            rs.getString("branch"),
                            Rows.instant(rs, "first_seen_at"),
                            Rows.instant(rs, "last_seen_at"));
                })
                .list());
    }

    @Override
    public int rollUp(Instant now) {
        return Rollups.rollUp(writer, dialect, now);
    }

    @Override
    public int replaceOwners(
            UUID suiteId, String content, dev.verdict.core.ownership.TestOwners.Matching owners, Instant now) {
        // The slow part, matching every test, reads and computes with no lock held: on SQLite the
        // writer lock is every organization's.
        Map<UUID, String> paths = jdbi.withHandle(h -> Ownership.paths(h, suiteId));
        Map<UUID, List<String>> teams = Ownership.match(owners::owners, paths);
        int owned = writer.inTransaction(h -> {
            h.createUpdate("INSERT INTO suite_test_owners (suite_id, content, uploaded_at) VALUES (:suite, :content,"
                            + " :now) ON CONFLICT (suite_id) DO UPDATE SET content = excluded.content,"
                            + " uploaded_at = excluded.uploaded_at")
                    .bind("suite", suiteId.toString())
                    .bind("content", content)
                    .bind("now", now.toEpochMilli())
                    .execute();
            // Tests processed since the read got owners from the old file: match those few again.
            // The file's row is written first, so on PostgreSQL uploads still reading the old one
            // have committed (they share-lock it) and later ones wait for this transaction.
            Map<UUID, String> current = Ownership.paths(h, suiteId);
            Map<UUID, String> changed = new HashMap<>();
            current.forEach((test, path) -> {
                if (!path.equals(paths.get(test))) {
                    changed.put(test, path);
                }
            });
            teams.keySet().retainAll(current.keySet());
            teams.keySet().removeAll(changed.keySet());
            teams.putAll(Ownership.match(owners.file()::owners, changed));
            return Ownership.replaceAll(h, suiteId, teams);
        });
        Ownership.remember(suiteId, now.toEpochMilli(), owners.file());
        return owned;
    }

    @Override
    public void changeLabels(UUID testId, Collection<String> add, Collection<String> remove, Instant now) {
        writer.useTransaction(h -> {
            for (String label : remove) {
                changeLabel(h, List.of(testId), label, false, now.toEpochMilli());
            }
            for (String label : add) {
                changeLabel(h, List.of(testId), label, true, now.toEpochMilli());
            }
        });
    }

    /** Adds or removes one label on these tests, in the transaction {@code h} holds: the API's and workflows'. */
    static void changeLabel(Handle h, Collection<UUID> tests, String label, boolean add, long now) {
        PreparedBatch batch = h.prepareBatch(
                add
                        ? "INSERT INTO test_labels (test_id, label, created_at) VALUES (:test, :label, :now)"
                                + " ON CONFLICT (test_id, label) DO NOTHING"
                        : "DELETE FROM test_labels WHERE test_id = :test AND label = :label");
        for (UUID test : tests) {
            batch.bind("test", test.toString()).bind("label", label);
            if (add) {
                batch.bind("now", now);
            }
            batch.add();
        }
        batch.execute();
    }

    @Override
    public void setState(UUID testId, StateChange change) {
        writer.useTransaction(h -> setState(h, List.of(testId), change));
    }

    /**
     * Moves these tests to a state, in the transaction {@code h} holds, and records the change of
     * each that moved; one already in it is left as it was, with no record.
     */
    static void setState(Handle h, Collection<UUID> tests, StateChange change) {
        List<UUID> ordered = List.copyOf(tests);
        PreparedBatch batch = h.prepareBatch(
                "UPDATE tests SET state = :state, state_changed_at = :now WHERE id = :id AND state <> :state");
        for (UUID test : ordered) {
            batch.bind("state", change.state().wireName())
                    .bind("now", change.at().toEpochMilli())
                    .bind("id", test.toString())
                    .add();
        }
        int[] moved = batch.execute();
        PreparedBatch record = h.prepareBatch("INSERT INTO test_state_changes (id, test_id, state, reason, changed_by,"
                + " changed_at) VALUES (:id, :test, :state, :reason, :by, :at)");
        boolean any = false;
        for (int i = 0; i < ordered.size(); i++) {
            if (moved[i] == 0) {
                continue;
            }
            any = true;
            record.bind("id", dev.verdict.core.Ids.uuid7().toString())
                    .bind("test", ordered.get(i).toString())
                    .bind("state", change.state().wireName())
                    .bind("reason", change.reason().orElse(null))
                    .bind("by", change.by())
                    .bind("at", change.at().toEpochMilli())
                    .add();
        }
        if (any) {
            record.execute();
        }
    }

    @Override
    public Map<String, dev.verdict.core.runs.RunTest.FailingSince> failingSince(UUID testId) {
        Map<String, dev.verdict.core.runs.RunTest.FailingSince> streaks = new java.util.TreeMap<>();
        jdbi.useHandle(h -> h.createQuery(JdbcRunStore.STREAKS + " WHERE s.test_id = :test")
                .bind("test", testId.toString())
                .map((rs, ctx) -> Map.entry(rs.getString("branch"), JdbcRunStore.failingSince(rs)))
                .forEach(e -> streaks.put(e.getKey(), e.getValue())));
        return streaks;
    }

    @Override
    public Map<UUID, dev.verdict.core.runs.RunTest.FailingSince> failingSince(Collection<UUID> tests, String branch) {
        return jdbi.withHandle(h -> failingSince(h, tests, branch));
    }

    static Map<UUID, dev.verdict.core.runs.RunTest.FailingSince> failingSince(
            Handle h, Collection<UUID> tests, String branch) {
        Map<UUID, dev.verdict.core.runs.RunTest.FailingSince> since = new HashMap<>();
        if (tests.isEmpty()) {
            return since;
        }
        h.createQuery(JdbcRunStore.STREAKS + " WHERE s.branch = :branch AND s.test_id IN (<ids>)")
                .bind("branch", branch == null ? "" : branch)
                .bindList("ids", tests.stream().map(UUID::toString).toList())
                .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), JdbcRunStore.failingSince(rs)))
                .forEach(e -> since.put(e.getKey(), e.getValue()));
        return since;
    }

    @Override
    public List<OpenStreak> newFailures(UUID suiteId, Instant since, int limit) {
        return jdbi.withHandle(h -> {
            record Row(UUID test, String branch, dev.verdict.core.runs.RunTest.FailingSince since) {}
            List<Row> rows = h.createQuery(JdbcRunStore.STREAKS
                            + " WHERE s.suite_id = :suite AND s.started_at >= :since"
                            + " ORDER BY s.started_at DESC, s.test_id LIMIT :limit")
                    .bind("suite", suiteId.toString())
                    .bind("since", since.toEpochMilli())
                    .bind("limit", limit)
                    .map((rs, ctx) ->
                            new Row(Rows.uuid(rs, "test_id"), rs.getString("branch"), JdbcRunStore.failingSince(rs)))
                    .list();
            java.util.Set<UUID> ids = new java.util.HashSet<>();
            rows.forEach(r -> ids.add(r.test()));
            Map<UUID, Test> tests = tests(h, ids);
            Map<UUID, List<String>> owners = owners(h, ids);
            return rows.stream()
                    .filter(r -> tests.containsKey(r.test()))
                    .map(r -> new OpenStreak(
                            tests.get(r.test()), r.branch(), r.since(), owners.getOrDefault(r.test(), List.of())))
                    .toList();
        });
    }

    @Override
    public List<Team> teams(UUID suiteId) {
        String counts = "COUNT(*) AS tests, SUM(CASE WHEN t.health = 'flaky' THEN 1 ELSE 0 END) AS flaky,"
                + " SUM(CASE WHEN t.health = 'broken' THEN 1 ELSE 0 END) AS broken,"
                + " SUM(CASE WHEN t.state <> 'enabled' THEN 1 ELSE 0 END) AS quarantined";
        return jdbi.withHandle(h -> {
            List<Team> teams = new ArrayList<>(h.createQuery("SELECT o.team AS team, " + counts
                            + " FROM tests t JOIN test_owners o ON o.test_id = t.id WHERE t.suite_id = :suite"
                            + " GROUP BY o.team ORDER BY broken DESC, flaky DESC, o.team")
                    .bind("suite", suiteId.toString())
                    .map((rs, ctx) -> team(rs, rs.getString("team")))
                    .list());
            h.createQuery("SELECT " + counts + " FROM tests t WHERE t.suite_id = :suite"
                            + " AND NOT EXISTS (SELECT 1 FROM test_owners o WHERE o.test_id = t.id)")
                    .bind("suite", suiteId.toString())
                    .map((rs, ctx) -> team(rs, null))
                    .findOne()
                    .filter(unowned -> unowned.tests() > 0)
                    .ifPresent(teams::add);
            return teams;
        });
    }

    private static Team team(ResultSet rs, String name) throws SQLException {
        return new Team(
                name, rs.getLong("tests"), rs.getLong("flaky"), rs.getLong("broken"), rs.getLong("quarantined"));
    }

    @Override
    public List<StateChange> stateChanges(UUID testId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT state, reason, changed_by, changed_at FROM test_state_changes"
                        + " WHERE test_id = :test ORDER BY changed_at DESC, id DESC LIMIT :limit")
                .bind("test", testId.toString())
                .bind("limit", limit)
                .map((rs, ctx) -> new StateChange(
                        TestState.fromWireName(rs.getString("state")).orElse(TestState.ENABLED),
                        Optional.ofNullable(rs.getString("reason")),
                        rs.getString("changed_by"),
                        Rows.instant(rs, "changed_at")))
                .list());
    }

    @Override
    public Page<Evidence> evidence(UUID testId, PageRequest page) {
        return jdbi.withHandle(h -> Page.fromFetched(
                page,
                h.createQuery("SELECT id, test_id, signal, health, branch, commit_sha, run_id, execution_id, detail,"
                                + " created_at FROM test_evidence WHERE test_id = :test ORDER BY id DESC"
                                + " LIMIT :limit OFFSET :offset")
                        .bind("test", testId.toString())
                        .bind("limit", page.fetchLimit())
                        .bind("offset", page.offset())
                        .map((rs, ctx) -> new Evidence(
                                Rows.uuid(rs, "id"),
                                Rows.uuid(rs, "test_id"),
                                Signal.valueOf(rs.getString("signal").toUpperCase(java.util.Locale.ROOT)),
                                JdbcJudgmentStore.health(rs.getString("health")),
                                rs.getString("branch"),
                                rs.getString("commit_sha"),
                                Rows.uuid(rs, "run_id"),
                                Rows.uuid(rs, "execution_id"),
                                rs.getString("detail"),
                                Rows.instant(rs, "created_at")))
                        .list(),
                OptionalLong.empty()));
    }

    @Override
    public Page<Test> withState(UUID suiteId, TestState state, PageRequest page) {
        return jdbi.withHandle(h -> {
            List<Test> tests = h.createQuery("SELECT " + TEST_COLUMNS + TEST_FROM
                            + " WHERE t.suite_id = :suite AND t.state = :state"
                            + " ORDER BY t.scope, t.name, t.id LIMIT :limit OFFSET :offset")
                    .bind("suite", suiteId.toString())
                    .bind("state", state.wireName())
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> test(rs, List.of()))
                    .list();
            return Page.fromFetched(page, withLabels(h, tests), OptionalLong.empty());
        });
    }

    @Override
    public Page<FlakyTest> flaky(UUID suiteId, FlakyFilter filter, PageRequest page) {
        Sql sql = new Sql();
        sql.where("f.suite_id = :suite", "suite", suiteId.toString());
        sql.where("f.last_seen_at >= :since", "since", filter.since().toEpochMilli());
        filter.branch().ifPresent(b -> sql.where("f.branch = :branch", "branch", b));
        filter.search()
                .ifPresent(text -> sql.where(
                        "(" + dialect.testContains("search") + " OR "
                                + dialect.containsIgnoringCase("COALESCE(t.location, '')", "search") + ")",
                        "search",
                        text));
        String text = "SELECT f.test_id AS test_id, COUNT(*) AS instances, MAX(f.last_seen_at) AS latest,"
                + " MAX(f.first_seen_at) AS newest FROM flaky_events f JOIN tests t ON t.id = f.test_id" + sql.where()
                + " GROUP BY f.test_id ORDER BY latest DESC, f.test_id LIMIT :limit OFFSET :offset";
        record Counted(UUID id, long instances, Instant latest, Instant newest) {}
        return jdbi.withHandle(h -> {
            List<Counted> counted = h.createQuery(text)
                    .bindMap(sql.binds())
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> new Counted(
                            Rows.uuid(rs, "test_id"),
                            rs.getLong("instances"),
                            Rows.instant(rs, "latest"),
                            Rows.instant(rs, "newest")))
                    .list();
            Map<UUID, Test> tests = tests(h, counted.stream().map(Counted::id).toList());
            Map<UUID, Instant> resolved = new HashMap<>();
            forChunks(
                    counted.stream().map(Counted::id).toList(),
                    chunk -> h.createQuery("SELECT id, flaky_resolved_at FROM tests WHERE id IN (<ids>)")
                            .bindList("ids", chunk)
                            .map((rs, ctx) -> {
                                long at = rs.getLong("flaky_resolved_at");
                                return rs.wasNull() ? null : Map.entry(Rows.uuid(rs, "id"), Instant.ofEpochMilli(at));
                            })
                            .forEach(e -> {
                                if (e != null) {
                                    resolved.put(e.getKey(), e.getValue());
                                }
                            }));
            List<FlakyTest> fetched = counted.stream()
                    .map(c -> new FlakyTest(
                            tests.get(c.id()), c.instances(), c.latest(), c.newest(), resolved.get(c.id())))
                    .toList();
            return Page.fromFetched(page, fetched, OptionalLong.empty());
        });
    }

    @Override
    public List<UUID> replaceMutableTags(UUID suiteId, Map<UUID, Map<String, String>> tags) {
        return writer.inTransaction(h -> {
            List<String> wanted = tags.keySet().stream().map(UUID::toString).toList();
            java.util.Set<UUID> found = new java.util.HashSet<>();
            forChunks(
                    wanted,
                    chunk -> h.createQuery("SELECT e.id FROM executions e JOIN runs r ON r.id = e.run_id"
                                    + " WHERE r.suite_id = :suite AND e.id IN (<ids>)")
                            .bind("suite", suiteId.toString())
                            .bindList("ids", chunk)
                            .map((rs, ctx) -> Rows.uuid(rs, "id"))
                            .forEach(found::add));
            List<UUID> missing =
                    tags.keySet().stream().filter(id -> !found.contains(id)).toList();
            if (!missing.isEmpty()) {
                return missing;
            }
            PreparedBatch update = h.prepareBatch("UPDATE executions SET mutable_tags = :tags WHERE id = :id");
            for (Map.Entry<UUID, Map<String, String>> e : tags.entrySet()) {
                update.bind("tags", e.getValue().isEmpty() ? null : Json.MAPPER.writeValueAsString(e.getValue()))
                        .bind("id", e.getKey().toString())
                        .add();
            }
            update.execute();
            return List.of();
        });
    }

    /** The tests with these ids, with their labels and suite slugs. */
    private Map<UUID, Test> tests(Handle h, Collection<UUID> ids) {
        List<Test> found = new ArrayList<>();
        forChunks(
                ids.stream().map(UUID::toString).toList(),
                chunk -> found.addAll(h.createQuery("SELECT " + TEST_COLUMNS + TEST_FROM + " WHERE t.id IN (<ids>)")
                        .bindList("ids", chunk)
                        .map((rs, ctx) -> test(rs, List.of()))
                        .list()));
        Map<UUID, Test> byId = new HashMap<>();
        withLabels(h, found).forEach(t -> byId.put(t.id(), t));
        return byId;
    }

    private static List<Test> withLabels(Handle h, List<Test> tests) {
        if (tests.isEmpty()) {
            return tests;
        }
        Map<UUID, List<String>> labels = new HashMap<>();
        forChunks(
                tests.stream().map(t -> t.id().toString()).toList(),
                chunk -> h.createQuery("SELECT test_id, label FROM test_labels WHERE test_id IN (<ids>) ORDER BY label")
                        .bindList("ids", chunk)
                        .map((rs, ctx) -> Map.entry(Rows.uuid(rs, "test_id"), rs.getString("label")))
                        .forEach(e -> labels.computeIfAbsent(e.getKey(), id -> new ArrayList<>())
                                .add(e.getValue())));
        return tests.stream()
                .map(t -> new Test(
                        t.id(),
                        t.suiteId(),
                        t.suiteSlug(),
                        t.scope(),
                        t.name(),
                        t.location(),
                        t.fileName(),
                        t.state(),
                        List.copyOf(labels.getOrDefault(t.id(), List.of())),
                        t.health()))
                .toList();
    }

    private static Test test(ResultSet rs, List<String> labels) throws SQLException {
        return new Test(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "suite_id"),
                rs.getString("slug"),
                rs.getString("scope"),
                rs.getString("name"),
                rs.getString("location"),
                rs.getString("file_name"),
                TestState.fromWireName(rs.getString("state")).orElseThrow(),
                labels,
                new HealthSummary(
                        JdbcJudgmentStore.health(rs.getString("health")),
                        Rows.instant(rs, "health_since"),
                        rs.getDouble("score_failures"),
                        rs.getLong("score_executions"),
                        Rows.instant(rs, "created_at")));
    }

    private static <T> void forChunks(List<T> items, java.util.function.Consumer<List<T>> work) {
        for (int from = 0; from < items.size(); from += CHUNK) {
            work.accept(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
    }
}
