package dev.verdict.server.web;

import dev.verdict.core.suites.SecretBox;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A signed-in person's session, kept in their browser: the API access token they signed in with,
 * when the session ends and its CSRF token, sealed with the server's secret key (AES-GCM), so it
 * can be neither read nor forged, and every server sharing the key reads it. Each request still
 * checks the access token itself, so revoking the token ends its sessions at once.
 */
final class Sessions {
    static final String COOKIE = "verdict_session";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An open session: the token it acts with, and the token its forms must carry. */
    record Session(String accessToken, Instant expires, String csrf) {}

    private final SecretBox box;

    Sessions(SecretBox box) {
        this.box = box;
    }

    /** The cookie value for a new session. */
    String open(String accessToken, Instant now) {
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        String csrfText = Base64.getUrlEncoder().withoutPadding().encodeToString(csrf);
        return seal(new Session(accessToken, now.plus(LIFETIME), csrfText));
    }

    /**
     * The cookie value that keeps a session in use going: one whose second half has begun is
     * sealed again with a new end (and the same CSRF token, so open forms still work). Empty while
     * it has more than half its lifetime left.
     */
    Optional<String> renewal(Session session, Instant now) {
        if (session.expires().minus(LIFETIME.dividedBy(2)).isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(seal(new Session(session.accessToken(), now.plus(LIFETIME), session.csrf())));
    }

    private String seal(Session session) {
        return box.seal(session.accessToken() + "\n" + session.expires().getEpochSecond() + "\n" + session.csrf());
    }

    /** The session a cookie holds, unless it is forged, garbled or over. */
    Optional<Session> read(String cookie, Instant now) {
        try {
            String[] parts = box.open(cookie).split("\n", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            return expires.isAfter(now) ? Optional.of(new Session(parts[0], expires, parts[2])) : Optional.empty();
        } catch (RuntimeException e) { // unsealable, garbled or cut short: no session
            return Optional.empty();
        }
    }

    /** The Set-Cookie value: never readable by scripts, never sent from another site. */
    static String cookie(String value, boolean secure) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    static String cleared(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
