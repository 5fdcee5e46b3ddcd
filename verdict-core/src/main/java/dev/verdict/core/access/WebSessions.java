package dev.verdict.core.access;

import dev.verdict.core.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opening, resuming and ending web sessions: the only place that knows how long one lasts. A
 * session ends 12 hours after it was opened or last renewed; one used in its second half is renewed,
 * so a session in use goes on and an idle one ends. Signing out deletes it, so a copy of its cookie
 * is worth nothing after.
 */
public final class WebSessions {
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** How stale "last seen" may get: writing it on every page would make every page a write. */
    static final Duration SEEN_EVERY = Duration.ofMinutes(1);

    static final int USER_AGENT_CHARS = 200;

    private final WebSessionStore store;

    public WebSessions(WebSessionStore store) {
        this.store = store;
    }

    /** A session in use, and whether this request renewed it (so its cookie should be sent again). */
    public record Resumed(WebSession session, boolean renewed) {}

    public WebSession open(AccessToken token, Optional<String> userAgent, Instant now) {
        store.deleteEnded(token.id(), now);
        WebSession session = new WebSession(
                Ids.uuid7(),
                token,
                now,
                now.plus(LIFETIME),
                now,
                userAgent
                        .map(String::strip)
                        .filter(a -> !a.isEmpty())
                        .map(a -> a.length() > USER_AGENT_CHARS ? a.substring(0, USER_AGENT_CHARS) : a));
        store.insert(session);
        return session;
    }

    /** The open session with this id, noted as seen now; empty once it ended, was signed out or its token revoked. */
    public Optional<Resumed> resume(UUID id, Instant now) {
        return store.find(id).filter(s -> s.expiresAt().isAfter(now)).map(s -> seen(s, now));
    }

    private Resumed seen(WebSession session, Instant now) {
        boolean renew = !session.expiresAt().minus(LIFETIME.dividedBy(2)).isAfter(now);
        if (!renew && session.lastSeenAt().plus(SEEN_EVERY).isAfter(now)) {
            return new Resumed(session, false);
        }
        Instant expires = renew ? now.plus(LIFETIME) : session.expiresAt();
        store.touch(session.id(), now, expires);
        return new Resumed(
                new WebSession(session.id(), session.token(), session.createdAt(), expires, now, session.userAgent()),
                renew);
    }

    /** The open sessions of a token, newest first. */
    public List<WebSession> of(AccessToken token, Instant now) {
        return store.forToken(token.id()).stream()
                .filter(s -> s.expiresAt().isAfter(now))
                .toList();
    }

    public void end(UUID id) {
        store.delete(id);
    }

    /** Signs a token out everywhere. */
    public void endAll(AccessToken token) {
        store.deleteForToken(token.id());
    }
}
