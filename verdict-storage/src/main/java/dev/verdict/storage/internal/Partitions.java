package dev.verdict.storage.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's executions, a partition a week (migration 14): weeks from Monday 00:00 UTC, named
 * {@code executions_YYYYMMDD} by their Monday, made four weeks ahead, and dropped whole once the
 * week is expired: detached concurrently first, which waits for the transactions reading it and
 * blocks no insert, then dropped on its own.
 */
final class Partitions {
    private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);
    static final long DAY = 86_400_000L;
    static final long WEEK = 7 * DAY;
    /** 1970-01-05, the first Monday of epoch time. */
    private static final long MONDAY = 4 * DAY;

    static final int WEEKS_AHEAD = 4;
    /** Serializes making partitions across servers (a transaction-level advisory lock). */
    private static final long MAKING = 0x7665726469637450L;

    private static final Pattern UPPER = Pattern.compile("TO \\('?(-?\\d+)'?\\)");
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    /** One partition: its name, where its range ends (exclusive), whether a detach was left half done. */
    record Partition(String name, long upper, boolean detaching) {}

    private final Jdbi jdbi;

    Partitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static long weekStart(long millis) {
        return Math.floorDiv(millis - MONDAY, WEEK) * WEEK + MONDAY;
    }

    /** The executions' partitions, the default aside (there is none, unless an operator made one). */
    List<Partition> list(Handle h) {
        return h
                .createQuery("SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound,"
                        + " i.inhdetachpending AS detaching"
                        + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'executions'::regclass")
                .map((rs, ctx) -> {
                    String name = rs.getString("name");
                    boolean detaching = rs.getBoolean("detaching");
                    return upper(rs.getString("bound")).map(u -> new Partition(name, u, detaching));
                })
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<Long> upper(String bound) {
        Matcher m = UPPER.matcher(bound);
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Makes the weeks from this one to {@link #WEEKS_AHEAD} ahead that no partition holds yet. */
    int makeAhead(Instant now) {
        return jdbi.inTransaction(h -> {
            h.execute("SELECT pg_advisory_xact_lock(" + MAKING + ")");
            long highest = list(h).stream().mapToLong(Partition::upper).max().orElse(Long.MIN_VALUE);
            long week = weekStart(now.toEpochMilli());
            int made = 0;
            for (int i = 0; i <= WEEKS_AHEAD; i++, week += WEEK) {
                if (week >= highest) {
                    h.execute("CREATE TABLE executions_" + NAME.format(Instant.ofEpochMilli(week))
                            + " PARTITION OF executions FOR VALUES FROM (" + week + ") TO (" + (week + WEEK) + ")");
                    made++;
                }
            }
            return made;
        });
    }

    /** Drops each partition whose every row was created before {@code cutoff}. */
    int dropBefore(long cutoff) {
        List<Partition> expired = jdbi.withHandle(this::list).stream()
                .filter(p -> p.upper() <= cutoff)
                .toList();
        for (Partition p : expired) {
            // Not in a transaction: DETACH ... CONCURRENTLY runs two of its own.
            jdbi.useHandle(h -> {
                h.execute("ALTER TABLE executions DETACH PARTITION " + p.name()
                        + (p.detaching() ? " FINALIZE" : " CONCURRENTLY"));
                h.execute("DROP TABLE " + p.name());
            });
            LOG.info("retention dropped {}: executions created before {}", p.name(), Instant.ofEpochMilli(p.upper()));
        }
        return expired.size();
    }
}
