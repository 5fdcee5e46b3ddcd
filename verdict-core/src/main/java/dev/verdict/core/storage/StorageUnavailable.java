package dev.verdict.core.storage;

/**
 * The store cannot be reached or opened. Its message says where and why in words an operator acts
 * on ("cannot connect to the database at db.internal:5432: connection refused"), without the
 * driver's layers of wrapping.
 */
public final class StorageUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
