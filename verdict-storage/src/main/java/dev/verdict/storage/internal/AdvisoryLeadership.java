package dev.verdict.storage.internal;

import dev.verdict.core.storage.Leadership;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership on PostgreSQL: a session-level advisory lock held on a connection of its own, outside
 * the pool, for as long as the server lives. PostgreSQL lets the lock go when that session ends, a
 * killed server's included, so no lease has to run out before another server takes over; a server
 * whose connection broke (the database restarted) asks again like any other.
 */
public final class AdvisoryLeadership implements Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLeadership.class);

    /** The lock's key, the same in every server of every version: "verdict" in ASCII. */
    static final long KEY = 0x76657264696374L;

    /** How long a check of the held connection may take before it counts as broken. */
    private static final int VALID_SECONDS = 2;

    private final String jdbcUrl;
    private final Properties properties;
    /** The lock's session: only {@link #lead()} and {@link #close()} touch it, each synchronized. */
    private Connection connection;

    private volatile boolean leading;

    public AdvisoryLeadership(String jdbcUrl, Properties properties) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
    }

    @Override
    public synchronized boolean lead() {
        try {
            if (connection != null && !connection.isValid(VALID_SECONDS)) {
                drop("its connection to the database broke");
            }
            if (connection == null) {
                connection = DriverManager.getConnection(jdbcUrl, properties);
            }
            if (!leading) {
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                    leading = rs.next() && rs.getBoolean(1);
                }
                if (leading) {
                    LOG.info("this server now runs the cluster's background chores");
                }
            }
        } catch (SQLException e) {
            // The database is down: nobody leads until it answers, and then whoever asks first.
            drop("the database did not answer: " + e.getMessage());
        }
        return leading;
    }

    @Override
    public boolean leading() {
        return leading;
    }

    private void drop(String why) {
        if (leading) {
            LOG.warn("this server no longer runs the cluster's background chores: {}", why);
        }
        release();
    }

    private void release() {
        leading = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the session is gone either way, and its lock with it
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        if (leading) {
            LOG.info("this server is stopping: another takes the cluster's background chores");
        }
        release();
    }
}
