package dev.verdict.core.storage;

/**
 * The database cannot do the work now, through no fault of the request or the data: it cannot be
 * reached or opened, a lock or serialization conflict ended the transaction, or its disk is full.
 * The same work may well succeed later, so the HTTP layer answers 503 (507 for a full disk) with
 * {@code Retry-After}, the upload processor pauses instead of counting an attempt against the
 * upload, and the command line says it in one line. The message says where and why in words an
 * operator acts on ("cannot connect to the database at db.internal:5432: connection refused"),
 * never user data or the driver's layers of wrapping.
 */
public final class StorageUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean diskFull;

    public StorageUnavailable(String message, boolean diskFull, Throwable cause) {
        super(message, cause);
        this.diskFull = diskFull;
    }

    /** Writes fail until space is freed; reads may still work. */
    public boolean diskFull() {
        return diskFull;
    }
}
