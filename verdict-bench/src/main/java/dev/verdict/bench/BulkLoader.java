package dev.verdict.bench;

import dev.verdict.core.Ids;
import dev.verdict.core.access.Organization;
import dev.verdict.core.suites.SecretBox;
import dev.verdict.core.suites.Suite;
import dev.verdict.core.suites.SuiteFields;
import dev.verdict.core.suites.Suites;
import dev.verdict.storage.JdbcStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows straight into a store, with no server in between: PostgreSQL {@code COPY}, SQLite
 * batched inserts in large transactions. It gives the ceiling the ingest path is measured against,
 * and fills stores for the query benchmark quickly.
 */
final class BulkLoader {
    private static final int SQLITE_COMMIT_EVERY = 500_000;
    private static final int COPY_CHUNK = 1 << 20;

    /** What the rows hang off: a suite, its tests and its runs, one every {@code runEvery} ms up to the newest. */
    record Fixture(
            Organization org,
            Suite suite,
            String uploadToken,
            List<UUID> tests,
            List<UUID> runs,
            long newestRunMillis,
            long runEvery) {
        /** When run {@code r} was created: the last is the newest. */
        long runCreatedAt(int r) {
            return newestRunMillis - (long) (runs.size() - 1 - r) * runEvery;
        }
    }

    private BulkLoader() {}

