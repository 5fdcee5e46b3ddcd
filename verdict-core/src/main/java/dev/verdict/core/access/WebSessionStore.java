package dev.verdict.core.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of web sessions. The rules (lifetime, renewal) live in {@link WebSessions}. */
public interface WebSessionStore {
    void insert(WebSession session);

    /** The session with this id, with its token, unless the token was revoked: one lookup by key. */
    Optional<WebSession> find(UUID id);

    /** Every session of a live token, newest first. */
    List<WebSession> forToken(UUID tokenId);

    void touch(UUID id, Instant lastSeenAt, Instant expiresAt);

    void delete(UUID id);

    void deleteForToken(UUID tokenId);

    /** Drops a token's sessions that ended before {@code now}, so the table keeps only live ones. */
    void deleteEnded(UUID tokenId, Instant now);
}
