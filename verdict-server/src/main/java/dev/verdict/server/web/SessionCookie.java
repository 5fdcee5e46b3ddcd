package dev.verdict.server.web;

import dev.verdict.core.access.WebSessions;
import dev.verdict.core.suites.SecretBox;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The session cookie: the web session's id and its CSRF token, sealed with the server's secret key
 * (AES-GCM), so it can be neither read nor forged, and every server sharing the key reads it. What
 * the session may do, and whether it is still open, is the store's to say ({@link WebSessions}).
 */
final class SessionCookie {
    static final String NAME = "verdict_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a cookie holds: the session it names, and the token its forms must carry. */
    record Value(UUID session, String csrf) {}

    private final SecretBox box;

    SessionCookie(SecretBox box) {
        this.box = box;
    }

    /** The cookie value for a new session, with a CSRF token of its own. */
    String seal(UUID session) {
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        return box.seal(session + "\n" + Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
    }

    /** What a cookie holds, unless it is forged or garbled (or from before sessions were kept in the store). */
    Optional<Value> read(String cookie) {
        try {
            String[] parts = box.open(cookie).split("\n", -1);
            return parts.length == 2 ? Optional.of(new Value(UUID.fromString(parts[0]), parts[1])) : Optional.empty();
        } catch (RuntimeException e) { // unsealable, garbled or cut short: no session
            return Optional.empty();
        }
    }

    /** The Set-Cookie value: never readable by scripts, never sent from another site. */
    static String header(String value, boolean secure) {
        return NAME + "=" + value + "; Path=/; Max-Age=" + WebSessions.LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
