package dev.verdict.bench;

import dev.verdict.storage.DatabaseTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh store for one benchmark: a SQLite file in a new data directory, or a new database on a
 * real PostgreSQL server the benchmark starts itself (embedded binaries from Maven Central).
 */
final class Store implements AutoCloseable {
    enum Kind {
        sqlite,
        postgres
    }

    private static EmbeddedPostgres postgres;
    private static int databases;

    final Kind kind;
    final Path dataDir;
    private final String postgresUrl;

    private Store(Kind kind, Path dataDir, String postgresUrl) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.postgresUrl = postgresUrl;
    }

    static Store fresh(Kind kind) throws IOException, SQLException {
        Path dir = Files.createTempDirectory("verdict-bench-");
        if (kind == Kind.sqlite) {
            return new Store(kind, dir, null);
        }
        EmbeddedPostgres pg = postgres();
        String name = "bench_" + ProcessHandle.current().pid() + "_" + ++databases;
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new Store(kind, dir, pg.getJdbcUrl("postgres", name));
    }

    private static synchronized EmbeddedPostgres postgres() throws IOException {
        if (postgres == null) {
            // Settings of a server tuned for bulk writes on a small machine, fsync kept on.
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        }
        return postgres;
    }

    /** The flags that point {@code verdict} commands at this store. */
    List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        if (postgresUrl != null) {
            flags.addAll(List.of("--database-url", postgresUrl));
        }
        return flags;
    }

    DatabaseTarget target() {
        return DatabaseTarget.resolve(postgresUrl, dataDir);
    }

    /** A JDBC URL for loading rows directly. */
    String jdbcUrl() {
        return postgresUrl != null
                ? postgresUrl + "&stringtype=unspecified"
                : "jdbc:sqlite:" + dataDir.resolve("verdict.db");
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl());
        if (kind == Kind.sqlite) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=10000");
            }
        }
        return c;
    }

    /** What the store takes on disk: the PostgreSQL database, or SQLite's file and its log. */
    long bytesOnDisk() throws SQLException, IOException {
        if (kind == Kind.postgres) {
            try (Connection c = connect();
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }
        long bytes = 0;
        for (String file : List.of("verdict.db", "verdict.db-wal")) {
            Path path = dataDir.resolve(file);
            if (java.nio.file.Files.exists(path)) {
                bytes += java.nio.file.Files.size(path);
            }
        }
        return bytes;
    }

    @Override
    public void close() {
        // The temporary directory and database are left for inspection; the OS cleans /tmp.
    }

    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
