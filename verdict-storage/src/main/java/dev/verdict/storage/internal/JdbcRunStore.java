package dev.verdict.storage.internal;

import dev.verdict.core.ingest.Result;
import dev.verdict.core.judgment.FailureKind;
import dev.verdict.core.judgment.Health;
import dev.verdict.core.judgment.RunVerdict;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.FailedExecution;
import dev.verdict.core.runs.FailureMatch;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunExecution;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunOutline;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunState;
import dev.verdict.core.runs.RunStore;
import dev.verdict.core.runs.RunTest;
import dev.verdict.core.tests.TestState;
import dev.verdict.storage.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

public final class JdbcRunStore implements RunStore {
    private final Jdbi jdbi;
    private final Dialect dialect;

    public JdbcRunStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public Map<Result, Long> resultCounts(Run run) {
        // Served by the index (run_id, result, test_id).
        Map<Result, Long> counts = new EnumMap<>(Result.class);
        RunExecutions of = new RunExecutions(dialect, run);
        jdbi.useHandle(h -> of.bind(h.createQuery("SELECT e.result, COUNT(*) AS n FROM executions e"
                        + " WHERE e.run_id = :run" + of.within("e") + " GROUP BY e.result"))
                .map((rs, ctx) -> Map.entry(rs.getString("result"), rs.getLong("n")))
                .forEach(e -> Result.fromWireName(e.getKey()).ifPresent(r -> counts.put(r, e.getValue()))));
        return counts;
    }

    @Override
    public RunVerdict verdict(Run run) {
        // Failed executions of a run are few, read by the index (run_id, result, test_id), which
        // also answers whether each test passed in the run.
        RunExecutions of = new RunExecutions(dialect, run);
        return RunVerdict.of(jdbi.withHandle(h -> of.bind(h.createQuery("SELECT f.test_id, f.failure_kind, t.state,"
                        + " EXISTS (SELECT 1 FROM executions p WHERE p.run_id = :run AND p.result = 'passed'"
                        + " AND p.test_id = f.test_id" + of.within("p") + ") AS passed"
                        + " FROM executions f JOIN tests t ON t.id = f.test_id"
                        + " WHERE f.run_id = :run AND f.result = 'failed'" + of.within("f")))
                .map((rs, ctx) -> new RunVerdict.FailedAttempt(
                        Rows.uuid(rs, "test_id"),
                        FailureKind.fromWireName(rs.getString("failure_kind")).orElse(null),
                        rs.getBoolean("passed"),
                        TestState.MUTED.wireName().equals(rs.getString("state"))))
                .list()));
    }

    /** Open failure streaks with the number of the run each began in; callers add the WHERE. */
    static final String STREAKS = "SELECT s.test_id, s.branch, s.started_run_id, s.started_at, s.runs, r.number"
            + " FROM test_streaks s LEFT JOIN runs r ON r.id = s.started_run_id";

    static RunTest.FailingSince failingSince(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RunTest.FailingSince(
                Rows.uuid(rs, "started_run_id"),
                rs.getString("number"),
                Rows.instant(rs, "started_at"),
                rs.getInt("runs"));
    }

