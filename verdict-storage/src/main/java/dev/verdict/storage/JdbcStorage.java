package dev.verdict.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.verdict.core.access.AccessStore;
import dev.verdict.core.access.WebSessionStore;
import dev.verdict.core.ingest.UploadStore;
import dev.verdict.core.plans.PlanStore;
import dev.verdict.core.runs.RunStore;
import dev.verdict.core.storage.CheckResult;
import dev.verdict.core.storage.Leadership;
import dev.verdict.core.storage.RetentionStore;
import dev.verdict.core.storage.Storage;
import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.core.suites.SuiteStore;
import dev.verdict.core.tests.TestStore;
import dev.verdict.core.workflows.WorkflowStore;
import dev.verdict.storage.internal.AdvisoryLeadership;
import dev.verdict.storage.internal.Failures;
import dev.verdict.storage.internal.JdbcAccessStore;
import dev.verdict.storage.internal.JdbcPlanStore;
import dev.verdict.storage.internal.JdbcRetention;
import dev.verdict.storage.internal.JdbcRunStore;
import dev.verdict.storage.internal.JdbcSuiteStore;
import dev.verdict.storage.internal.JdbcTestStore;
import dev.verdict.storage.internal.JdbcUploadStore;
import dev.verdict.storage.internal.JdbcWebSessionStore;
import dev.verdict.storage.internal.JdbcWorkflowStore;
import dev.verdict.storage.internal.Writer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/**
 * The one storage implementation, over JDBC, for SQLite and PostgreSQL. Opening it does no I/O:
 * the pool connects on first use, so a database that is down shows up in {@link #check()} rather
 * than as a failure to build the server.
 */
public final class JdbcStorage implements Storage {
    private final DatabaseTarget target;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Failures failures;
    private final AccessStore access;
    private final SuiteStore suites;
    private final UploadStore uploads;
    private final RunStore runs;
    private final TestStore tests;
    private final WebSessionStore webSessions;
    private final PlanStore plans;
    private final WorkflowStore workflows;
    private final Leadership leadership;
    private final RetentionStore retention;

    private JdbcStorage(DatabaseTarget target) {
        this.target = target;
        HikariConfig pool = poolConfig(target);
        this.dataSource = new HikariDataSource(pool);
        // Several servers share a PostgreSQL database; a SQLite file is one machine's, one server's.
        this.leadership = target.dialect() == Dialect.POSTGRESQL
                ? new AdvisoryLeadership(target.jdbcUrl(), pool.getDataSourceProperties())
                : Leadership.ALONE;
        this.jdbi = Jdbi.create(dataSource);
        // An exception's message names the statement but never its bound values (user data).
        jdbi.getConfig(StatementExceptions.class)
                .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
        this.failures = new Failures(target);
        Writer writer = new Writer(jdbi, target.dialect());
        // Every store is seen through the one decorator that turns the database's own failures
        // into StorageUnavailable (503 and a retry), whichever method met them.
        this.access = failures.guard(AccessStore.class, new JdbcAccessStore(jdbi, writer));
        this.suites = failures.guard(SuiteStore.class, new JdbcSuiteStore(jdbi, writer, target.dialect()));
        this.plans = failures.guard(PlanStore.class, new JdbcPlanStore(jdbi, writer, target.dialect()));
        AtomicReference<Runnable> deliveriesQueued = new AtomicReference<>(() -> {});
        this.uploads = failures.guard(
                UploadStore.class, new JdbcUploadStore(jdbi, writer, target.dialect(), failures, deliveriesQueued));
        this.workflows = failures.guard(
                WorkflowStore.class, new JdbcWorkflowStore(jdbi, writer, target.dialect(), deliveriesQueued));
        this.runs = failures.guard(RunStore.class, new JdbcRunStore(jdbi, target.dialect()));
        this.tests = failures.guard(TestStore.class, new JdbcTestStore(jdbi, writer, target.dialect()));
        this.webSessions = failures.guard(WebSessionStore.class, new JdbcWebSessionStore(jdbi, writer));
        this.retention = failures.guard(RetentionStore.class, new JdbcRetention(jdbi, writer, target.dialect()));
    }

    public static JdbcStorage open(DatabaseTarget target) {
        return new JdbcStorage(target);
    }

    public DatabaseTarget target() {
        return target;
    }

