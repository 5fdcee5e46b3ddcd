package dev.verdict.storage.internal;

import dev.verdict.core.Json;
import dev.verdict.core.tests.StateChange;
import dev.verdict.core.workflows.Delivery;
import dev.verdict.core.workflows.MonitorState;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.core.workflows.WorkflowEvent;
import dev.verdict.core.workflows.WorkflowWork;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Workflows' reads and writes inside one upload's transaction. */
final class JdbcWorkflowWork implements WorkflowWork {
    /** Ids bound in one statement, well under either engine's limit of parameters. */
    private static final int CHUNK = 500;

    private final Handle h;
    private final UUID suiteId;
    private final Instant now;
    private final Runnable queued;
    private final WorkflowCache cache;
    private final Supplier<Optional<long[]>> versions;
    private final Consumer<Runnable> afterCommit;
    /** The states read, with this unit's changes applied: what the cache holds once it commits. */
    private Map<UUID, Map<UUID, MonitorState>> current;

    /**
     * @param queued told, after the commit, that deliveries were queued
     * @param versions the suite's version as this unit locked it and the one it commits (the
     *     judgment's lock), empty when the suite is not locked: then the cache is not used
     */
    JdbcWorkflowWork(
            Handle h,
            UUID suiteId,
            Instant now,
            Runnable queued,
            WorkflowCache cache,
            Supplier<Optional<long[]>> versions,
            Consumer<Runnable> afterCommit) {
        this.h = h;
        this.suiteId = suiteId;
        this.now = now;
        this.queued = queued;
        this.cache = cache;
        this.versions = versions;
        this.afterCommit = afterCommit;
    }