    @Override
    public Page<RunTest> failedTests(Run run, PageRequest page) {
        RunExecutions of = new RunExecutions(dialect, run);
        return jdbi.withHandle(h -> {
            List<String> ids = of.bind(h.createQuery("SELECT DISTINCT e.test_id FROM executions e"
                            + " WHERE e.run_id = :run AND e.result = 'failed'" + of.within("e")
                            + " ORDER BY e.test_id LIMIT :limit OFFSET :offset"))
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .mapTo(String.class)
                    .list();
            if (ids.isEmpty()) {
                return Page.fromFetched(page, List.<RunTest>of(), OptionalLong.empty());
            }
            Map<UUID, List<RunTest.Attempt>> attempts = new HashMap<>();
            // Ids order the attempts as the reports gave them (see UploadPipeline.PLAN_EXECUTIONS).
            of.bind(h.createQuery("SELECT e.id, e.test_id, e.result, e.duration, e.failure_reason, e.failure_kind,"
                            + " CASE WHEN e.result = 'failed' THEN e.failure_expanded END AS failure_expanded,"
                            + " CASE WHEN e.result = 'failed' THEN e.output END AS output FROM executions e"
                            + " WHERE e.run_id = :run AND e.test_id IN (<ids>)" + of.within("e")
                            + " ORDER BY e.id"))
                    .bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(
                            Rows.uuid(rs, "test_id"),
                            new RunTest.Attempt(
                                    Rows.uuid(rs, "id"),
                                    Result.fromWireName(rs.getString("result")).orElse(Result.UNKNOWN),
                                    Rows.nullableDouble(rs, "duration"),
                                    rs.getString("failure_reason"),
                                    FailureKind.fromWireName(rs.getString("failure_kind"))
                                            .orElse(null),
                                    rs.getString("failure_expanded"),
                                    rs.getString("output"))))
                    .forEach(e -> attempts.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(e.getValue()));
            Map<UUID, List<String>> owners =
                    JdbcTestStore.owners(h, ids.stream().map(UUID::fromString).toList());
            Map<UUID, RunTest.FailingSince> since = JdbcTestStore.failingSince(
                    h, ids.stream().map(UUID::fromString).toList(), run.branch());
            List<RunTest> tests = h.createQuery("SELECT id, scope, name, location, state, health FROM tests"
                            + " WHERE id IN (<ids>) ORDER BY id")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> {
                        UUID id = Rows.uuid(rs, "id");
                        return new RunTest(
                                id,
                                rs.getString("scope"),
                                rs.getString("name"),
                                rs.getString("location"),
                                attempts.getOrDefault(id, List.of()),
                                owners.getOrDefault(id, List.of()),
                                TestState.fromWireName(rs.getString("state")).orElse(TestState.ENABLED),
                                rs.getString("health") == null
                                        ? Health.HEALTHY
                                        : Health.fromWireName(rs.getString("health"))
                                                .orElse(Health.HEALTHY),
                                since.get(id));
                    })
                    .list();
            return Page.fromFetched(page, tests, OptionalLong.empty());
        });
    }

    @Override
    public Page<RunExecution> executions(Run run, Optional<String> search, PageRequest page) {
        RunExecutions of = new RunExecutions(dialect, run);
        Sql sql = new Sql();
        sql.where("e.run_id = :run" + of.within("e"));
        search.ifPresent(text -> sql.where(dialect.testContains("search"), "search", text));
        String text = "SELECT e.id, e.test_id, t.scope, t.name, e.result, e.duration, e.failure_reason, e.failure_kind"
                + " FROM executions e JOIN tests t ON t.id = e.test_id" + sql.where()
                // The index's own order (failed sorts first), so a page is read without a sort.
                + " ORDER BY e.result, e.test_id, e.id"
                + " LIMIT :limit OFFSET :offset";
        List<RunExecution> fetched = jdbi.withHandle(h -> of.bind(h.createQuery(text))
                .bindMap(sql.binds())
                .bind("limit", page.fetchLimit())
                .bind("offset", page.offset())
                .map((rs, ctx) -> new RunExecution(
                        Rows.uuid(rs, "id"),
                        Rows.uuid(rs, "test_id"),
                        rs.getString("scope"),
                        rs.getString("name"),
                        Result.fromWireName(rs.getString("result")).orElse(Result.UNKNOWN),
                        Rows.nullableDouble(rs, "duration"),
                        rs.getString("failure_reason"),
                        FailureKind.fromWireName(rs.getString("failure_kind")).orElse(null)))
                .list());
        return Page.fromFetched(page, fetched, OptionalLong.empty());
    }

    @Override
    public List<FailureMatch> failureMatches(
            UUID suiteId, String text, Instant from, Instant to, Optional<String> branch, int limit) {
        // The window's runs newest first by (suite_id, created_at, id), each run's failed
        // executions by (run_id, result): failed executions are few, so the reasons compared are
        // few, and ordered by the runs' index the read stops at the limit instead of sorting every
        // match. The executions' own time bound lets PostgreSQL skip the partitions before it.
        String sql = "SELECT e.id, e.test_id, e.run_id, r.branch, r.commit_sha, e.failure_reason, e.created_at"
                + " FROM runs r JOIN executions e ON e.run_id = r.id AND e.result = 'failed'"
                + " WHERE r.suite_id = :suite AND r.created_at >= :from AND r.created_at < :to"
                + " AND e.created_at >= :from"
                + branch.map(b -> " AND r.branch = :branch").orElse("")
                + " AND " + dialect.containsIgnoringCase("e.failure_reason", "text")
                + " ORDER BY r.created_at DESC, r.id DESC, e.id DESC LIMIT :limit";
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql)
                    .bind("suite", suiteId.toString())
                    .bind("from", from.toEpochMilli())
                    .bind("to", to.toEpochMilli())
                    .bind("text", text)
                    .bind("limit", limit);
            branch.ifPresent(b -> query.bind("branch", b));
            return query.map((rs, ctx) -> new FailureMatch(
                            Rows.uuid(rs, "id"),
                            Rows.uuid(rs, "test_id"),
                            Rows.uuid(rs, "run_id"),
                            rs.getString("branch"),
                            rs.getString("commit_sha"),
                            rs.getString("failure_reason"),
                            Rows.instant(rs, "created_at")))
                    .list();
        });
    }

    @Override
    public List<RunOutline> outlines(UUID suiteId, Instant from, Instant to) {
        return jdbi.withHandle(h -> h.createQuery("SELECT created_at, updated_at, state, result FROM runs"
                        + " WHERE suite_id = :suite AND created_at >= :from AND created_at < :to ORDER BY created_at")
                .bind("suite", suiteId.toString())
                .bind("from", from.toEpochMilli())
                .bind("to", to.toEpochMilli())
                .map((rs, ctx) -> new RunOutline(
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "updated_at"),
                        RunState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                        RunResult.valueOf(rs.getString("result").toUpperCase(Locale.ROOT))))
                .list());
    }

    @Override
    public Page<Run> list(UUID suiteId, RunFilter filter, PageRequest page) {
        // The page's ids first, then their rows: the offset walks only the index (suite_id,
        // created_at, id), which covers the unfiltered list, instead of reading every skipped row.
        StringBuilder sql = new StringBuilder("SELECT id FROM runs WHERE suite_id = :suite");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("suite", suiteId.toString());
        filter.buildId().ifPresent(id -> where(sql, binds, "build_id = :build_id", "build_id", id.toString()));
        filter.branch().ifPresent(b -> where(sql, binds, "branch = :branch", "branch", b));
        filter.commitSha()
                .ifPresent(c -> where(
                        sql,
                        binds,
                        // Hex only, so the pattern needs no escaping; the (suite_id, commit_sha) index
                        // still narrows it to the suite's runs.
                        RunFilter.isCommitPrefix(c) ? "commit_sha LIKE :commit_sha" : "commit_sha = :commit_sha",
                        "commit_sha",
                        RunFilter.isCommitPrefix(c) ? c + "%" : c));
        filter.state().ifPresent(s -> where(sql, binds, "state = :state", "state", s.wireName()));
        filter.createdFrom()
                .ifPresent(t -> where(sql, binds, "created_at >= :created_from", "created_from", t.toEpochMilli()));
        filter.createdTo()
                .ifPresent(t -> where(sql, binds, "created_at <= :created_to", "created_to", t.toEpochMilli()));
        filter.result().ifPresent(result -> {
            // Stale is pending grown old (RunLifecycle): the same cut-off the run objects are shown with.
            binds.put("stale_before", filter.staleBefore().toEpochMilli());
            sql.append(
                    switch (result) {
                        case STALE -> " AND result = 'pending' AND created_at <= :stale_before";
                        case PENDING -> " AND result = 'pending' AND created_at > :stale_before";
                        default -> " AND result = :result";
                    });
            if (result != RunResult.STALE && result != RunResult.PENDING) {
                binds.put("result", result.wireName());
            }
        });
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
        String pageSql =
                "SELECT " + RunRows.COLUMNS + " FROM runs WHERE id IN (" + sql + ") ORDER BY created_at DESC, id DESC";
        List<Run> fetched = jdbi.withHandle(h -> {
            Query query = h.createQuery(pageSql).bindMap(binds);
            return query.bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> RunRows.run(rs))
                    .list();
        });
        return Page.fromFetched(page, fetched, OptionalLong.empty());
    }

    private static void where(StringBuilder sql, Map<String, Object> binds, String clause, String name, Object value) {
        sql.append(" AND ").append(clause);
        binds.put(name, value);
    }

    @Override
    public Optional<Run> find(UUID suiteId, UUID runId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + RunRows.COLUMNS + " FROM runs WHERE id = :id AND suite_id = :suite")
                        .bind("id", runId.toString())
                        .bind("suite", suiteId.toString())
                        .map((rs, ctx) -> RunRows.run(rs))
                        .findOne());
    }

    @Override
    public Page<FailedExecution> failedExecutions(Run run, PageRequest page, boolean withExpanded) {
        RunExecutions of = new RunExecutions(dialect, run);
        String expanded = withExpanded ? "e.failure_expanded, e.output" : "NULL AS failure_expanded, NULL AS output";
        List<FailedExecution> fetched = jdbi.withHandle(h -> of.bind(h.createQuery("SELECT e.id, e.run_id, e.test_id,"
                        + " t.scope, t.name, e.location, e.failure_reason, " + expanded + ", e.duration, e.tags,"
                        + " e.mutable_tags, e.created_at, e.failure_kind FROM executions e"
                        + " JOIN tests t ON t.id = e.test_id WHERE e.run_id = :run AND e.result = 'failed'"
                        + of.within("e") + " ORDER BY e.id LIMIT :limit OFFSET :offset"))
                .bind("limit", page.fetchLimit())
                .bind("offset", page.offset())
                .map((rs, ctx) -> {
                    Map<String, String> tags = Rows.tags(rs);
                    return new FailedExecution(
                            Rows.uuid(rs, "id"),
                            Rows.uuid(rs, "run_id"),
                            Rows.uuid(rs, "test_id"),
                            rs.getString("scope"),
                            rs.getString("name"),
                            rs.getString("location"),
                            rs.getString("failure_reason"),
                            rs.getString("failure_expanded"),
                            Rows.nullableDouble(rs, "duration"),
                            tags,
                            run.branch(),
                            run.commitSha(),
                            Rows.instant(rs, "created_at"),
                            rs.getString("output"),
                            FailureKind.fromWireName(rs.getString("failure_kind"))
                                    .orElse(null));
                })
                .list());
        return Page.fromFetched(page, fetched, OptionalLong.empty());
    }
}
