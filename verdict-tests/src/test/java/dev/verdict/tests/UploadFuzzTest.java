package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import dev.verdict.server.http.RateLimits;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Broken documents of every format over real HTTP, as a multipart file and (for Buildkite JSON) as
 * the body itself, to a server on each engine: never a 5xx, and an upload refused leaves nothing
 * behind while one accepted is queued whole. The cases per run are {@code -Dfuzz.tries}.
 */
class UploadFuzzTest {
    private static final Map<String, byte[]> SAMPLES = Mutations.samples();

    private record Target(TestDatabase database, VerdictServer server, Api api, String uploadToken) {}

    private static Target sqlite;
    private static Target postgres;

    @BeforeContainer
    static void startServers() throws Exception {
        sqlite = start(TestDatabase.sqlite());
        postgres = start(TestDatabase.postgres());
    }

    private static Target start(TestDatabase database) throws Exception {
        VerdictServer server =
                VerdictServer.start(VerdictConfig.defaults(database.target(), new SecretBox(SecretBox.newKey()))
                        .withRateLimits(RateLimits.OFF));
        Api api = new Api(server.uri());
        String uploadToken = TestServer.newSuite(server, "fuzz", "Fuzz");
        return new Target(database, server, api, uploadToken);
    }

    @AfterContainer
    static void stopServers() throws Exception {
        for (Target target : new Target[] {sqlite, postgres}) {
            if (target != null) {
                target.server().close();
            }
        }
    }

    @Provide
    Arbitrary<Mutations.Case> documents() {
        return Mutations.cases(SAMPLES);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void aBrokenUploadIsNever5xxAndNeverPartlyStored(
            @ForAll("documents") Mutations.Case document, @ForAll boolean onPostgres, @ForAll boolean asBody) {
        Target target = onPostgres ? postgres : sqlite;
        long before = target.database().count("SELECT count(*) FROM uploads");
        HttpRequest.Builder request = target.api()
                .request("/v1/uploads")
                .header("Authorization", "Token token=\"" + target.uploadToken() + "\"");
        if (asBody && document.format().equals("json")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(document.data()));
        } else {
            Multipart form = new Multipart()
                    .field("format", document.format())
                    .field("run_env[key]", UUID.randomUUID().toString())
                    .file("data", "results", "application/octet-stream", document.data());
            request.header("Content-Type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        }

        HttpReply reply = target.api().send(request.build());

        assertThat(reply.status()).as(reply.body()).isLessThan(500);
        long after = target.database().count("SELECT count(*) FROM uploads");
        if (reply.status() == 202) {
            assertThat(after).isEqualTo(before + 1);
        } else {
            assertThat(reply.json().get("message").stringValue()).isNotBlank();
            assertThat(after).as("a refused upload stores nothing").isEqualTo(before);
        }
    }
}
