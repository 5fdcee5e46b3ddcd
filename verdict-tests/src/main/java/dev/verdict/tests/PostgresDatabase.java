package dev.verdict.tests;

import dev.verdict.storage.DatabaseTarget;
import dev.verdict.storage.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database on a real PostgreSQL server. One server is started per test JVM (the first start
 * takes a few seconds, so it is shared) and stopped when the JVM exits; each test class gets a new
 * database on it, so classes never see each other's rows.
 */
public final class PostgresDatabase implements TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private final String name;

    /** The server of its own this database is on ({@link #onItsOwnServer}), else null: the shared one. */
    private volatile EmbeddedPostgres own;

    private final Path ownData;

    private PostgresDatabase(String name) {
        this(name, null, null);
    }

    private PostgresDatabase(String name, EmbeddedPostgres own, Path ownData) {
        this.name = name;
        this.own = own;
        this.ownData = ownData;
    }

    /**
     * A database on a PostgreSQL server of its own, in {@code data}, which a test may {@link
     * #crash} and {@link #restart}.
     */
    static PostgresDatabase onItsOwnServer(Path data) {
        try {
            EmbeddedPostgres pg = ownServer(data, 0);
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE verdict");
            }
            return new PostgresDatabase("verdict", pg, data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a PostgreSQL server", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres ownServer(Path data, int port) throws IOException {
        var builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                // As a production server commits (the embedded default is off): an acknowledged
                // upload's commit must reach the disk before the answer.
                .setServerConfig("synchronous_commit", "on");
        return (port == 0 ? builder : builder.setPort(port)).start();
    }

    /**
     * Kills the server as a power cut would end it: SIGKILL to the postmaster and every backend,
     * no shutdown, nothing flushed that was not flushed already.
     */
    public void crash() {
        try {
            long pid = Long.parseLong(Files.readAllLines(ownData.resolve("postmaster.pid"))
                    .getFirst()
                    .trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
            List<ProcessHandle> all =
                    new java.util.ArrayList<>(postmaster.descendants().toList());
            all.addFirst(postmaster);
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot kill the PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** Starts the server again on its data and port, after a {@link #crash}: it recovers from its log. */
    public void restart() {
        EmbeddedPostgres crashed = own;
        try {
            crashed.close(); // releases its lock on the data directory; the server is gone already
        } catch (IOException | RuntimeException stoppingADeadServer) {
            // expected: there is nothing left to stop
        }
        try {
            own = ownServer(ownData, crashed.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PostgreSQL server again", e);
        }
    }

    /** Stops a server of its own for good. */
    public void stopOwnServer() {
        try {
            own.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PostgresDatabase fresh() {
        EmbeddedPostgres pg = server();
        String name = "verdict_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database: " + e.getMessage(), e);
        }
        return new PostgresDatabase(name);
    }

    @Override
    public DatabaseTarget target() {
        return new DatabaseTarget(Dialect.POSTGRESQL, pg().getJdbcUrl("postgres", name));
    }

    /** Runs an SQL statement as the superuser, for tests that break the database on purpose. */
    public void superuser(String sql) {
        try (Connection c = pg().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server this database is on: its own, else the shared one. */
    private EmbeddedPostgres pg() {
        return own != null ? own : server();
    }

    public String name() {
        return name;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // the JVM is exiting; the temporary cluster goes with it
                }
            }));
        }
        return server;
    }
}
