package dev.verdict.storage.internal;

import dev.verdict.core.Json;
import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.workflows.Action;
import dev.verdict.core.workflows.Delivery;
import dev.verdict.core.workflows.Workflow;
import dev.verdict.core.workflows.WorkflowEvent;
import dev.verdict.core.workflows.WorkflowSpec;
import dev.verdict.core.workflows.WorkflowStore;
import dev.verdict.storage.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import tools.jackson.core.type.TypeReference;

public final class JdbcWorkflowStore implements WorkflowStore {
    static final String COLUMNS = "id, suite_id, definition, created_at, updated_at";
    private static final String EVENT_COLUMNS =
            "id, workflow_id, suite_id, test_id, kind, test_name, test_location, detail, actions, created_at";
    private static final String DELIVERY_COLUMNS =
            "id, event_id, workflow_id, kind, url, state, attempts, last_error, next_attempt_at, delivered_at";
    private static final TypeReference<LinkedHashMap<String, Object>> DETAIL = new TypeReference<>() {};
    private static final TypeReference<List<WorkflowEvent.ActionResult>> ACTIONS = new TypeReference<>() {};
    /** Ids bound in one statement, well under either engine's limit of parameters. */
    private static final int CHUNK = 500;

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final AtomicReference<Runnable> nudge;

