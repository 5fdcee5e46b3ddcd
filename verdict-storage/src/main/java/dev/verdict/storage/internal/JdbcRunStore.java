package dev.verdict.storage.internal;

import dev.verdict.core.Json;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.runs.FailedExecution;
import dev.verdict.core.runs.Run;
import dev.verdict.core.runs.RunFilter;
import dev.verdict.core.runs.RunResult;
import dev.verdict.core.runs.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import tools.jackson.core.type.TypeReference;

public final class JdbcRunStore implements RunStore {
    private static final TypeReference<LinkedHashMap<String, String>> TAGS = new TypeReference<>() {};

    private final Jdbi jdbi;

    public JdbcRunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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
        filter.commitSha().ifPresent(c -> where(sql, binds, "commit_sha = :commit_sha", "commit_sha", c));
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
    public Page<FailedExecution> failedExecutions(UUID runId, PageRequest page, boolean withExpanded) {
        String expanded = withExpanded ? "e.failure_expanded, e.output" : "NULL AS failure_expanded, NULL AS output";
        List<FailedExecution> fetched = jdbi.withHandle(h -> h.createQuery("SELECT e.id, e.run_id, e.test_id, t.scope,"
                        + " t.name, e.location, e.failure_reason, " + expanded + ", e.duration, e.tags, e.mutable_tags,"
                        + " e.created_at,"
                        + " r.branch, r.commit_sha FROM executions e JOIN tests t ON t.id = e.test_id"
                        + " JOIN runs r ON r.id = e.run_id WHERE e.run_id = :run AND e.result = 'failed'"
                        + " ORDER BY e.id LIMIT :limit OFFSET :offset")
                .bind("run", runId.toString())
                .bind("limit", page.fetchLimit())
                .bind("offset", page.offset())
                .map((rs, ctx) -> {
                    // Mutable tags were set later through the execution tags API; they join the rest.
                    Map<String, String> tags = new LinkedHashMap<>();
                    for (String column : new String[] {"tags", "mutable_tags"}) {
                        String json = rs.getString(column);
                        if (json != null) {
                            tags.putAll(Json.MAPPER.readValue(json, TAGS));
                        }
                    }
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
                            rs.getString("branch"),
                            rs.getString("commit_sha"),
                            Rows.instant(rs, "created_at"),
                            rs.getString("output"));
                })
                .list());
        return Page.fromFetched(page, fetched, OptionalLong.empty());
    }
}
