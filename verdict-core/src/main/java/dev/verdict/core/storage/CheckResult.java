package dev.verdict.core.storage;

import java.util.Optional;

/** The outcome of a health check: ok, or the error that says why not. */
public record CheckResult(Optional<String> error) {
    public static final CheckResult OK = new CheckResult(Optional.empty());

    public static CheckResult failed(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new CheckResult(Optional.of(message));
    }

    public boolean ok() {
        return error.isEmpty();
    }
}
