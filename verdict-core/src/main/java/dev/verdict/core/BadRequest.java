package dev.verdict.core;

/** A request the server cannot make sense of (a bad query value, malformed JSON): HTTP 400. */
public final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
        super(message);
    }
}
