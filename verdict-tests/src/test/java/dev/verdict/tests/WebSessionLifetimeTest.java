package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.WebSession.Page;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A web session ends 12 hours after it was last renewed; using it past half that renews it. */
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
        assertThat(renewed.header("Set-Cookie")).startsWith("verdict_session=").contains("HttpOnly");
        assertThat(busy.cookie()).isNotEqualTo(firstCookie);
        String csrf = renewed.csrf();

        CLOCK.advance(Duration.ofHours(6)); // 13 hours since signing in
        assertThat(idle.get(home).status()).isEqualTo(303);
        Page stillIn = busy.get(home);
        assertThat(stillIn.status()).isEqualTo(200);
        assertThat(stillIn.csrf()).isEqualTo(csrf);

        CLOCK.advance(Duration.ofHours(13));
        assertThat(busy.get(home).status()).isEqualTo(303);
    }
}
