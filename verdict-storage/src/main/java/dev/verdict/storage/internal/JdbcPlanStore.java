package dev.verdict.storage.internal;

import dev.verdict.core.plans.PlanStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Test plans by (suite, identifier): the first one stored for an identifier wins, until it expires. */
public final class JdbcPlanStore implements PlanStore {
    private final Jdbi jdbi;
    private final Writer writer;

    public JdbcPlanStore(Jdbi jdbi, Writer writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    @Override
    public Optional<String> find(UUID suiteId, String identifier, Instant now) {
        return jdbi.withHandle(h -> find(h, suiteId, identifier, now));
    }

    private static Optional<String> find(Handle h, UUID suiteId, String identifier, Instant now) {
        return h.createQuery("SELECT plan FROM test_plans WHERE suite_id = :suite AND identifier = :identifier"
                        + " AND expires_at > :now")
                .bind("suite", suiteId.toString())
                .bind("identifier", identifier)
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public String createIfAbsent(UUID suiteId, String identifier, String plan, Instant now, Instant expiresAt) {
        return writer.inTransaction(h -> {
            // An expired plan makes way; a live one stays, and every creator reads it back.
            h.createUpdate("INSERT INTO test_plans (suite_id, identifier, plan, created_at, expires_at)"
                            + " VALUES (:suite, :identifier, :plan, :now, :expires)"
                            + " ON CONFLICT (suite_id, identifier) DO UPDATE SET plan = excluded.plan,"
                            + " created_at = excluded.created_at, expires_at = excluded.expires_at"
                            + " WHERE test_plans.expires_at <= :now")
                    .bind("suite", suiteId.toString())
                    .bind("identifier", identifier)
                    .bind("plan", plan)
                    .bind("now", now.toEpochMilli())
                    .bind("expires", expiresAt.toEpochMilli())
                    .execute();
            return find(h, suiteId, identifier, now).orElseThrow();
        });
    }
}
