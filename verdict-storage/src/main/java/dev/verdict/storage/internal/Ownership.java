package dev.verdict.storage.internal;

import dev.verdict.core.ownership.TestOwners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Works out tests' owners from their suite's TESTOWNERS file and keeps {@code test_owners} in step:
 * for every test when a file is uploaded, and for new or moved tests as uploads are processed.
 */
final class Ownership {
    private static final int CHUNK = 500;

    /** Parsed files by suite, with the upload time they were parsed for; refreshed when it changes. */
    private record Parsed(long uploadedAt, TestOwners owners) {}

    private static final Map<UUID, Parsed> PARSED = new ConcurrentHashMap<>();

    private Ownership() {}

    /** The suite's file, parsed, if it has one. */
    static Optional<TestOwners> of(Handle h, UUID suiteId) {
        return h.createQuery("SELECT content, uploaded_at FROM suite_test_owners WHERE suite_id = :suite")
                .bind("suite", suiteId.toString())
                .map((rs, ctx) -> {
                    long at = rs.getLong("uploaded_at");
                    Parsed cached = PARSED.get(suiteId);
                    if (cached == null || cached.uploadedAt() != at) {
                        cached = new Parsed(at, TestOwners.parse(rs.getString("content")));
                        PARSED.put(suiteId, cached);
                    }
                    return cached.owners();
                })
                .findOne();
    }

    /**
     * Replaces the owners of these tests (id → file name or location) by what {@code owners}
     * says. Returns how many of them have an owner.
     */
    static int assign(Handle h, TestOwners owners, Map<UUID, String> paths) {
        List<String> ids = paths.keySet().stream().map(UUID::toString).toList();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            h.createUpdate("DELETE FROM test_owners WHERE test_id IN (<ids>)")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .execute();
        }
        PreparedBatch insert = h.prepareBatch("INSERT INTO test_owners (test_id, team) VALUES (:test, :team)");
        List<UUID> owned = new ArrayList<>();
        paths.forEach((test, path) -> {
            List<String> teams = owners.owners(path);
            if (!teams.isEmpty()) {
                owned.add(test);
            }
            for (String team : teams.stream().distinct().toList()) {
                insert.bind("test", test.toString()).bind("team", team).add();
            }
        });
        if (insert.size() > 0) {
            insert.execute();
        }
        return owned.size();
    }
}
