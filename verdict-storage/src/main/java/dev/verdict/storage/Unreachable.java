package dev.verdict.storage;

import dev.verdict.core.storage.StorageUnavailable;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a database that cannot be reached from other failures, and says why in one line. The pool,
 * Flyway and the driver each wrap the cause ("Unable to obtain connection from database: verdict -
 * Connection is not available, request timed out after 5000ms"); what the operator needs is at the
 * bottom: where, and "connection refused".
 */
final class Unreachable {
    private Unreachable() {}

    static Optional<StorageUnavailable> explain(Throwable failure, DatabaseTarget target) {
        return reason(failure)
                .map(reason -> new StorageUnavailable(
                        (target.dialect() == Dialect.SQLITE
                                        ? "cannot open the SQLite database "
                                        : "cannot connect to the database at ")
                                + where(target) + ": " + reason,
                        failure));
    }

    /** Why the database cannot be reached, or empty if the failure is of another kind. */
    private static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageUnavailable) {
                return Optional.empty();
            }
            if (t instanceof ConnectException) {
                return Optional.of("connection refused");
            }
            if (t instanceof UnknownHostException) {
                return Optional.of("unknown host " + t.getMessage());
            }
            if (t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return Optional.of(lowerFirst(t.getMessage()));
            }
            if (t instanceof SQLException sql && refusesUs(sql)) {
                return Optional.of(sql.getMessage().lines().findFirst().orElse(""));
            }
        }
        return Optional.empty();
    }

    /**
     * A server that answers but lets us in no further (PostgreSQL's classes 28: authorization, and
     * 3D000: no such database), or an SQLite file that cannot be opened as a database.
     */
    private static boolean refusesUs(SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        String message = sql.getMessage() == null ? "" : sql.getMessage();
        return state.startsWith("28")
                || state.equals("3D000")
                || message.startsWith("[SQLITE_CANTOPEN]")
                || message.startsWith("[SQLITE_NOTADB]")
                || message.startsWith("[SQLITE_PERM]")
                || message.startsWith("[SQLITE_READONLY");
    }

    /** host:port for PostgreSQL (5432 when the URL names none), the file for SQLite. */
    static String where(DatabaseTarget target) {
        String url = target.jdbcUrl();
        if (target.dialect() == Dialect.SQLITE) {
            return url.substring("jdbc:sqlite:".length()).split("\\?", 2)[0];
        }
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            return "localhost:5432";
        }
        String hosts = rest.substring(2).split("[/?]", 2)[0];
        boolean hasPort = hosts.lastIndexOf(':') > hosts.lastIndexOf(']');
        return hosts.isEmpty() ? "localhost:5432" : hasPort ? hosts : hosts + ":5432";
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "no answer";
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
