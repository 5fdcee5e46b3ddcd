package dev.verdict.server.http;

/** An HTTP error with the message the client gets in {@code {"message": ...}}. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException unauthorized() {
        return new ApiException(
                401,
                "Authentication required. Please supply a valid API Access Token in the Authorization header:"
                        + " 'Authorization: Bearer <token>'");
    }

    public static ApiException missingScope(String scope) {
        return new ApiException(403, "Your access token doesn't have the " + scope + " scope");
    }
}
