package dev.verdict.server.http;

import dev.verdict.core.access.Scope;
import java.util.Optional;

/**
 * Who may call a route. Every route declares one, so no endpoint can forget to check access.
 *
 * <p>{@link ApiToken} routes need {@code Authorization: Bearer <token>}; when the path has an
 * {@code {org}} parameter, it must be the token's own organization (anything else is 404, so one
 * organization cannot even learn whether another exists).
 */
public sealed interface Guard {
    /** Anyone: health checks, CORS preflight. */
    record Open() implements Guard {}

    /** An API access token, with this scope if one is named. */
    record ApiToken(Optional<Scope> scope) implements Guard {}

    /**
     * A suite's upload token, as the collectors send it: {@code Token token="T"}, {@code Token
     * token=T}, {@code Token T} or {@code Bearer T}.
     */
    record SuiteToken() implements Guard {}

    static Guard open() {
        return new Open();
    }

    static Guard anyToken() {
        return new ApiToken(Optional.empty());
    }

    static Guard suiteToken() {
        return new SuiteToken();
    }

    static Guard scope(Scope scope) {
        return new ApiToken(Optional.of(scope));
    }
}
