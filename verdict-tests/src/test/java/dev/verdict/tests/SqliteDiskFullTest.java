package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.suites.SecretBox;
import dev.verdict.server.VerdictConfig;
import dev.verdict.server.VerdictServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQLite on a small file system that fills up: uploads answer 507 with a message and
 * {@code Retry-After}, {@code /health} says writes fail, and once space is freed the server takes
 * uploads again by itself, with every acknowledged one processed. Needs root to mount a tmpfs;
 * elsewhere it is skipped with a notice.
 */
class SqliteDiskFullTest {
    private static Path mount;
    private static VerdictServer server;
    private static Api api;

    @BeforeAll
    static void mountASmallFileSystem() throws Exception {
        mount = Files.createTempDirectory("verdict-full-");
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString());
        if (!mounted) {
            System.err.println("SqliteDiskFullTest: skipped, cannot mount a tmpfs here (needs root)");
        }
        Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");
        server = VerdictServer.start(VerdictConfig.defaults(
                TestDatabase.sqliteIn(mount.resolve("data")).target(), new SecretBox(SecretBox.newKey())));
        api = new Api(server.uri());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aFullDiskIs507ThenUploadsGoOnOnceSpaceIsFreed() throws Exception {
        String uploadToken = TestServer.newSuite(server, "full", "Full");
        Path filler = mount.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            out.write(new byte[4 << 20]);
        }
        String reason = "x".repeat(15_000);
        List<String> acknowledged = new ArrayList<>();
        HttpReply full = null;
        for (int i = 0; i < 500 && full == null; i++) {
            StringBuilder data = new StringBuilder();
            for (int r = 0; r < 20; r++) {
                data.append(r == 0 ? "" : ",")
                        .append("{\"scope\":\"s\",\"name\":\"t")
                        .append(i)
                        .append('-')
                        .append(r)
                        .append("\",\"result\":\"failed\",\"failure_reason\":\"")
                        .append(reason)
                        .append("\"}");
            }
            HttpReply reply = upload(uploadToken, "k" + i, data.toString());
            if (reply.status() == 202) {
                acknowledged.add(reply.json().get("id").stringValue());
            } else {
                full = reply;
            }
        }

        assertThat(full).as("the file system filled up").isNotNull();
        assertThat(full.status()).isEqualTo(507);
        assertThat(full.header("Retry-After")).isPresent();
        assertThat(full.json().get("message").stringValue())
                .contains("is full", "writes fail")
                .doesNotContain("Exception");
        HttpReply health = api.get("/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("message").stringValue()).contains("writes fail");

        Files.delete(filler);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> upload(uploadToken, "after", "{\"scope\":\"s\",\"name\":\"a\",\"result\":\"passed\"}")
                                .status()
                        == 202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/health", null).status() == 200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> acknowledged.stream()
                        .allMatch(id -> status(uploadToken, id).equals("processed")));
    }

    private static HttpReply upload(String uploadToken, String key, String data) {
        return api.send(api.request("/v1/uploads")
                .header("Authorization", "Token token=\"" + uploadToken + "\"")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"format\":\"json\",\"run_env\":{\"CI\":\"generic\",\"key\":\"" + key + "\"},\"data\":["
                                + data + "]}"))
                .build());
    }

    private static String status(String uploadToken, String id) {
        return api.send(api.request("/v1/uploads/" + id)
                        .header("Authorization", "Token token=\"" + uploadToken + "\"")
                        .GET()
                        .build())
                .json()
                .get("state")
                .stringValue();
    }
}