    /**
     * Writes a consistent copy of a SQLite store to {@code to}, while servers go on reading and
     * writing it: {@code VACUUM INTO} reads one snapshot (WAL mode lets writers continue) and
     * writes a compact database file with no WAL of its own. {@code to} must not exist yet.
     * PostgreSQL stores are backed up with PostgreSQL's own tools, so this refuses them.
     */
    public void backup(java.nio.file.Path to) {
        if (target.dialect() != Dialect.SQLITE) {
            throw new IllegalStateException("backup copies a SQLite store; back a PostgreSQL store up with pg_dump"
                    + " (or its continuous archiving), which Verdict's schema needs nothing special for");
        }
        if (java.nio.file.Files.exists(to)) {
            throw new IllegalStateException(to + " already exists; a backup is written to a new file");
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("VACUUM INTO :to")
                    .bind("to", to.toAbsolutePath().toString())
                    .execute());
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    /**
     * The newest migration's version, in both {@code db/sqlite} and {@code db/postgresql};
     * {@code SchemaVersionTest} fails when a migration is added and this is not raised with it.
     */
    public static final int SCHEMA_VERSION = 14;

    @Override
    public void migrate() {
        if (target.dialect() == Dialect.SQLITE) {
            createDatabaseFile(target.location());
        }
        try {
            if (upToDate()) {
                return;
            }
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + target.dialect().migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    /**
     * Whether the schema history already records the newest migration. Flyway takes ~0.3 s to
     * decide the same (it loads, scans and checksums its migrations), the longest step of a start.
     */
    private boolean upToDate() {
        try {
            return jdbi.withHandle(h -> h.createQuery(
                                    "SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success")
                            .mapTo(Integer.class)
                            .findOne())
                    .filter(version -> version == SCHEMA_VERSION)
                    .isPresent();
        } catch (RuntimeException noHistoryYet) {
            // Unless the database is not there at all: then the migration would only wait for it again.
            if (failures.translate(noHistoryYet) instanceof StorageUnavailable unavailable) {
                throw unavailable;
            }
            return false;
        }
    }

    @Override
    public CheckResult check() {
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            return CheckResult.failed(failures.translate(e));
        }
        // Reads still answer on a full disk; what fails is every upload, which health must say.
        return failures.writesFailing()
                ? new CheckResult(
                        Optional.of("writes fail: the disk of the database at " + target.location() + " is full"))
                : CheckResult.OK;
    }

    @Override
    public AccessStore access() {
        return access;
    }

    @Override
    public WebSessionStore webSessions() {
        return webSessions;
    }

    @Override
    public SuiteStore suites() {
        return suites;
    }

    @Override
    public UploadStore uploads() {
        return uploads;
    }

    @Override
    public RunStore runs() {
        return runs;
    }

    @Override
    public TestStore tests() {
        return tests;
    }

    @Override
    public PlanStore plans() {
        return plans;
    }

    @Override
    public WorkflowStore workflows() {
        return workflows;
    }

    /** The connection pool as it stands: for metrics. */
    public record Pool(int active, int idle, int total, int waiting, int max) {}

    public Pool pool() {
        var bean = dataSource.getHikariPoolMXBean();
        if (bean == null) { // not started: no connection asked for yet
            return new Pool(0, 0, 0, 0, dataSource.getMaximumPoolSize());
        }
        return new Pool(
                bean.getActiveConnections(),
                bean.getIdleConnections(),
                bean.getTotalConnections(),
                bean.getThreadsAwaitingConnection(),
                dataSource.getMaximumPoolSize());
    }

    @Override
    public RetentionStore retention() {
        return retention;
    }

    @Override
    public Leadership leadership() {
        return leadership;
    }

    /** Whether several worker threads can write at once: PostgreSQL yes, SQLite has one writer. */
    public int writers() {
        return target.dialect() == Dialect.POSTGRESQL ? 2 : 1;
    }

    @Override
    public void close() {
        leadership.close();
        dataSource.close();
    }

    private static HikariConfig poolConfig(DatabaseTarget target) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setPoolName("verdict");
        // Lazy: no connection until first use, so building the server never fails on a down database.
        config.setInitializationFailTimeout(-1);
        // A health check must answer well before a load balancer gives up on it.
        config.setConnectionTimeout(5_000);
        Properties properties = new Properties();
        switch (target.dialect()) {
            case SQLITE -> {
                // WAL lets readers run beside the one writer; busy_timeout makes a second process
                // (verdict token create beside a running server) wait for the lock instead of failing.
                // IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock upgrading.
                // synchronous=FULL: a committed upload survives power loss, not only a killed process.
                properties.setProperty("journal_mode", "WAL");
                properties.setProperty("busy_timeout", "10000");
                properties.setProperty("foreign_keys", "true");
                properties.setProperty("synchronous", "FULL");
                properties.setProperty("transaction_mode", "IMMEDIATE");
                config.setMaximumPoolSize(4);
            }
            case POSTGRESQL -> {
                // Ids are bound as strings; "unspecified" lets PostgreSQL read them as uuid.
                properties.setProperty("stringtype", "unspecified");
                // One multi-row INSERT per batch instead of one statement per row.
                properties.setProperty("reWriteBatchedInserts", "true");
                // A server error's DETAIL quotes the row's values (user data): kept out of
                // exception messages, and so out of logs and answers.
                properties.setProperty("logServerErrorDetail", "false");
                config.setMaximumPoolSize(10);
            }
        }
        config.setDataSourceProperties(properties);
        return config;
    }

    /**
     * Makes the data directory (0700) and an empty database file (0600) before SQLite opens it:
     * SQLite would make the file with the process's umask, and gives its -wal and -shm files the
     * mode of the database file.
     */
    private static void createDatabaseFile(String file) {
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path path = Paths.get(file).toAbsolutePath();
        PrivateFiles.directory(path.getParent());
        try {
            PrivateFiles.file(path);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the database " + path + ": " + PrivateFiles.explain(e), e);
        }
    }
}
