package dev.verdict.tests;

import dev.verdict.storage.DatabaseTarget;
import dev.verdict.storage.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

    private PostgresDatabase(String name) {
        this.name = name;
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
        return new DatabaseTarget(Dialect.POSTGRESQL, server().getJdbcUrl("postgres", name));
    }

    /** Runs an SQL statement as the superuser, for tests that break the database on purpose. */
    public void superuser(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