    private static void writeSecretKey(java.nio.file.Path dataDir, byte[] key) {
        try {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Files.writeString(
                    dataDir.resolve("secret.key"), java.util.Base64.getEncoder().encodeToString(key) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A migrated store with one organization, a suite, {@code tests} tests and {@code runs} runs, one
     * every {@code runEvery} ms. On PostgreSQL the executions' partitions are those of a store that
     * has always had them: a week each over the whole history.
     */
    static Fixture prepare(Store store, int tests, int runs, long newestRunMillis, long runEvery) throws SQLException {
        return prepare(store, "bench", tests, runs, newestRunMillis, runEvery);
    }

    /** The same in an organization of this name. */
    static Fixture prepare(Store store, String orgSlug, int tests, int runs, long newestRunMillis, long runEvery)
            throws SQLException {
        Suites.Created created;
        Organization org;
        try (JdbcStorage storage = JdbcStorage.open(store.target())) {
            storage.migrate();
            org = storage.access().ensureOrganization(orgSlug);
            // The suite's upload token is sealed under the key the server will start with, which it
            // finds in the data directory, as an operator's server does.
            byte[] key = SecretBox.newKey();
            writeSecretKey(store.dataDir, key);
            created = new Suites(storage.suites(), new SecretBox(key), Clock.systemUTC())
                    .create(org, new SuiteFields("Bench", "main", null, null, null, null));
        }
        Suite suite = created.suite();
        List<UUID> testIds = new ArrayList<>(tests);
        List<UUID> runIds = new ArrayList<>(runs);
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tests (id, suite_id, scope, name, location,"
                    + " file_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int t = 0; t < tests; t++) {
                    UUID id = Ids.uuid7(newestRunMillis);
                    testIds.add(id);
                    insert.setString(1, id.toString());
                    insert.setString(2, suite.id().toString());
                    insert.setString(3, Workload.scope(t));
                    insert.setString(4, Workload.name(t));
                    insert.setString(5, Workload.location(t));
                    insert.setString(6, Workload.file(t));
                    insert.setLong(7, newestRunMillis);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO runs (id, suite_id, run_key, ci, branch,"
                    + " commit_sha, number, state, result, uploads_pending, created_at, updated_at) VALUES (?, ?, ?,"
                    + " 'buildkite', ?, ?, ?, 'finished', ?, 0, ?, ?)")) {
                for (int r = 0; r < runs; r++) {
                    long createdAt = newestRunMillis - (long) (runs - 1 - r) * runEvery;
                    UUID id = Ids.uuid7(createdAt);
                    runIds.add(id);
                    insert.setString(1, id.toString());
                    insert.setString(2, suite.id().toString());
                    insert.setString(3, UUID.randomUUID().toString());
                    insert.setString(4, r % 5 == 0 ? "feature-" + r % 40 : "main");
                    insert.setString(5, String.format("%040x", r));
                    insert.setString(6, String.valueOf(r));
                    insert.setString(7, r % 3 == 0 ? "failed" : "passed");
                    insert.setLong(8, createdAt);
                    insert.setLong(9, createdAt);
                    insert.addBatch();
                    if (r % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            if (store.kind == Store.Kind.postgres) {
                weeklyPartitions(c, newestRunMillis - (long) runs * runEvery);
            }
        }
        return new Fixture(org, suite, created.uploadToken(), testIds, runIds, newestRunMillis, runEvery);
    }

    /**
     * Replaces the empty partition migration 14 made of the store's past with a week's partition
     * each from {@code oldest}'s week on, as a store partitioned from its first day has them.
     */
    private static void weeklyPartitions(Connection c, long oldest) throws SQLException {
        long week = 7 * 86_400_000L;
        long monday = 4 * 86_400_000L;
        try (var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT to_regclass('executions_before') IS NULL")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return; // replaced already, by an earlier fixture in this store
                }
            }
            long firstWeek;
            try (var rs = s.executeQuery("SELECT min(CAST(substring(pg_get_expr(c.relpartbound, c.oid) FROM"
                    + " 'FROM \\(''?(\\d+)') AS bigint)) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " WHERE i.inhparent = 'executions'::regclass")) {
                rs.next();
                firstWeek = rs.getLong(1);
            }
            s.execute("ALTER TABLE executions DETACH PARTITION executions_before");
            s.execute("DROP TABLE executions_before");
            for (long w = Math.floorDiv(oldest - monday, week) * week + monday; w < firstWeek; w += week) {
                String name = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(java.time.Instant.ofEpochMilli(w));
                s.execute("CREATE TABLE executions_" + name + " PARTITION OF executions FOR VALUES FROM (" + w
                        + ") TO (" + (w + week) + ")");
            }
            c.commit();
        }
    }

    /** One execution row, as the processor writes it. */
    interface Rows {
        /** Row {@code i}: its run, its test index and whether it failed. */
        Row row(long i);
    }

    record Row(UUID run, int test, boolean failed, long createdAt) {}

    static final String HISTORY =
            "{\"section\":\"top\",\"start_at\":442.0,\"end_at\":442.05,\"duration\":0.05," + "\"children\":[]}";
    static final String TAGS = "{\"cloud.provider\":\"aws\"}";

    /** Loads {@code count} execution rows; returns how long it took, in nanoseconds. */
    static long loadExecutions(Store store, Fixture fixture, long count, Rows rows) throws SQLException, IOException {
        long started = System.nanoTime();
        try (Connection c = store.connect()) {
            if (store.kind == Store.Kind.postgres) {
                copy(c, fixture, count, rows);
            } else {
                insert(c, fixture, count, rows);
            }
        }
        return System.nanoTime() - started;
    }

    private static void insert(Connection c, Fixture fixture, long count, Rows rows) throws SQLException {
        c.setAutoCommit(false);
        UUID upload = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO executions (id, run_id, test_id, upload_id,"
                + " result, duration, failure_reason, failure_expanded, location, file_name, history, tags, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long i = 0; i < count; i++) {
                Row row = rows.row(i);
                insert.setString(1, Ids.uuid7(row.createdAt()).toString());
                insert.setString(2, row.run().toString());
                insert.setString(3, fixture.tests().get(row.test()).toString());
                insert.setString(4, upload.toString());
                insert.setString(5, row.failed() ? "failed" : "passed");
                insert.setDouble(6, 0.05);
                insert.setString(7, row.failed() ? Workload.FAILURE_REASON : null);
                insert.setString(8, row.failed() ? Workload.FAILURE_EXPANDED : null);
                insert.setString(9, Workload.location(row.test()));
                insert.setString(10, Workload.file(row.test()));
                insert.setString(11, HISTORY);
                insert.setString(12, TAGS);
                insert.setLong(13, row.createdAt());
                insert.addBatch();
                if (i % 5000 == 4999) {
                    insert.executeBatch();
                }
                if (i % SQLITE_COMMIT_EVERY == SQLITE_COMMIT_EVERY - 1) {
                    c.commit();
                }
            }
            insert.executeBatch();
        }
        c.commit();
    }

    private static void copy(Connection c, Fixture fixture, long count, Rows rows) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY executions (id, run_id, test_id, upload_id,"
                        + " result, duration, failure_reason, failure_expanded, location, file_name, history, tags, created_at)"
                        + " FROM STDIN WITH (FORMAT csv)");
        String upload = UUID.randomUUID().toString();
        StringBuilder csv = new StringBuilder(COPY_CHUNK + 4096);
        for (long i = 0; i < count; i++) {
            Row row = rows.row(i);
            csv.append(Ids.uuid7(row.createdAt()))
                    .append(',')
                    .append(row.run())
                    .append(',')
                    .append(fixture.tests().get(row.test()))
                    .append(',')
                    .append(upload)
                    .append(',')
                    .append(row.failed() ? "failed" : "passed")
                    .append(",0.05,");
            if (row.failed()) {
                quoted(csv, Workload.FAILURE_REASON).append(',');
                quoted(csv, Workload.FAILURE_EXPANDED).append(',');
            } else {
                csv.append(",,");
            }
            quoted(csv, Workload.location(row.test())).append(',');
            quoted(csv, Workload.file(row.test())).append(',');
            quoted(csv, HISTORY).append(',');
            quoted(csv, TAGS).append(',').append(row.createdAt()).append('\n');
            if (csv.length() >= COPY_CHUNK) {
                byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                csv.setLength(0);
            }
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
