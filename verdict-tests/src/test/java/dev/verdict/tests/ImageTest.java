package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OCI image {@code mvnw -Pimage package} builds (bin/test builds it), run as a container runs
 * it, without a container engine: its layers unpacked in order into a root filesystem, and its
 * entrypoint, user and environment from its own config, under chroot in a mount and process
 * namespace of its own with a fresh /proc (the loader finds the runtime's libraries through it).
 * Only the network is the host's, so the test reaches the port. Needs root, for chroot.
 */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "verdict.image", matches = ".+")
class ImageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path rootfs;

    @TempDir
    static Path layout;

    static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "running an image's root filesystem needs chroot");
        run(List.of("tar", "-xf", System.getProperty("verdict.image"), "-C", layout.toString()));
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode manifest =
                JSON.readTree(blob(layout, index.get("manifests").get(0)).toFile());
        config = JSON.readTree(blob(layout, manifest.get("config")).toFile()).get("config");
        for (JsonNode layer : manifest.get("layers")) {
            run(List.of(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "-xzf",
                    blob(layout, layer).toString(),
                    "-C",
                    rootfs.toString()));
        }
        // The image's root is 755 as any root filesystem; a temporary directory is made 700.
        Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
    }

    @Test
    void itsConfigRunsTheServerAsAnUnprivilegedUserWithItsStoreInAVolume() throws IOException {
        assertThat(config.get("User").stringValue()).isEqualTo("65532:65532");
        assertThat(config.get("Entrypoint").get(0).stringValue()).isEqualTo("/opt/java/bin/java");
        assertThat(strings(config.get("Cmd"))).containsExactly("serve");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/data")).isTrue();
        assertThat(strings(config.get("Env"))).contains("VERDICT_DATA_DIR=/data");
        assertThat(Files.readString(rootfs.resolve("etc/passwd"), StandardCharsets.UTF_8))
                .as("a name for the user, which the JVM asks the C library for")
                .contains(":65532:65532:");
    }

    @Test
    void itServesUploadsAnswersItsHealthCheckAndStopsOnSigterm() throws Exception {
        int port = ServerProcess.freePort();
        Path log = layout.resolve("serve.log");
        Process serve = container(List.of("--port", String.valueOf(port)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Api api = new Api(java.net.URI.create("http://localhost:" + port));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                if (!serve.isAlive()) {
                    throw new IllegalStateException("the image's server exited: " + Files.readString(log));
                }
                try {
                    return api.get("/health", null).status() == 200;
                } catch (java.io.UncheckedIOException notYet) {
                    return false;
                }
            });
            assertThat(api.get("/v2/openapi.json", null).json().get("openapi").stringValue())
                    .startsWith("3.1");

            Process health = container(List.of("health", "--url", "http://localhost:" + port + "/health"))
                    .redirectErrorStream(true)
                    .start();
            String said = new String(health.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(health.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(health.exitValue()).as(said).isZero();

            // The image's own CLI on the store the server holds, then an upload through to a run.
            Process create = container(
                            List.of("token", "create", "--org", "acme", "--scopes", "read_suites,write_suites"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String token = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(token).startsWith("vdt_");
            String suites = "/v2/analytics/organizations/acme/suites";
            String uploadToken = api.post(
                            suites, token, "{\"name\":\"Boxed\",\"default_branch\":\"main\",\"show_api_token\":true}")
                    .json()
                    .get("api_token")
                    .stringValue();
            HttpReply accepted = api.upload(
                    uploadToken,
                    "{\"format\":\"json\",\"run_env\":{\"key\":\"b1\",\"branch\":\"main\",\"commit_sha\":\"c1\"},"
                            + "\"data\":[{\"scope\":\"Image\",\"name\":\"serves\",\"result\":\"passed\"}]}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> api.get(suites + "/boxed/runs", token)
                            .json()
                            .valueStream()
                            .anyMatch(r -> r.get("result").stringValue().equals("passed")));
            assertThat(Files.getAttribute(rootfs.resolve("data/verdict.db"), "unix:uid"))
                    .as("the store is written by the image's user, in its volume")
                    .isEqualTo(65532);

            // The JVM is the namespace's first process, as in a container; SIGTERM goes to it.
            ProcessHandle java = serve.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/opt/java/bin/java"))
                    .findFirst()
                    .orElseThrow();
            java.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS))
                    .as("exited after SIGTERM")
                    .isTrue();
            assertThat(Files.readString(log)).contains("Verdict is stopping");
        } finally {
            serve.destroyForcibly();
            serve.waitFor();
        }
    }

    /** The image's entrypoint with these arguments (or its own), as its user, with only its env. */
    private static ProcessBuilder container(List<String> arguments) {
        // A runtime gives a container /proc and /dev (the JVM and SQLite read /dev/urandom).
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--mount-proc=" + rootfs.resolve("proc"),
                "sh",
                "-c",
                "root=$1 user=$2; shift 2; mount --rbind /dev \"$root/dev\" && exec chroot --userspec=\"$user\""
                        + " \"$root\" \"$@\"",
                "sh",
                rootfs.toString(),
                config.get("User").stringValue()));
        command.addAll(strings(config.get("Entrypoint")));
        if (arguments.getFirst().startsWith("--")) {
            command.addAll(strings(config.get("Cmd")));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        // The host's tools are found on this PATH; a runtime gives the container a PATH like it.
        Map<String, String> env = new TreeMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"));
        for (String pair : strings(config.get("Env"))) {
            env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        builder.environment().putAll(env);
        return builder;
    }

    private static List<String> strings(JsonNode array) {
        return Optional.ofNullable(array).stream()
                .flatMap(JsonNode::valueStream)
                .map(JsonNode::stringValue)
                .toList();
    }

    private static Path blob(Path layout, JsonNode descriptor) {
        String[] digest = descriptor.get("digest").stringValue().split(":", 2);
        return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }
}
