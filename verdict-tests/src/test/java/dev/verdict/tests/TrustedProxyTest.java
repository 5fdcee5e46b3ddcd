package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.server.VerdictConfig;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.WebSession.Page;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code --trust-proxy}, a request is what the proxy in front says it was: https at the
 * proxy's host, so the cookie is Secure and forms from the proxy's origin are this site's.
 */
class TrustedProxyTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite())
            .with(c -> c.withFront(VerdictConfig.Front.DEFAULTS.withTrustProxy(true)));

    @Test
    void aTrustedProxySaysTheSchemeAndHost() {
        TestOrganization org = SERVER.newOrganization();
        WebSession proxied = new WebSession(SERVER.server().uri())
                .alwaysSend("X-Forwarded-Proto", "https")
                .alwaysSend("X-Forwarded-Host", "verdict.example");

        Page signedIn = proxied.post("/sign-in", Map.of("token", org.token()), "https://verdict.example");
        Page elsewhere = new WebSession(SERVER.server().uri())
                .alwaysSend("X-Forwarded-Proto", "https")
                .alwaysSend("X-Forwarded-Host", "verdict.example")
                .post("/sign-in", Map.of("token", org.token()), "https://evil.example");

        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.header("Set-Cookie")).contains("; Secure");
        assertThat(elsewhere.status()).isEqualTo(403);
    }
}
