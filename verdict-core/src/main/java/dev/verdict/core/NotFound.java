package dev.verdict.core;

/** The thing asked for does not exist, or belongs to another organization: HTTP 404. */
public final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotFound(String message) {
        super(message);
    }
}
