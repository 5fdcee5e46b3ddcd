package dev.verdict.storage.internal;

import dev.verdict.core.Text;
import dev.verdict.core.storage.StorageUnavailable;
import dev.verdict.storage.DatabaseTarget;
import dev.verdict.storage.Dialect;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * The one place that tells a failure of the database itself (down, busy, out of disk) from a
 * failure caused by the data or a bug. The first kind becomes {@link StorageUnavailable}: callers
 * answer 503 or 507 and retry, and the upload processor counts no attempt against an upload for
 * it. Messages name the database and the driver's own words, never a Java class or bound values.
 */
public final class Failures {
    /** SQLite's primary result codes that say the database, not the statement, failed. */
    private static final int SQLITE_BUSY = 5;

    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_NOTADB = 26;
    private static final int MAX_REASON_CHARS = 2000;

    private final DatabaseTarget target;
    /**
     * Set by a write that failed for a full disk, cleared by the next upload that is stored: the
     * processor's small writes may still find room where an upload does not, so they do not count.
     * {@code /health} reads it.
     */
    private volatile boolean writesFailing;

    public Failures(DatabaseTarget target) {
        this.target = target;
    }

    /** The failure as callers should see it: {@link StorageUnavailable}, or the error itself. */
    public RuntimeException translate(RuntimeException error) {
        if (error instanceof StorageUnavailable) {
            return error;
        }
        return kind(error)
                .<RuntimeException>map(kind -> {
                    boolean full = kind == Kind.FULL;
                    if (full) {
                        writesFailing = true;
                    }
                    return new StorageUnavailable(message(kind, error), full, error);
                })
                .orElse(error);
    }

    /** Whether the last write failed for want of disk space. */
    public boolean writesFailing() {
        return writesFailing;
    }

    void uploadStored() {
        if (writesFailing) {
            writesFailing = false;
        }
    }

    /**
     * A store whose every call has its failures translated: the storage's one decorator, so no
     * method of any store can leak a driver exception as a 500.
     */
    public <T> T guard(Class<T> type, T store) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw translate(runtime);
                }
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /**
     * Why an upload's processing failed, as kept in its row and shown by {@code GET
     * /v1/uploads/{id}}: the innermost message, cleaned of control characters and bounded, so
     * recording it can never fail on the very text that made processing fail.
     */
    public static String reason(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return Text.bounded(Text.clean(message == null ? "processing failed" : message.strip()), MAX_REASON_CHARS);
    }

    private enum Kind {
        UNREACHABLE,
        BUSY,
        FULL
    }

    private static Optional<Kind> kind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                Optional<Kind> kind = sqliteKind(sqlite.getResultCode().code & 0xff);
                if (kind.isPresent()) {
                    return kind;
                }
            }
            if (t instanceof SQLException sql) {
                Optional<Kind> kind = stateKind(sql.getSQLState());
                if (kind.isPresent()) {
                    return kind;
                }
                if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
                    return Optional.of(Kind.UNREACHABLE);
                }
            }
            if (t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.SocketTimeoutException) {
                return Optional.of(Kind.UNREACHABLE);
            }
        }
        return Optional.empty();
    }

    private static Optional<Kind> sqliteKind(int code) {
        return switch (code) {
            case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM -> Optional.of(Kind.BUSY);
            case SQLITE_FULL -> Optional.of(Kind.FULL);
            case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_NOTADB ->
                Optional.of(Kind.UNREACHABLE);
            default -> Optional.empty();
        };
    }

    /**
     * PostgreSQL's SQLSTATE classes: connection, a server that answers but lets us in no further
     * (28: authorization, 3D000: no such database), resources, operator intervention, conflicts.
     */
    private static Optional<Kind> stateKind(String state) {
        if (state == null || state.length() != 5) {
            return Optional.empty();
        }
        if (state.equals("53100")) {
            return Optional.of(Kind.FULL);
        }
        if (state.startsWith("08")
                || state.startsWith("28")
                || state.equals("3D000")
                || state.startsWith("57P")
                || state.startsWith("58")) {
            return Optional.of(Kind.UNREACHABLE);
        }
        if (state.startsWith("53")
                || state.equals("40001")
                || state.equals("40P01")
                || state.equals("55P03")
                || state.equals("57014")) {
            return Optional.of(Kind.BUSY);
        }
        return Optional.empty();
    }

    private String message(Kind kind, Throwable error) {
        String where = target.location();
        return switch (kind) {
            case UNREACHABLE ->
                (target.dialect() == Dialect.SQLITE
                                ? "cannot open the SQLite database "
                                : "cannot connect to the database at ")
                        + where + ": " + why(error);
            case BUSY -> "the database at " + where + " is busy: " + why(error);
            case FULL -> "the disk of the database at " + where + " is full: writes fail until space is freed";
        };
    }

    /**
     * Why, in the fewest words: what the network said, else the driver's first line about the
     * innermost SQL failure (the pool, Flyway and the driver each wrap it).
     */
    private static String why(Throwable error) {
        String sql = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if ((t instanceof java.net.NoRouteToHostException || t instanceof java.net.SocketTimeoutException)
                    && t.getMessage() != null) {
                return lowerFirst(t.getMessage());
            }
            if (t instanceof SQLException && t.getMessage() != null) {
                sql = t.getMessage();
            }
        }
        if (sql == null) {
            return "no answer";
        }
        String first = sql.strip().lines().findFirst().orElse("");
        int sentence = first.indexOf(". ");
        return Text.bounded(Text.clean(sentence > 0 ? first.substring(0, sentence) : first), 300);
    }

    private static String lowerFirst(String message) {
        return message.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + message.substring(1);
    }
}