    /** @param nudge what the upload pipeline runs after a commit that queued deliveries; set by {@link #whenQueued} */
    public JdbcWorkflowStore(Jdbi jdbi, Writer writer, Dialect dialect, AtomicReference<Runnable> nudge) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
        this.nudge = nudge;
    }

    static Workflow workflow(ResultSet rs) throws SQLException {
        return new Workflow(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "suite_id"),
                WorkflowSpec.fromJson(rs.getString("definition")),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    /** Writes a workflow in a transaction already open (a new suite's default one, in the suite's). */
    static void insert(Handle h, Workflow w) {
        h.createUpdate("INSERT INTO workflows (id, suite_id, definition, created_at, updated_at)"
                        + " VALUES (:id, :suite, :definition, :created, :updated)")
                .bind("id", w.id().toString())
                .bind("suite", w.suiteId().toString())
                .bind("definition", w.spec().json())
                .bind("created", w.createdAt().toEpochMilli())
                .bind("updated", w.updatedAt().toEpochMilli())
                .execute();
    }

    @Override
    public Page<Workflow> list(UUID suiteId, PageRequest page) {
        return jdbi.withHandle(h -> {
            List<Workflow> fetched = h.createQuery("SELECT " + COLUMNS + " FROM workflows WHERE suite_id = :suite"
                            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                    .bind("suite", suiteId.toString())
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> workflow(rs))
                    .list();
            long total = h.createQuery("SELECT count(*) FROM workflows WHERE suite_id = :suite")
                    .bind("suite", suiteId.toString())
                    .mapTo(Long.class)
                    .one();
            return Page.fromFetched(page, fetched, OptionalLong.of(total));
        });
    }

    @Override
    public Optional<Workflow> find(UUID suiteId, UUID id) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM workflows WHERE id = :id AND suite_id = :suite")
                        .bind("id", id.toString())
                        .bind("suite", suiteId.toString())
                        .map((rs, ctx) -> workflow(rs))
                        .findOne());
    }

    @Override
    public void insert(Workflow workflow) {
        writer.useTransaction(h -> insert(h, workflow));
    }

    @Override
    public boolean update(Workflow w) {
        return writer.inTransaction(h -> h.createUpdate("UPDATE workflows SET definition = :definition,"
                                + " updated_at = :updated WHERE id = :id AND suite_id = :suite")
                        .bind("definition", w.spec().json())
                        .bind("updated", w.updatedAt().toEpochMilli())
                        .bind("id", w.id().toString())
                        .bind("suite", w.suiteId().toString())
                        .execute())
                > 0;
    }

    @Override
    public boolean delete(UUID suiteId, UUID id) {
        return writer.inTransaction(h -> h.createUpdate("DELETE FROM workflows WHERE id = :id AND suite_id = :suite")
                        .bind("id", id.toString())
                        .bind("suite", suiteId.toString())
                        .execute())
                > 0;
    }

    @Override
    public Optional<String> sealedSecret(UUID workflowId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT secret_sealed FROM workflows WHERE id = :id")
                .bind("id", workflowId.toString())
                .mapTo(String.class)
                .findOne());
    }

    @Override
    public String keepSecret(UUID workflowId, String sealed) {
        return writer.inTransaction(h -> {
            h.createUpdate("UPDATE workflows SET secret_sealed = :sealed WHERE id = :id AND secret_sealed IS NULL")
                    .bind("sealed", sealed)
                    .bind("id", workflowId.toString())
                    .execute();
            return h.createQuery("SELECT secret_sealed FROM workflows WHERE id = :id")
                    .bind("id", workflowId.toString())
                    .mapTo(String.class)
                    .one();
        });
    }

    private static WorkflowEvent event(ResultSet rs) throws SQLException {
        return new WorkflowEvent(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "workflow_id"),
                Rows.uuid(rs, "suite_id"),
                Rows.uuid(rs, "test_id"),
                rs.getString("kind").equals("alarm") ? WorkflowEvent.Kind.ALARM : WorkflowEvent.Kind.RECOVER,
                rs.getString("test_name"),
                rs.getString("test_location"),
                Json.MAPPER.readValue(rs.getString("detail"), DETAIL),
                Json.MAPPER.readValue(rs.getString("actions"), ACTIONS),
                Rows.instant(rs, "created_at"));
    }

    @Override
    public Page<WorkflowEvent> events(UUID workflowId, PageRequest page) {
        return jdbi.withHandle(h -> Page.fromFetched(
                page,
                h.createQuery("SELECT " + EVENT_COLUMNS + " FROM workflow_events WHERE workflow_id = :workflow"
                                + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                        .bind("workflow", workflowId.toString())
                        .bind("limit", page.fetchLimit())
                        .bind("offset", page.offset())
                        .map((rs, ctx) -> event(rs))
                        .list(),
                OptionalLong.empty()));
    }

    @Override
    public List<WorkflowEvent> testEvents(UUID testId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM workflow_events"
                        + " WHERE test_id = :test ORDER BY id DESC LIMIT :limit")
                .bind("test", testId.toString())
                .bind("limit", limit)
                .map((rs, ctx) -> event(rs))
                .list());
    }

    @Override
    public Optional<WorkflowEvent> event(UUID eventId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + EVENT_COLUMNS + " FROM workflow_events WHERE id = :id")
                .bind("id", eventId.toString())
                .map((rs, ctx) -> event(rs))
                .findOne());
    }

    private static DeliveryStatus status(ResultSet rs) throws SQLException {
        return new DeliveryStatus(
                Rows.uuid(rs, "id"),
                Rows.uuid(rs, "event_id"),
                Rows.uuid(rs, "workflow_id"),
                rs.getString("kind"),
                rs.getString("url"),
                Delivery.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                Rows.instant(rs, "next_attempt_at"),
                Rows.instant(rs, "delivered_at"));
    }

    @Override
    public Map<UUID, DeliveryStatus> deliveries(Collection<UUID> eventIds) {
        Map<UUID, DeliveryStatus> byId = new HashMap<>();
        List<String> ids = eventIds.stream().map(UUID::toString).toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS
                                    + " FROM workflow_deliveries WHERE event_id IN (<ids>)")
                            .bindList("ids", chunk)
                            .map((rs, ctx) -> status(rs))
                            .list())
                    .forEach(d -> byId.put(d.id(), d));
        }
        return byId;
    }

    @Override
    public List<DeliveryStatus> undelivered(UUID suiteId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + DELIVERY_COLUMNS.replaceAll("(\\w+)", "d.$1")
                        + " FROM workflow_deliveries d JOIN workflows w ON w.id = d.workflow_id"
                        + " WHERE w.suite_id = :suite AND d.state <> 'delivered'"
                        + " ORDER BY d.attempts DESC, d.created_at DESC LIMIT :limit")
                .bind("suite", suiteId.toString())
                .bind("limit", limit)
                .map((rs, ctx) -> status(rs))
                .list());
    }

    @Override
    public List<Delivery> claimDue(Instant now, int limit) {
        long at = now.toEpochMilli();
        // A look first, with no transaction: on SQLite a write transaction takes the one writer,
        // and most looks find nothing due.
        boolean any = jdbi.withHandle(h -> h.createQuery(
                        "SELECT 1 FROM workflow_deliveries WHERE state = 'pending' AND next_attempt_at <= :now LIMIT 1")
                .bind("now", at)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
        if (!any) {
            return List.of();
        }
        return writer.inTransaction(h -> {
            List<Delivery> due = h.createQuery("SELECT id, event_id, workflow_id, kind, url, attempts, created_at"
                            + " FROM workflow_deliveries WHERE state = 'pending' AND next_attempt_at <= :now"
                            + " ORDER BY next_attempt_at LIMIT :limit" + dialect.forUpdateSkipLocked())
                    .bind("now", at)
                    .bind("limit", limit)
                    .map((rs, ctx) -> new Delivery(
                            Rows.uuid(rs, "id"),
                            Rows.uuid(rs, "event_id"),
                            Rows.uuid(rs, "workflow_id"),
                            Action.Type.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                            rs.getString("url"),
                            rs.getInt("attempts"),
                            Rows.instant(rs, "created_at")))
                    .list();
            if (!due.isEmpty()) {
                List<String> ids = new ArrayList<>();
                due.forEach(d -> ids.add(d.id().toString()));
                h.createUpdate("UPDATE workflow_deliveries SET next_attempt_at = :lease WHERE id IN (<ids>)")
                        .bind("lease", at + Delivery.LEASE.toMillis())
                        .bindList("ids", ids)
                        .execute();
            }
            return due;
        });
    }

    @Override
    public void attempted(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        writer.useTransaction(h -> {
            PreparedBatch attempts = h.prepareBatch("INSERT INTO workflow_delivery_attempts (delivery_id, attempt,"
                    + " at, status, error, millis) VALUES (:id, :attempt, :at, :status, :error, :millis)"
                    + " ON CONFLICT (delivery_id, attempt) DO NOTHING");
            PreparedBatch deliveries = h.prepareBatch("UPDATE workflow_deliveries SET state = :state,"
                    + " attempts = :attempts, next_attempt_at = :next, last_error = :error, delivered_at = :delivered"
                    + " WHERE id = :id AND state = 'pending'");
            for (Outcome o : outcomes) {
                Attempt a = o.attempt();
                String id = o.delivery().id().toString();
                attempts.bind("id", id)
                        .bind("attempt", a.number())
                        .bind("at", a.at().toEpochMilli())
                        .bind("status", a.status())
                        .bind("error", a.error())
                        .bind("millis", a.millis())
                        .add();
                deliveries
                        .bind("state", o.state().wireName())
                        .bind("attempts", a.number())
                        .bind(
                                "next",
                                o.retryAt() == null
                                        ? a.at().toEpochMilli()
                                        : o.retryAt().toEpochMilli())
                        .bind("error", a.error())
                        .bind("delivered", o.state() == Delivery.State.DELIVERED ? a.at().toEpochMilli() : null)
                        .bind("id", id)
                        .add();
            }
            attempts.execute();
            deliveries.execute();
        });
    }

    @Override
    public Optional<Where> where(UUID workflowId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT o.slug AS org, s.slug AS suite FROM workflows w"
                        + " JOIN suites s ON s.id = w.suite_id JOIN organizations o ON o.id = s.organization_id"
                        + " WHERE w.id = :id")
                .bind("id", workflowId.toString())
                .map((rs, ctx) -> new Where(rs.getString("org"), rs.getString("suite")))
                .findOne());
    }

    @Override
    public void whenQueued(Runnable nudge) {
        this.nudge.set(nudge);
    }
}
