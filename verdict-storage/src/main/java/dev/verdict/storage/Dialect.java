package dev.verdict.storage;

import java.sql.SQLException;
import java.util.Optional;

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
     * Locks the selected rows against change, not against other readers that lock them so; SQLite's
     * write transactions already exclude all others.
     */
    public String forShare() {
        return this == POSTGRESQL ? " FOR SHARE" : "";
    }

    /**
     * Locks the selected rows and passes over rows another transaction holds, so several workers
     * (in several processes) each claim a different upload. SQLite has one writer at a time.
     */
    public String forUpdateSkipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /**
     * Deletes at most {@code :limit} rows of {@code table} that match {@code where}, found through
     * the table's own row address (SQLite's rowid, PostgreSQL's ctid), so any table can be emptied
     * in small batches whatever its key.
     */
    public String deleteSome(String table, String where) {
        return this == POSTGRESQL
                ? "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE " + where
                        + " LIMIT :limit))"
                : "DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM " + table + " WHERE " + where
                        + " LIMIT :limit)";
    }

    /**
     * A text value from a JSON object column, the key bound as {@code :param} with the value
     * {@link #jsonKey(String)} gives. Keys are tag keys (letters, digits, {@code _ - .}).
     */
    public String jsonText(String column, String param) {
        return this == POSTGRESQL
                ? "(" + column + "::jsonb ->> CAST(:" + param + " AS text))"
                : "json_extract(" + column + ", :" + param + ")";
    }

    /** The bound value that names {@code key} in {@link #jsonText}: a path for SQLite, the key for PostgreSQL. */
    public String jsonKey(String key) {
        return this == POSTGRESQL ? key : "$.\"" + key + "\"";
    }

    /** Whether {@code text} contains the bound {@code :param}, ignoring case. */
    public String containsIgnoringCase(String text, String param) {
        String position = this == POSTGRESQL ? "strpos" : "instr";
        return position + "(lower(" + text + "), lower(:" + param + ")) > 0";
    }

    /** Whether test {@code t}'s name or scope contains the bound {@code :param}, ignoring case: a test search. */
    public String testContains(String param) {
        return "(" + containsIgnoringCase("t.name", param) + " OR " + containsIgnoringCase("t.scope", param) + ")";
    }

    /**
     * Plans this transaction's statements for their values, every time. PostgreSQL otherwise
     * switches a repeated statement to a generic plan, which cannot see that a time range holds
     * few runs and scans every execution. Empty for SQLite, which always plans with the values.
     */
    public Optional<String> customPlans() {
        return this == POSTGRESQL ? Optional.of("SET LOCAL plan_cache_mode = force_custom_plan") : Optional.empty();
    }

    /**
     * Lets this transaction's commit return before its log is flushed. For processing an upload
     * only: what it writes is worked out again from the payload, which was committed, flushed,
     * before the upload was acknowledged and goes only with this transaction, so a crash of the
     * database that loses the commit leaves the upload queued, to be processed again. Waiting for
     * the flush would hold the suite's judgment lock through it, and put every worker's flush in
     * one line. SQLite's one writer has no such line.
     */
    public Optional<String> unflushedCommit() {
        return this == POSTGRESQL ? Optional.of("SET LOCAL synchronous_commit = off") : Optional.empty();
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
