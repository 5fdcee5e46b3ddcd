package dev.verdict.storage.internal;

import dev.verdict.core.Ids;
import dev.verdict.core.TestPaths;
import dev.verdict.core.ingest.TestResult;
import dev.verdict.core.pipeline.ResolvedTests;
import dev.verdict.core.pipeline.TestKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Test ids by suite and identity. A suite's tests are the same from run to run, so once known an
 * upload of them writes and looks up no tests at all. Entries go in only after their transaction
 * commits (never an id that was rolled back); an id never changes while its suite exists, and a
 * deleted suite's entries are unreachable (a new suite has a new id). Bounded: cleared when full,
 * and refilled from the database as uploads come.
 */
final class KnownTests {
    /** Test identities looked up per query: well under both engines' limits on bound parameters. */
    private static final int LOOKUP_CHUNK = 500;

    private static final int MAX_KNOWN_TESTS = 200_000;

    /** A test as last written: its id, and the location the upsert would otherwise rewrite. */
    record KnownTest(UUID id, String location, String fileName) {}

    private final Map<UUID, Map<TestKey, KnownTest>> bySuite = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /**
     * Creates the tests these results name for the first time, and keeps the location of the
     * others current; returns every identity's id, and fills {@code learned} with the tests it
     * wrote, running {@code beforeWriting} first if it writes any. Tests already known with the same
     * location are not touched. Identities are
     * de-duplicated first: a batch that names one key twice is refused by PostgreSQL's rewritten
     * multi-row insert.
     */
    ResolvedTests resolve(
            Handle h,
            UUID suiteId,
            List<TestResult> results,
            long now,
            Map<TestKey, KnownTest> learned,
            Runnable beforeWriting) {
        Map<TestKey, KnownTest> known = bySuite.getOrDefault(suiteId, Map.of());
        Map<TestKey, UUID> ids = new HashMap<>();
        Map<TestKey, TestResult> changed = new LinkedHashMap<>();
        for (TestResult r : results) {
            TestKey key = TestKey.of(r);
            KnownTest test = known.get(key);
            if (test != null
                    && Objects.equals(test.location(), r.location())
                    && Objects.equals(test.fileName(), r.fileName())) {
                ids.put(key, test.id());
            } else {
                changed.put(key, r);
            }
        }
        if (changed.isEmpty()) {
            return new ResolvedTests(ids, Map.of(), Set.of());
        }
        beforeWriting.run();
        PreparedBatch upsert = h.prepareBatch("INSERT INTO tests (id, suite_id, scope, name, location, file_name,"
                + " created_at) VALUES (:id, :suite, :scope, :name, :location, :file_name, :now)"
                + " ON CONFLICT (suite_id, scope, name) DO UPDATE SET location = excluded.location,"
                + " file_name = excluded.file_name WHERE tests.location IS DISTINCT FROM excluded.location"
                + " OR tests.file_name IS DISTINCT FROM excluded.file_name");
        // A test is created when the row the insert proposed is the one that is there.
        Map<TestKey, UUID> proposed = new HashMap<>();
        for (Map.Entry<TestKey, TestResult> test : changed.entrySet()) {
            UUID id = Ids.uuid7(now);
            proposed.put(test.getKey(), id);
            upsert.bind("id", id.toString())
                    .bind("suite", suiteId.toString())
                    .bind("scope", test.getKey().scope())
                    .bind("name", test.getKey().name())
                    .bind("location", test.getValue().location())
                    .bind("file_name", test.getValue().fileName())
                    .bind("now", now)
                    .add();
        }
        upsert.execute();
        Map<UUID, String> paths = new HashMap<>();
        Set<UUID> created = new HashSet<>();
        List<TestKey> keys = new ArrayList<>(changed.keySet());
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<TestKey> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder(
                    "SELECT id, scope, name FROM tests WHERE suite_id = ? AND (scope, name) IN (VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
            Query query = h.createQuery(sql.append(')').toString()).bind(0, suiteId.toString());
            for (int i = 0; i < chunk.size(); i++) {
                query.bind(1 + 2 * i, chunk.get(i).scope())
                        .bind(2 + 2 * i, chunk.get(i).name());
            }
            query.map((rs, ctx) ->
                            Map.entry(new TestKey(rs.getString("scope"), rs.getString("name")), Rows.uuid(rs, "id")))
                    .forEach(e -> {
                        ids.put(e.getKey(), e.getValue());
                        if (e.getValue().equals(proposed.get(e.getKey()))) {
                            created.add(e.getValue());
                        }
                        TestResult r = changed.get(e.getKey());
                        learned.put(e.getKey(), new KnownTest(e.getValue(), r.location(), r.fileName()));
                        paths.put(e.getValue(), TestPaths.owned(r.fileName(), r.location(), r.scope()));
                    });
        }
        return new ResolvedTests(ids, paths, created);
    }

    /** Remembers tests once the transaction that wrote them has committed. */
    void remember(UUID suiteId, Map<TestKey, KnownTest> learned) {
        if (learned.isEmpty()) {
            return;
        }
        if (count.addAndGet(learned.size()) > MAX_KNOWN_TESTS) {
            bySuite.clear();
            count.set(learned.size());
        }
        bySuite.computeIfAbsent(suiteId, id -> new ConcurrentHashMap<>()).putAll(learned);
    }
}
