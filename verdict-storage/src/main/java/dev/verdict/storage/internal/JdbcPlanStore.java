package dev.verdict.storage.internal;

import dev.verdict.core.paging.Page;
import dev.verdict.core.paging.PageRequest;
import dev.verdict.core.plans.FileTiming;
import dev.verdict.core.plans.FileTimings;
import dev.verdict.core.plans.PlanJson;
import dev.verdict.core.plans.PlanRecord;
import dev.verdict.core.plans.PlanStore;
import dev.verdict.storage.Dialect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Test plans by (suite, identifier): the first one stored for an identifier wins, until it
 * expires. File timings by (suite, branch, file).
 */
public final class JdbcPlanStore implements PlanStore {
    /** Files looked up per query: well under both engines' limits on bound parameters. */
    private static final int CHUNK = 500;
    /**
     * The most files of one branch a plan reads: far more than any suite has, so that names no
     * repository holds (a file per upload, for years) cannot make a plan read without end.
     */
    static final int MAX_FILES = 200_000;
    /** Queued uploads counted per transaction: a few seconds of a busy suite's uploads. */
    static final int FOLD = 50;
    /** The most characters of queued durations a batch reads: a bound on the fold's memory. */
    static final long FOLD_CHARS = 16L << 20;

    private final Jdbi jdbi;
    private final Writer writer;
    private final Dialect dialect;
    private final KeptPlans recent = new KeptPlans();