    @Override
    public List<Workflow> workflows() {
        return h.createQuery("SELECT " + JdbcWorkflowStore.COLUMNS + " FROM workflows WHERE suite_id = :suite"
                        + " ORDER BY created_at, id")
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> JdbcWorkflowStore.workflow(rs))
                .list();
    }

    @Override
    public Map<UUID, Map<UUID, MonitorState>> states(Collection<UUID> workflowIds) {
        Optional<long[]> locked = versions.get();
        Map<UUID, Map<UUID, MonitorState>> states =
                locked.flatMap(v -> cache.at(suiteId, v[0], workflowIds)).orElseGet(() -> read(workflowIds));
        current = new HashMap<>();
        for (UUID w : workflowIds) {
            current.put(w, new HashMap<>(states.getOrDefault(w, Map.of())));
        }
        locked.ifPresent(v -> {
            Map<UUID, Map<UUID, MonitorState>> committed = current;
            afterCommit.accept(() -> cache.committed(suiteId, v[1], committed));
        });
        Map<UUID, Map<UUID, MonitorState>> copies = new HashMap<>();
        current.forEach((w, byTest) -> copies.put(w, Map.copyOf(byTest)));
        return copies;
    }

    private Map<UUID, Map<UUID, MonitorState>> read(Collection<UUID> workflowIds) {
        Map<UUID, Map<UUID, MonitorState>> states = new HashMap<>();
        h.createQuery("SELECT workflow_id, test_id, alarmed, window_state, last_event_at, quiet FROM workflow_tests"
                        + " WHERE workflow_id IN (<workflows>)")
                .bindList("workflows", workflowIds.stream().map(UUID::toString).toList())
                .map((rs, ctx) -> new MonitorState(
                        Rows.uuid(rs, "workflow_id"),
                        Rows.uuid(rs, "test_id"),
                        rs.getBoolean("alarmed"),
                        rs.getString("window_state"),
                        Rows.instant(rs, "last_event_at"),
                        rs.getLong("quiet")))
                .forEach(s -> states.computeIfAbsent(s.workflowId(), w -> new HashMap<>())
                        .put(s.testId(), s));
        return states;
    }

    @Override
    public void saveStates(Collection<MonitorState> kept, Collection<MonitorState> dropped) {
        if (current != null) {
            kept.forEach(st -> current.computeIfAbsent(st.workflowId(), w -> new HashMap<>())
                    .put(st.testId(), st));
            dropped.forEach(
                    st -> current.getOrDefault(st.workflowId(), new HashMap<>()).remove(st.testId()));
        }
        if (!kept.isEmpty()) {
            PreparedBatch upsert = h.prepareBatch("INSERT INTO workflow_tests (workflow_id, test_id, alarmed,"
                    + " window_state, last_event_at, quiet) VALUES (:workflow, :test, :alarmed, :window, :last, :quiet)"
                    + " ON CONFLICT (workflow_id, test_id) DO UPDATE SET alarmed = excluded.alarmed,"
                    + " window_state = excluded.window_state, last_event_at = excluded.last_event_at,"
                    + " quiet = excluded.quiet");
            for (MonitorState s : kept) {
                upsert.bind("workflow", s.workflowId().toString())
                        .bind("test", s.testId().toString())
                        .bind("alarmed", s.alarmed())
                        .bind("window", s.window())
                        .bind(
                                "last",
                                s.lastEventAt() == null ? null : s.lastEventAt().toEpochMilli())
                        .bind("quiet", s.quiet())
                        .add();
            }
            upsert.execute();
        }
        if (!dropped.isEmpty()) {
            PreparedBatch delete =
                    h.prepareBatch("DELETE FROM workflow_tests WHERE workflow_id = :workflow AND test_id = :test");
            for (MonitorState s : dropped) {
                delete.bind("workflow", s.workflowId().toString())
                        .bind("test", s.testId().toString())
                        .add();
            }
            delete.execute();
        }
    }

    @Override
    public int eventsSince(UUID workflowId, Instant since) {
        return h.createQuery(
                        "SELECT count(*) FROM workflow_events WHERE workflow_id = :workflow AND created_at >= :since")
                .bind("workflow", workflowId.toString())
                .bind("since", since.toEpochMilli())
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void addEvents(List<WorkflowEvent> events) {
        PreparedBatch insert = h.prepareBatch("INSERT INTO workflow_events (id, workflow_id, suite_id, test_id, kind,"
                + " test_name, test_location, detail, actions, created_at) VALUES (:id, :workflow, :suite, :test,"
                + " :kind, :name, :location, :detail, :actions, :at)");
        for (WorkflowEvent e : events) {
            insert.bind("id", e.id().toString())
                    .bind("workflow", e.workflowId().toString())
                    .bind("suite", e.suiteId().toString())
                    .bind("test", e.testId().toString())
                    .bind("kind", e.kind().wireName())
                    .bind("name", e.testName())
                    .bind("location", e.testLocation())
                    .bind("detail", json(e.detail()))
                    .bind("actions", json(e.actions()))
                    .bind("at", e.at().toEpochMilli())
                    .add();
        }
        insert.execute();
    }

    static String json(Object value) {
        return new String(Json.write(value), StandardCharsets.UTF_8);
    }

    @Override
    public void changeLabels(Collection<UUID> tests, String label, boolean add) {
        JdbcTestStore.changeLabel(h, tests, label, add, now.toEpochMilli());
    }

    @Override
    public void changeState(Collection<UUID> tests, StateChange change) {
        JdbcTestStore.setState(h, tests, change);
    }

    @Override
    public void queue(List<Delivery> deliveries) {
        PreparedBatch insert = h.prepareBatch("INSERT INTO workflow_deliveries (id, event_id, workflow_id, kind, url,"
                + " state, attempts, next_attempt_at, created_at) VALUES (:id, :event, :workflow, :kind, :url,"
                + " 'pending', 0, :at, :at)");
        for (Delivery d : deliveries) {
            insert.bind("id", d.id().toString())
                    .bind("event", d.eventId().toString())
                    .bind("workflow", d.workflowId().toString())
                    .bind("kind", d.type().wireName())
                    .bind("url", d.url())
                    .bind("at", d.createdAt().toEpochMilli())
                    .add();
        }
        insert.execute();
        queued.run();
    }

    @Override
    public Map<UUID, TestName> tests(Collection<UUID> ids) {
        Map<UUID, TestName> names = new HashMap<>();
        List<String> keys = new ArrayList<>();
        ids.forEach(id -> keys.add(id.toString()));
        // In chunks: a day's recoveries can name more tests than an engine takes parameters.
        for (int from = 0; from < keys.size(); from += CHUNK) {
            h.createQuery("SELECT id, scope, name, location FROM tests WHERE suite_id = :suite AND id IN (<ids>)")
                    .bind("suite", suiteId.toString())
                    .bindList("ids", keys.subList(from, Math.min(keys.size(), from + CHUNK)))
                    .map((rs, ctx) -> Map.entry(
                            Rows.uuid(rs, "id"),
                            new TestName(rs.getString("scope"), rs.getString("name"), rs.getString("location"))))
                    .forEach(e -> names.put(e.getKey(), e.getValue()));
        }
        return names;
    }
}
