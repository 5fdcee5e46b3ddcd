package dev.verdict.core.access;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A browser signed in with an API access token. The browser holds only the id (sealed in its
 * cookie); the store holds which token the session acts with, by the token's id, never the token.
 */
public record WebSession(
        UUID id,
        AccessToken token,
        Instant createdAt,
        Instant expiresAt,
        Instant lastSeenAt,
        Optional<String> userAgent) {}
