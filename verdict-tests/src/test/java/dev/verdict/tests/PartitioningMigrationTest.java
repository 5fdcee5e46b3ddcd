package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Retention;
import dev.verdict.storage.JdbcStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL store from before partitioning, with executions in it, migrates in place: its
 * executions become one partition as they are, every row still there and read as before, the
 * weeks ahead are made, new executions land in them, and retention then deletes the old
 * partition's expired rows while keeping the rest.
 */
class PartitioningMigrationTest {
    private static final int PER_RUN = 500;

    private final PostgresDatabase database = (PostgresDatabase) TestDatabase.postgres();

    @Test
    void executionsFromBeforePartitioningMigrateInPlaceAndExpireByRow() throws Exception {
        String url = database.target().jdbcUrl();
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/postgresql")
                .target("13")
                .load()
                .migrate();
        Instant now = Instant.now();
        String expired = UUID.randomUUID().toString();
        String older = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            String org = UUID.randomUUID().toString();
            String suite = UUID.randomUUID().toString();
            s.execute("INSERT INTO organizations (id, slug, name, created_at) VALUES ('" + org + "', 'old', 'Old', 0)");
            s.execute("INSERT INTO suites (id, organization_id, slug, name, default_branch, upload_token_id,"
                    + " upload_token_hash, upload_token_sealed, created_at, updated_at) VALUES ('" + suite + "', '"
                    + org
                    + "', 'old', 'Old', 'main', gen_random_uuid(), '\\x00', 'x', 0, 0)");
            run(s, suite, expired, now.minus(Duration.ofDays(300)));
            run(s, suite, older, now.minus(Duration.ofDays(100)));
            run(s, suite, recent, now.minus(Duration.ofDays(2)));
        }

        try (JdbcStorage storage = JdbcStorage.open(database.target())) {
            storage.migrate();

            assertThat(database.count(
                            "SELECT count(*) FROM pg_class WHERE relname = ? AND relkind = 'p'", "executions"))
                    .as("executions is partitioned")
                    .isEqualTo(1);
            assertThat(database.count(
                            "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                    + " WHERE i.inhparent = 'executions'::regclass AND c.relname = ?",
                            "executions_before"))
                    .as("the store's past is one partition, attached, not copied")
                    .isEqualTo(1);
            assertThat(database.count("SELECT count(*) FROM executions")).isEqualTo(3L * PER_RUN);
            assertThat(database.count("SELECT count(*) FROM executions WHERE run_id = ?", older))
                    .isEqualTo(PER_RUN);
            long nextWeek = now.plus(Duration.ofDays(10)).toEpochMilli();
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO executions (id, run_id, test_id, upload_id, result, created_at) VALUES"
                        + " (gen_random_uuid(), '" + recent + "', gen_random_uuid(), gen_random_uuid(), 'passed', "
                        + nextWeek + ")");
            }
            assertThat(database.count("SELECT count(*) FROM executions_before WHERE created_at = ?", nextWeek))
                    .as("a new week's execution lands in its own partition")
                    .isZero();

            for (int round = 0; round < 10 && storage.retention().expire(now, Retention.DEFAULT) > 0; round++) {
                // each round deletes a few batches; carry on until there is nothing left
            }
        }
        assertThat(database.count("SELECT count(*) FROM executions WHERE run_id = ?", expired))
                .isZero();
        assertThat(database.count("SELECT count(*) FROM runs WHERE id = ?", expired))
                .isZero();
        assertThat(database.count("SELECT count(*) FROM executions WHERE run_id = ?", older))
                .isEqualTo(PER_RUN);
        assertThat(database.count("SELECT count(*) FROM executions WHERE run_id = ?", recent))
                .isEqualTo(PER_RUN + 1);
    }

    private static void run(Statement s, String suite, String id, Instant at) throws SQLException {
        long ms = at.toEpochMilli();
        s.execute("INSERT INTO runs (id, suite_id, run_key, state, result, created_at, updated_at) VALUES ('" + id
                + "', '" + suite + "', '" + id + "', 'finished', 'passed', " + ms + ", " + ms + ")");
        s.execute("INSERT INTO executions (id, run_id, test_id, upload_id, result, created_at)"
                + " SELECT gen_random_uuid(), '" + id + "', gen_random_uuid(), gen_random_uuid(), 'passed', " + ms
                + " FROM generate_series(1, " + PER_RUN + ")");
    }
}
