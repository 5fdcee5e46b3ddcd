package dev.verdict.storage.internal;

import dev.verdict.core.TestPaths;
import dev.verdict.core.Validation;
import dev.verdict.core.ownership.TestOwners;
import dev.verdict.storage.Dialect;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out tests' owners from their suite's TESTOWNERS file and keeps {@code test_owners} in step:
 * for every test when a file is uploaded, and for new or moved tests as uploads are processed.
 * Matching never happens under the write lock: it reads, matches with no lock held, then writes in
 * a short transaction that checks the file it matched is still the one stored.
 */
final class Ownership {
    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);
    private static final int CHUNK = 500;

    /**
     * Parsed files by suite, with the upload time they were parsed for; refreshed when it changes.
     * Empty for a stored file that no longer reads (one kept from before a limit came in).
     */
    private record Parsed(long uploadedAt, Optional<TestOwners> owners) {}

    private static final Map<UUID, Parsed> PARSED = new ConcurrentHashMap<>();

    private Ownership() {}

    /** A suite's file as stored: when it was uploaded, and what it says. */
    record Stored(long uploadedAt, TestOwners owners) {}

    /**
     * The suite's file, parsed (once per version), if it has one that reads. {@code lock} is
     * appended to the query: {@link Dialect#forShare()} where the caller must keep a new file from
     * being written until it commits.
     */
    static Optional<Stored> of(Handle h, String lock, UUID suiteId) {
        return h.createQuery("SELECT content, uploaded_at FROM suite_test_owners WHERE suite_id = :suite" + lock)
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> {
                    long at = rs.getLong("uploaded_at");
                    Parsed cached = PARSED.get(suiteId);
                    if (cached == null || cached.uploadedAt() != at) {
                        cached = new Parsed(at, read(suiteId, rs.getString("content")));
                        PARSED.put(suiteId, cached);
                    }
                    return cached.owners().map(owners -> new Stored(at, owners));
                })
                .findOne()
                .flatMap(owners -> owners);
    }

    /** Spares the next upload of the suite parsing the file just written. */
    static void remember(UUID suiteId, long uploadedAt, TestOwners owners) {
        PARSED.put(suiteId, new Parsed(uploadedAt, Optional.of(owners)));
    }

    private static Optional<TestOwners> read(UUID suiteId, String content) {
        try {
            return Optional.of(TestOwners.parse(content));
        } catch (Validation e) {
            // Failing here would fail every upload of the suite; its tests keep the owners they have.
            LOG.warn(
                    "suite {}: the stored TESTOWNERS file no longer reads, new tests get no owner: {}",
                    suiteId,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Each test's path as matched against the file (id → {@link TestPaths#owned}). */
    static Map<UUID, String> paths(Handle h, UUID suiteId) {
        Map<UUID, String> paths = new HashMap<>();
        h.createQuery("SELECT id, file_name, location, scope FROM tests WHERE suite_id = :suite")
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> Map.entry(
                        Rows.uuid(rs, "id"),
                        TestPaths.owned(rs.getString("file_name"), rs.getString("location"), rs.getString("scope"))))
                .forEach(e -> paths.put(e.getKey(), e.getValue()));
        return paths;
    }

    /** The owners of these tests (id → path); tests without an owner are left out. */
    static Map<UUID, List<String>> match(Function<String, List<String>> owners, Map<UUID, String> paths) {
        Map<UUID, List<String>> teams = new HashMap<>();
        paths.forEach((test, path) -> {
            List<String> owning = owners.apply(path);
            if (!owning.isEmpty()) {
                teams.put(test, owning.stream().distinct().toList());
            }
        });
        return teams;
    }

    /** Replaces the owners of these tests by {@code teams} (those left out get none). */
    static void set(Handle h, java.util.Set<UUID> tests, Map<UUID, List<String>> teams) {
        List<String> ids = tests.stream().map(UUID::toString).toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            h.createUpdate("DELETE FROM test_owners WHERE test_id IN (<ids>)")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .execute();
        }
        insert(h, teams);
    }

    /** Replaces the owners of every test of the suite; returns how many tests have one. */
    static int replaceAll(Handle h, UUID suiteId, Map<UUID, List<String>> teams) {
        h.createUpdate("DELETE FROM test_owners WHERE test_id IN (SELECT id FROM tests WHERE suite_id = :suite)")
                .bind("suite", suiteId.toString())
                .execute();
        insert(h, teams);
        return teams.size();
    }

    private static void insert(Handle h, Map<UUID, List<String>> teams) {
        PreparedBatch insert = h.prepareBatch("INSERT INTO test_owners (test_id, team) VALUES (:test, :team)");
        teams.forEach((test, owning) -> {
            for (String team : owning) {
                insert.bind("test", test.toString()).bind("team", team).add();
            }
        });
        if (insert.size() > 0) {
            insert.execute();
        }
    }
}
