package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.WebSession.Page;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A web session ends 12 hours after it was last renewed; using it past half that renews it. Its
 * last use is noted at most once a minute.
 */
class WebSessionLifetimeTest {
    static final MovableClock CLOCK = new MovableClock(Instant.now());

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite()).with(c -> c.withClock(CLOCK));

    @Test
    void anIdleSessionEndsAndOneInUseGoesOn() {
        TestOrganization org = SERVER.newOrganization();
        String home = "/organizations/" + org.slug() + "/analytics";
        WebSession idle = new WebSession(SERVER.server().uri());
        WebSession busy = new WebSession(SERVER.server().uri());
        assertThat(idle.signIn(org.token()).status()).isEqualTo(303);
        assertThat(busy.signIn(org.token()).status()).isEqualTo(303);
        String firstCookie = busy.cookie();

        CLOCK.advance(Duration.ofHours(2));
        Page early = busy.get(home);
        assertThat(early.status()).isEqualTo(200);
        assertThat(early.header("Set-Cookie")).isNull();

        CLOCK.advance(Duration.ofHours(5));
        Page renewed = busy.get(home);
        assertThat(renewed.status()).isEqualTo(200);
        // The end is kept in the store; the cookie is sent again so the browser keeps it as long.
        assertThat(renewed.header("Set-Cookie")).startsWith(firstCookie + ";").contains("HttpOnly", "Max-Age=43200");
        String csrf = renewed.csrf();

        CLOCK.advance(Duration.ofHours(6)); // 13 hours since signing in
        assertThat(idle.get(home).status()).isEqualTo(303);
        Page stillIn = busy.get(home);
        assertThat(stillIn.status()).isEqualTo(200);
        assertThat(stillIn.csrf()).isEqualTo(csrf);

        CLOCK.advance(Duration.ofHours(13));
        assertThat(busy.get(home).status()).isEqualTo(303);
    }

    @Test
    void lastSeenIsWrittenAtMostOnceAMinute() {
        TestOrganization org = SERVER.newOrganization();
        String home = "/organizations/" + org.slug() + "/analytics";
        WebSession web = new WebSession(SERVER.server().uri());
        assertThat(web.signIn(org.token()).status()).isEqualTo(303);
        long signedIn = lastSeen(org);

        CLOCK.advance(Duration.ofSeconds(30));
        assertThat(web.get(home).status()).isEqualTo(200);
        assertThat(lastSeen(org)).isEqualTo(signedIn);
        CLOCK.advance(Duration.ofSeconds(31));
        assertThat(web.get(home).status()).isEqualTo(200);

        assertThat(lastSeen(org)).isEqualTo(signedIn + 61_000);
    }

    static long lastSeen(TestOrganization org) {
        return SERVER.count(
                "SELECT max(s.last_seen_at) FROM web_sessions s JOIN access_tokens t ON t.id = s.access_token_id"
                        + " JOIN organizations o ON o.id = t.organization_id WHERE o.slug = ?",
                org.slug());
    }
}
