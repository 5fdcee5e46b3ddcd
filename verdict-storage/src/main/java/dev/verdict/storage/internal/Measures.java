package dev.verdict.storage.internal;

import dev.verdict.core.judgment.Health;
import dev.verdict.core.tests.Rollup;
import dev.verdict.core.tests.TestMetrics;
import dev.verdict.core.tests.TestQuery;
import dev.verdict.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The SQL that measures tests over a window: the window's parts ({@link Rollup#split}) each read
 * as rows of per-test counts and durations, from executions or from the rollups, then summed per
 * test. A part read from executions reaches them through the runs that can hold it (every
 * execution of a run is created between the run's {@code created_at} and {@code updated_at}).
 */
final class Measures {
    /** The columns every part gives, one row per execution or rollup row. */
    private static final String FROM_EXECUTIONS = "SELECT e.test_id AS test_id,"
            + " CASE WHEN e.result = 'passed' THEN 1 ELSE 0 END AS passed,"
            + " CASE WHEN e.result = 'failed' THEN 1 ELSE 0 END AS failed,"
            + " CASE WHEN e.result = 'skipped' THEN 1 ELSE 0 END AS skipped,"
            + " CASE WHEN e.result = 'pending' THEN 1 ELSE 0 END AS pending,"
            + " CASE WHEN e.result = 'unknown' THEN 1 ELSE 0 END AS unknown,"
            + " CASE WHEN e.duration IS NULL THEN 0 ELSE 1 END AS timed,"
            + " e.duration AS duration_sum, e.duration AS duration_min, e.duration AS duration_max"
            + " FROM runs r JOIN executions e ON e.run_id = r.id";

    private static final String FROM_ROLLUPS = "SELECT h.test_id AS test_id, h.passed, h.failed, h.skipped,"
            + " h.pending, h.unknown, h.timed, h.duration_sum, h.duration_min, h.duration_max FROM test_rollups h";

    private static final String SUMS = "SELECT u.test_id AS test_id, SUM(u.passed) AS passed, SUM(u.failed) AS failed,"
            + " SUM(u.skipped) AS skipped, SUM(u.pending) AS pending, SUM(u.unknown) AS unknown,"
            + " SUM(u.duration_sum) / NULLIF(SUM(u.timed), 0) AS duration_avg, SUM(u.duration_sum) AS duration_sum,"
            + " MIN(u.duration_min) AS duration_min, MAX(u.duration_max) AS duration_max,"
            + " 1.0 * SUM(u.passed) / NULLIF(SUM(u.passed) + SUM(u.failed), 0) AS reliability";

    /** Which runs, or which test, a measure covers. */
    sealed interface Scope {
        /** Every run of a suite. */
        record Suite(UUID suiteId) implements Scope {}

        /** The runs of a build, in the organization's suites; never from the rollups. */
        record Build(UUID organizationId, UUID buildId) implements Scope {}

        /** One test. */
        record Test(UUID testId) implements Scope {}
    }

    private final Dialect dialect;

    Measures(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * One page of the tests matching the query, as {@code test_id → metrics} in order, and how many
     * match in all (unknown on a page past the end, which has no row to carry it).
     */
    record Measured(Map<UUID, TestMetrics> metrics, OptionalLong total) {}

    /** The tests matching the query with their metrics, one page. */
    Measured page(Handle h, Scope scope, TestQuery query, long limit, long offset) {
        Sql sql = new Sql();
        TestFilters filters = new TestFilters(dialect, sql);
        String rows = parts(h, sql, filters, scope, query);
        List<String> onTests = filters.onTests(query);
        // The count is taken over the grouped rows the sort needs anyway, so a total costs no
        // second pass over the executions.
        String text = "SELECT m.*, COUNT(*) OVER () AS total FROM (" + SUMS + " FROM (" + rows + ") u"
                + (onTests.isEmpty() ? "" : " JOIN tests t ON t.id = u.test_id WHERE " + String.join(" AND ", onTests))
                + " GROUP BY u.test_id"
                + filters.having(query).map(c -> " HAVING " + c).orElse("") + ") m"
                // Tests without the sorted figure (no durations, or no passes or failures) come last
                // either way; ties keep a stable order so pages never repeat or skip a test.
                + " ORDER BY m." + column(query.sort()) + " IS NULL, m." + column(query.sort())
                + (query.ascending() ? " ASC" : " DESC") + ", m.test_id LIMIT :limit OFFSET :offset";
        Map<UUID, TestMetrics> metrics = new java.util.LinkedHashMap<>();
        long[] total = {-1};
        h.createQuery(text)
                .bindMap(sql.binds())
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> {
                    total[0] = rs.getLong("total");
                    return Map.entry(Rows.uuid(rs, "test_id"), metrics(rs));
                })
                .forEach(e -> metrics.put(e.getKey(), e.getValue()));
        return new Measured(metrics, total[0] < 0 ? OptionalLong.empty() : OptionalLong.of(total[0]));
    }

    /**
     * The {@code limit} slowest tests of the window (by average duration, as the tests list sorts
     * them by default) and the {@code limit} least reliable of those that failed (as
     * {@code tags=result:~failed&sort_by=reliability&order=asc} lists them), from one pass over
     * the window: a summary shows both, and each pass sums every test's executions.
     */
    record Tops(Map<UUID, TestMetrics> slowest, Map<UUID, TestMetrics> mostFailed) {}

    Tops tops(Handle h, Scope scope, TestQuery.Window window, int limit) {
        Sql sql = new Sql();
        TestQuery query = TestQuery.everything(window);
        String rows = parts(h, sql, new TestFilters(dialect, sql), scope, query);
        String text = "SELECT * FROM (SELECT m.*,"
                + " ROW_NUMBER() OVER (ORDER BY m.duration_avg IS NULL, m.duration_avg DESC, m.test_id) AS by_duration,"
                + " ROW_NUMBER() OVER (ORDER BY m.failed = 0, m.reliability IS NULL, m.reliability ASC, m.test_id)"
                + " AS by_failures FROM (" + SUMS + " FROM (" + rows + ") u GROUP BY u.test_id) m) ranked"
                + " WHERE ranked.by_duration <= :limit OR (ranked.by_failures <= :limit AND ranked.failed > 0)";
        record Ranked(UUID id, TestMetrics metrics, long byDuration, long byFailures) {}
        List<Ranked> ranked = h.createQuery(text)
                .bindMap(sql.binds())
                .bind("limit", limit)
                .map((rs, ctx) -> new Ranked(
                        Rows.uuid(rs, "test_id"), metrics(rs), rs.getLong("by_duration"), rs.getLong("by_failures")))
                .list();
        Map<UUID, TestMetrics> slowest = new java.util.LinkedHashMap<>();
        ranked.stream()
                .filter(r -> r.byDuration() <= limit)
                .sorted(java.util.Comparator.comparingLong(Ranked::byDuration))
                .forEach(r -> slowest.put(r.id(), r.metrics()));
        Map<UUID, TestMetrics> mostFailed = new java.util.LinkedHashMap<>();
        ranked.stream()
                .filter(r -> r.byFailures() <= limit && r.metrics().failed() > 0)
                .sorted(java.util.Comparator.comparingLong(Ranked::byFailures))
                .forEach(r -> mostFailed.put(r.id(), r.metrics()));
        return new Tops(slowest, mostFailed);
    }

    /** One test's metrics over the window. */
    TestMetrics one(Handle h, UUID testId, TestQuery.Window window) {
        Sql sql = new Sql();
        TestQuery query = TestQuery.everything(window);
        String rows = parts(h, sql, new TestFilters(dialect, sql), new Scope.Test(testId), query);
        return h.createQuery(SUMS + " FROM (" + rows + ") u GROUP BY u.test_id")
                .bindMap(sql.binds())
                .map((rs, ctx) -> metrics(rs))
                .findOne()
                .orElse(TestMetrics.NONE);
    }

    /** The window's parts as one UNION ALL of per-test rows. */
    private String parts(Handle h, Sql sql, TestFilters filters, Scope scope, TestQuery query) {
        boolean rollups = !(scope instanceof Scope.Build) && TestFilters.rollupsAnswer(query);
        long rolledTo = rollups ? Rollups.rolledTo(h) : 0;
        List<String> parts = new ArrayList<>();
        // A few tests named (one test's page, a trend's earlier window, or the flaky or broken
        // tests of a suite): their executions are sought by the (run, result, test) index, with
        // the results named, and their rollups by test, instead of summing the whole suite and
        // dropping the rest after.
        java.util.Collection<UUID> few = scope instanceof Scope.Test test
                ? List.of(test.testId())
                : query.tests().isEmpty() ? fewOfHealth(h, scope, query) : query.tests();
        String only = few == null
                ? null
                : few.isEmpty()
                        ? "NULL"
                        : String.join(
                                ", ",
                                few.stream()
                                        .map(id -> ":" + sql.bind(id.toString()))
                                        .toList());
        for (Rollup.Part part : Rollup.split(query.window(), rolledTo)) {
            List<String> where = new ArrayList<>();
            if (part.source() == Rollup.Source.EXECUTIONS) {
                var runs = RunRanges.holding(h, runsOf(scope), part.from(), part.to());
                if (runs.isEmpty()) {
                    continue; // before binding anything: a statement may not carry unused values
                }
                String from = sql.bind(part.from());
                String to = sql.bind(part.to());
                where.add(runs.get());
                where.add("e.created_at >= :" + from + " AND e.created_at < :" + to);
                if (only != null) {
                    where.add("e.test_id IN (" + only + ")"
                            + " AND e.result IN ('passed', 'failed', 'skipped', 'pending', 'unknown')");
                }
                where.addAll(filters.onExecutions(query, "r.branch"));
                parts.add(FROM_EXECUTIONS + " WHERE " + String.join(" AND ", where));
            } else {
                String from = sql.bind(part.from());
                String to = sql.bind(part.to());
                long span = part.source() == Rollup.Source.DAYS ? Rollup.DAY : Rollup.HOUR;
                switch (scope) {
                    case Scope.Suite suite ->
                        where.add("h.suite_id = :" + sql.bind(suite.suiteId().toString()));
                    case Scope.Test test -> {} // named in only, below
                    case Scope.Build build -> throw new IllegalStateException("builds are not rolled up");
                }
                where.add("h.span = :" + sql.bind(span) + " AND h.start >= :" + from + " AND h.start < :" + to);
                if (only != null) {
                    where.add("h.test_id IN (" + only + ")");
                }
                where.addAll(filters.onBranch(query, "h.branch"));
                parts.add(FROM_ROLLUPS + " WHERE " + String.join(" AND ", where));
            }
        }
        if (parts.isEmpty()) {
            // No run holds any of the window: a part that yields no rows keeps the statement whole.
            parts.add(FROM_ROLLUPS + " WHERE 1 = 0" + (only == null ? "" : " AND h.test_id IN (" + only + ")"));
        }
        return String.join(" UNION ALL ", parts);
    }

    /** The scope's runs as SQL over {@code r}, its ids written in: they are UUIDs, never user text. */
    /** At most this many tests of one health are named one by one; more are filtered after. */
    static final int FEW = 200;

    /**
     * The suite's tests of the flaky or broken health the query asks for, when there are few
     * (the judge keeps them on an index of their own); null when the query names no such health,
     * or there are too many for naming them to pay.
     */
    private static java.util.Collection<UUID> fewOfHealth(Handle h, Scope scope, TestQuery query) {
        if (!(scope instanceof Scope.Suite suite)
                || query.health()
                        .filter(x -> x == Health.FLAKY || x == Health.BROKEN)
                        .isEmpty()) {
            return null;
        }
        List<UUID> ids = h.createQuery("SELECT id FROM tests WHERE suite_id = :suite AND health = :health"
                        + " AND (score_failures > 0 OR health IS NOT NULL) LIMIT :limit")
                .bind("suite", suite.suiteId().toString())
                .bind("health", query.health().orElseThrow().wireName())
                .bind("limit", FEW + 1)
                .map((rs, ctx) -> Rows.uuid(rs, "id"))
                .list();
        return ids.size() > FEW ? null : ids;
    }

    private static String runsOf(Scope scope) {
        return switch (scope) {
            case Scope.Suite suite -> "r.suite_id = '" + suite.suiteId() + "'";
            case Scope.Test test -> "r.suite_id = (SELECT suite_id FROM tests WHERE id = '" + test.testId() + "')";
            case Scope.Build build ->
                "r.suite_id IN (SELECT id FROM suites WHERE organization_id = '" + build.organizationId()
                        + "') AND r.build_id = '" + build.buildId() + "'";
        };
    }

    private static String column(TestQuery.Sort sort) {
        // The sort's wire name is also the column's.
        return sort.wireName();
    }

    private static TestMetrics metrics(ResultSet rs) throws SQLException {
        return new TestMetrics(
                rs.getLong("passed"),
                rs.getLong("failed"),
                rs.getLong("skipped"),
                rs.getLong("pending"),
                rs.getLong("unknown"),
                Rows.nullableDouble(rs, "duration_avg"),
                Rows.nullableDouble(rs, "duration_sum"),
                Rows.nullableDouble(rs, "duration_min"),
                Rows.nullableDouble(rs, "duration_max"));
    }
}