    public JdbcPlanStore(Jdbi jdbi, Writer writer, Dialect dialect) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.dialect = dialect;
    }

    @Override
    public Optional<PlanJson> find(UUID suiteId, String identifier, Instant now) {
        Optional<PlanJson> kept = recent.find(suiteId, identifier, now.toEpochMilli());
        return kept.isPresent() ? kept : jdbi.withHandle(h -> find(h, suiteId, identifier, now));
    }

    /** The stored plan, kept in memory for the nodes that ask next. */
    private Optional<PlanJson> find(Handle h, UUID suiteId, String identifier, Instant now) {
        return h.createQuery("SELECT plan, expires_at FROM test_plans WHERE suite_id = :suite"
                        + " AND identifier = :identifier AND expires_at > :now")
                .bind("suite", suiteId.toString())
                .bind("identifier", identifier)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> {
                    PlanJson plan = new PlanJson(rs.getString("plan").getBytes(StandardCharsets.UTF_8));
                    recent.keep(suiteId, identifier, plan, rs.getLong("expires_at"));
                    return plan;
                })
                .findOne();
    }

    @Override
    public PlanJson createIfAbsent(
            UUID suiteId,
            String identifier,
            PlanJson plan,
            String branch,
            List<Long> predicted,
            Instant now,
            Instant expiresAt) {
        boolean[] ours = {false};
        PlanJson answer = writer.inTransaction(h -> {
            // Answers are kept a day; their record, in plan_history, stays.
            h.createUpdate("DELETE FROM test_plans WHERE suite_id = :suite AND expires_at <= :now"
                            + " AND identifier <> :identifier")
                    .bind("suite", suiteId.toString())
                    .bind("identifier", identifier)
                    .bind("now", now.toEpochMilli())
                    .execute();
            // An expired plan makes way; a live one stays, and every creator reads it back.
            int stored = h.createUpdate("INSERT INTO test_plans (suite_id, identifier, plan, created_at, expires_at)"
                            + " VALUES (:suite, :identifier, :plan, :now, :expires)"
                            + " ON CONFLICT (suite_id, identifier) DO UPDATE SET plan = excluded.plan,"
                            + " created_at = excluded.created_at, expires_at = excluded.expires_at"
                            + " WHERE test_plans.expires_at <= :now")
                    .bind("suite", suiteId.toString())
                    .bind("identifier", identifier)
                    .bind("plan", new String(plan.utf8(), StandardCharsets.UTF_8))
                    .bind("now", now.toEpochMilli())
                    .bind("expires", expiresAt.toEpochMilli())
                    .execute();
            if (stored == 1) {
                record(h, suiteId, identifier, branch, predicted, now);
                ours[0] = true;
                return plan; // this one is stored: no need to read a megabyte back
            }
            return find(h, suiteId, identifier, now).orElseThrow();
        });
        if (ours[0]) {
            recent.keep(suiteId, identifier, answer, expiresAt.toEpochMilli()); // committed
        }
        return answer;
    }

    private static void record(
            Handle h, UUID suiteId, String identifier, String branch, List<Long> predicted, Instant now) {
        h.createUpdate("INSERT INTO plan_history (suite_id, identifier, created_at, branch)"
                        + " VALUES (:suite, :identifier, :now, :branch) ON CONFLICT DO NOTHING")
                .bind("suite", suiteId.toString())
                .bind("identifier", identifier)
                .bind("now", now.toEpochMilli())
                .bind("branch", branch)
                .execute();
        PreparedBatch nodes = h.prepareBatch("INSERT INTO plan_nodes (suite_id, identifier, created_at, node,"
                + " predicted_ms) VALUES (:suite, :identifier, :now, :node, :predicted) ON CONFLICT DO NOTHING");
        for (int n = 0; n < predicted.size(); n++) {
            nodes.bind("suite", suiteId.toString())
                    .bind("identifier", identifier)
                    .bind("now", now.toEpochMilli())
                    .bind("node", n)
                    .bind("predicted", predicted.get(n))
                    .add();
        }
        nodes.execute();
    }

    @Override
    public boolean reportNode(UUID suiteId, String identifier, int node, long actualMs, Instant now) {
        return writer.inTransaction(h -> h.createUpdate("UPDATE plan_nodes SET actual_ms = :actual, reported_at = :now"
                                + " WHERE suite_id = :suite AND identifier = :identifier AND node = :node"
                                + " AND created_at = (SELECT MAX(created_at) FROM plan_history"
                                + " WHERE suite_id = :suite AND identifier = :identifier)")
                        .bind("actual", actualMs)
                        .bind("now", now.toEpochMilli())
                        .bind("suite", suiteId.toString())
                        .bind("identifier", identifier)
                        .bind("node", node)
                        .execute()
                == 1);
    }

    /** One node of a plan, as history reads it. */
    private record NodeRow(String identifier, long createdAt, String branch, long predicted, Long actual) {}

    @Override
    public Page<PlanRecord> history(UUID suiteId, Optional<String> identifier, PageRequest page) {
        return jdbi.withHandle(h -> {
            // One page of plans, each with its nodes in order, read in one statement.
            List<NodeRow> rows = h.createQuery("SELECT p.identifier, p.created_at, p.branch, n.predicted_ms,"
                            + " n.actual_ms FROM (SELECT identifier, created_at, branch FROM plan_history"
                            + " WHERE suite_id = :suite"
                            + identifier
                                    .map(i -> " AND identifier = :identifier")
                                    .orElse("")
                            + " ORDER BY created_at DESC, identifier LIMIT :limit"
                            + " OFFSET :offset) p JOIN plan_nodes n ON n.suite_id = :suite"
                            + " AND n.identifier = p.identifier AND n.created_at = p.created_at"
                            + " ORDER BY p.created_at DESC, p.identifier, n.node")
                    .bind("suite", suiteId.toString())
                    .bind("identifier", identifier.orElse(""))
                    .bind("limit", page.fetchLimit())
                    .bind("offset", page.offset())
                    .map((rs, ctx) -> {
                        long actual = rs.getLong("actual_ms");
                        Long reported = rs.wasNull() ? null : actual;
                        return new NodeRow(
                                rs.getString("identifier"),
                                rs.getLong("created_at"),
                                rs.getString("branch"),
                                rs.getLong("predicted_ms"),
                                reported);
                    })
                    .list();
            List<PlanRecord> plans = new ArrayList<>();
            for (int from = 0; from < rows.size(); ) {
                NodeRow first = rows.get(from);
                List<Long> predicted = new ArrayList<>();
                List<Long> actual = new ArrayList<>();
                int to = from;
                for (;
                        to < rows.size()
                                && rows.get(to).identifier().equals(first.identifier())
                                && rows.get(to).createdAt() == first.createdAt();
                        to++) {
                    predicted.add(rows.get(to).predicted());
                    actual.add(rows.get(to).actual());
                }
                plans.add(new PlanRecord(
                        first.identifier(),
                        first.branch(),
                        Instant.ofEpochMilli(first.createdAt()),
                        predicted,
                        actual));
                from = to;
            }
            return Page.fromFetched(page, plans, OptionalLong.empty());
        });
    }

    @Override
    public Map<String, FileTiming.Median> timings(UUID suiteId, String branch) {
        return jdbi.withHandle(h -> {
            Map<String, FileTiming.Median> timings = new HashMap<>();
            h.createQuery("SELECT file, median_ms, sample_count FROM file_timings WHERE suite_id = :suite"
                            + " AND branch = :branch LIMIT " + MAX_FILES)
                    .bind("suite", suiteId.toString())
                    .bind("branch", branch)
                    .map((rs, ctx) -> Map.entry(
                            rs.getString("file"),
                            new FileTiming.Median(rs.getLong("median_ms"), rs.getInt("sample_count"))))
                    .forEach(e -> timings.put(e.getKey(), e.getValue()));
            return timings;
        });
    }

    /**
     * Keeps an upload's durations by file in its own transaction, for {@link #foldTimings} to
     * count: one row written, where counting them here would take the branch's rows of every file
     * the upload ran, which the suite's other uploads wait for.
     */
    static void queueTimings(Handle h, UUID runId, Map<String, Long> durations, Instant now) {
        h.createUpdate("INSERT INTO timing_inbox (suite_id, branch, run_id, durations, created_at)"
                        + " SELECT suite_id, COALESCE(branch, ''), id, :durations, :now FROM runs WHERE id = :run")
                .bind("durations", FileTimings.encode(durations))
                .bind("now", now.toEpochMilli())
                .bind("run", runId.toString())
                .execute();
    }

    @Override
    public int foldTimings(Instant now) {
        List<UUID> suites = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT suite_id FROM timing_inbox")
                .map((rs, ctx) -> Rows.uuid(rs, "suite_id"))
                .list());
        int folded = 0;
        for (UUID suite : suites) {
            folded += foldTimings(suite, now);
        }
        return folded;
    }

    /**
     * Every upload of the suite waiting in the inbox, counted, a batch a transaction. Asked first
     * outside a transaction: with none waiting, as is usual, SQLite's one writer is not taken.
     */
    @Override
    public int foldTimings(UUID suiteId, Instant now) {
        boolean queued =
                jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM timing_inbox WHERE suite_id = :suite LIMIT 1")
                        .bind("suite", suiteId.toString())
                        .mapTo(Integer.class)
                        .findOne()
                        .isPresent());
        if (!queued) {
            return 0;
        }
        int folded = 0;
        for (int batch; (batch = writer.inTransaction(h -> foldBatch(h, suiteId, now))) > 0; ) {
            folded += batch; // until a batch finds none: one cut short by FOLD_CHARS leaves more
        }
        return folded;
    }

    /** One upload's durations as they wait in the inbox. */
    private record Queued(long id, String branch, UUID run, Map<String, Long> durations) {}

    /**
     * Up to {@link #FOLD} of the suite's queued uploads counted into their branches' timings, in
     * the order they were processed, and taken out of the inbox in the same transaction: a fold
     * that does not commit leaves them to the next. Another server's fold of the same rows waits
     * on their lock, then finds them gone. The commit need not wait for its flush: what a crash
     * takes back, it takes back whole, and the rows are counted again.
     */
    private int foldBatch(Handle h, UUID suiteId, Instant now) {
        dialect.unflushedCommit().ifPresent(h::execute);
        // Sizes first: an upload names at most 5,000 files, but each name may be 4 KiB long, so
        // a batch is as many uploads as fit in FOLD_CHARS (one at least), not always FOLD.
        List<Long> ids = new ArrayList<>();
        long chars = 0;
        for (Map.Entry<Long, Long> row : h.createQuery("SELECT id, LENGTH(durations) AS chars FROM timing_inbox"
                        + " WHERE suite_id = :suite ORDER BY id LIMIT " + FOLD + dialect.forUpdate())
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("chars")))
                .list()) {
            chars += row.getValue();
            if (!ids.isEmpty() && chars > FOLD_CHARS) {
                break;
            }
            ids.add(row.getKey());
        }
        if (ids.isEmpty()) {
            return 0;
        }
        List<Queued> queued = h.createQuery(
                        "SELECT id, branch, run_id, durations FROM timing_inbox WHERE id IN (<ids>) ORDER BY id")
                .bindList("ids", ids)
                .map((rs, ctx) -> new Queued(
                        rs.getLong("id"),
                        rs.getString("branch"),
                        Rows.uuid(rs, "run_id"),
                        FileTimings.decode(rs.getString("durations"))))
                .list();
        Map<String, List<Queued>> byBranch = new TreeMap<>();
        queued.forEach(q ->
                byBranch.computeIfAbsent(q.branch(), b -> new ArrayList<>()).add(q));
        byBranch.forEach((branch, uploads) -> fold(h, suiteId, branch, uploads, now));
        h.createUpdate("DELETE FROM timing_inbox WHERE id IN (<ids>)")
                .bindList("ids", ids)
                .execute();
        return ids.size();
    }

    /** A branch's queued uploads counted into its stored timings, each file's row written once. */
    private void fold(Handle h, UUID suiteId, String branch, List<Queued> uploads, Instant now) {
        // Files in one order for every writer: two folds lock a branch's rows one after the other,
        // never each waiting for the other's.
        TreeSet<String> named = new TreeSet<>();
        uploads.forEach(q -> named.addAll(q.durations().keySet()));
        List<String> files = new ArrayList<>(named);
        Map<String, FileTiming> timings = new TreeMap<>();
        for (int from = 0; from < files.size(); from += CHUNK) {
            h.createQuery("SELECT file, samples, last_run_id FROM file_timings WHERE suite_id = :suite"
                            + " AND branch = :branch AND file IN (<files>) ORDER BY file" + dialect.forUpdate())
                    .bind("suite", suiteId.toString())
                    .bind("branch", branch)
                    .bindList("files", files.subList(from, Math.min(files.size(), from + CHUNK)))
                    .map((rs, ctx) -> Map.entry(
                            rs.getString("file"),
                            FileTiming.parse(rs.getString("samples"), Rows.uuid(rs, "last_run_id"))))
                    .forEach(e -> timings.put(e.getKey(), e.getValue()));
        }
        for (Queued q : uploads) {
            q.durations()
                    .forEach((file, ms) -> timings.compute(
                            file,
                            (f, before) -> before == null ? FileTiming.first(q.run(), ms) : before.with(q.run(), ms)));
        }
        PreparedBatch upsert = h.prepareBatch("INSERT INTO file_timings (suite_id, branch, file, samples,"
                + " median_ms, sample_count, last_run_id, updated_at) VALUES (:suite, :branch, :file, :samples,"
                + " :median, :count, :run, :now) ON CONFLICT (suite_id, branch, file) DO UPDATE SET"
                + " samples = excluded.samples, median_ms = excluded.median_ms,"
                + " sample_count = excluded.sample_count, last_run_id = excluded.last_run_id,"
                + " updated_at = excluded.updated_at");
        timings.forEach((file, after) -> upsert.bind("suite", suiteId.toString())
                .bind("branch", branch)
                .bind("file", file)
                .bind("samples", after.text())
                .bind("median", after.median())
                .bind("count", after.samples().size())
                .bind("run", after.lastRun().toString())
                .bind("now", now.toEpochMilli())
                .add());
        upsert.execute();
    }
}
