package dev.verdict.storage;

import java.sql.SQLException;

/** The two engines Verdict stores in. SQL is shared; what differs is said here and nowhere else. */
public enum Dialect {
    SQLITE("db/sqlite"),
    POSTGRESQL("db/postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** Where this dialect's Flyway migrations are, on the classpath. */
    public String migrations() {
        return migrations;
    }

    /** Locks the selected rows for the transaction; SQLite's write transactions already exclude all others. */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * Locks the selected rows and passes over rows another transaction holds, so several workers
     * (in several processes) each claim a different upload. SQLite has one writer at a time.
     */
    public String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** Whether an exception (or its cause) is a violation of the named unique constraint. */
    public boolean isUniqueViolation(Throwable error, String constraint, String... sqliteColumns) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && matches(sql, constraint, sqliteColumns)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(SQLException sql, String constraint, String... sqliteColumns) {
        String message = String.valueOf(sql.getMessage());
        return switch (this) {
            // PostgreSQL names the constraint; SQLite names the columns ("UNIQUE constraint failed: suites.slug").
            case POSTGRESQL -> "23505".equals(sql.getSQLState()) && message.contains(constraint);
            case SQLITE ->
                message.contains("UNIQUE constraint failed")
                        && java.util.Arrays.stream(sqliteColumns).allMatch(message::contains);
        };
    }
}
