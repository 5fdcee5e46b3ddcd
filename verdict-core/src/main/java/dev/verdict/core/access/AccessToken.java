package dev.verdict.core.access;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An API access token as stored: its secret exists only as a hash. */
public record AccessToken(
        UUID id, Organization organization, Set<Scope> scopes, Optional<String> description, Instant createdAt) {

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }
}
