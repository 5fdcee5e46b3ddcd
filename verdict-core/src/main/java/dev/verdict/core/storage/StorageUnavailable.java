package dev.verdict.core.storage;

/**
 * The database cannot do the work now, through no fault of the request or the data: it cannot be
 * reached, a lock or serialization conflict ended the transaction, or its disk is full. The same
 * work may well succeed later, so the HTTP layer answers 503 (507 for a full disk) with
 * {@code Retry-After}, and the upload processor pauses instead of counting an attempt against the
 * upload. The message names the database and the cause, never user data.
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
