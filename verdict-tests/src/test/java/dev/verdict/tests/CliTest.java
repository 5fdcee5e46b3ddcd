package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.verdict.server.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process with its output captured. */
class CliTest {
    record Run(int exit, String out, String err) {}

    @TempDir
    Path dataDir;

    static Run verdict(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void tokenCreatePrintsOnlyTheToken() {
        Run run = verdict(
                "token",
                "create",
                "--org",
                "acme",
                "--scopes",
                "read_suites,write_suites",
                "--description",
                "CI",
                "--data-dir",
                dataDir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("vdt_[A-Za-z0-9_-]{65}\\n");
    }

    /** Runs {@code verdict serve} on the data directory in the background until the action is done. */
    void whileServing(ServingAction action) throws Exception {
        whileServing(dataDir, "localhost", action);
    }

    /** The same on a data directory and an address of its own; more flags for serve may follow. */
    void whileServing(Path store, String host, ServingAction action, String... flags) throws Exception {
        int port = ServerProcess.freePort();
        List<String> serve =
                new ArrayList<>(List.of("serve", "--port", String.valueOf(port), "--data-dir", store.toString()));
        if (!host.equals("localhost")) {
            serve.addAll(List.of("--host", host));
        }
        serve.addAll(List.of(flags));
        try (ExecutorService background = Executors.newSingleThreadExecutor()) {
            Future<Run> server = background.submit(() -> verdict(serve.toArray(String[]::new)));
            Api api = new Api(java.net.URI.create("http://" + host + ":" + port));
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                if (server.isDone()) {
                    throw new AssertionError("serve ended: " + server.get());
                }
                return api.get("/health", null).status() == 200;
            });
            try {
                action.run(api);
                assertThat(server.isDone()).as("the server is still serving").isFalse();
            } finally {
                server.cancel(true);
            }
        }
    }

    /** An API access token of organization acme, made on the data directory. */
    String acmeToken() {
        return verdict(
                        "token",
                        "create",
                        "--org",
                        "acme",
                        "--scopes",
                        "read_suites,write_suites",
                        "--data-dir",
                        dataDir.toString())
                .out()
                .strip();
    }

    interface ServingAction {
        void run(Api api) throws Exception;
    }

    @Test
    void tokenCreateWorksBesideARunningServerOnTheSameStore() throws Exception {
        whileServing(api -> {
            Run created = verdict(
                    "token",
                    "create",
                    "--org",
                    "side-by-side",
                    "--scopes",
                    "read_suites,write_suites",
                    "--data-dir",
                    dataDir.toString());

            assertThat(created.exit()).isZero();
            assertThat(api.post(
                                    "/v2/analytics/organizations/side-by-side/suites",
                                    created.out().strip(),
                                    "{\"name\":\"From CLI\",\"default_branch\":\"main\"}")
                            .status())
                    .isEqualTo(201);
        });
    }

    @Test
    void anUploadTokenCanStillBeShownAfterARestart() throws Exception {
        String token = acmeToken();
        String path = "/v2/analytics/organizations/acme/suites";
        String[] uploadToken = new String[1];
        whileServing(api -> uploadToken[0] = api.post(
                        path, token, "{\"name\":\"Kept\",\"default_branch\":\"main\",\"show_api_token\":true}")
                .json()
                .get("api_token")
                .stringValue());
        Path key = dataDir.resolve("secret.key");
        String keyText = Files.readString(key);

        whileServing(api -> assertThat(api.get(path + "/kept?show_api_token=true", token)
                        .json()
                        .get("api_token")
                        .stringValue())
                .isEqualTo(uploadToken[0]));

        assertThat(Files.readString(key)).isEqualTo(keyText);
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anUnknownFlagIsOneLineAndExit2() {
        Run run = verdict("serve", "--no-such-flag");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--no-such-flag", "verdict serve --help");
    }

    @Test
    void anUnknownScopeIsOneLineAndExit2() {
        Run run = verdict(
                "token",
                "create",
                "--org",
                "acme",
                "--scopes",
                "read_suites,launch_rockets",
                "--data-dir",
                dataDir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("launch_rockets", "read_suites, write_suites");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadOrganizationSlugIsRefused() {
        Run run = verdict(
                "token", "create", "--org", "Not A Slug", "--scopes", "read_suites", "--data-dir", dataDir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--org");
    }

    @Test
    void aMissingRequiredFlagIsExit2() {
        assertThat(verdict("token", "create", "--org", "acme").exit()).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExit1() {
        Run run = verdict("migrate", "--database-url", "ftp://nowhere/db");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("postgresql://");
    }

    @Test
    void aDatabaseThatRefusesTheConnectionIsNamedWithItsHostAndPort() throws IOException {
        int port = ServerProcess.freePort();

        Run run = verdict("migrate", "--database-url", "postgresql://verdict:secret@127.0.0.1:" + port + "/verdict");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("verdict: cannot connect to the database at 127.0.0.1:" + port + ": connection refused\n");
    }

    @Test
    void aDataDirectoryThatIsAFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(dataDir.resolve("a-file"), "");
        for (String command : List.of("migrate", "serve")) {
            Run run = verdict(command, "--data-dir", file.toString());

            assertThat(run.exit()).as(command).isEqualTo(1);
            assertThat(run.err())
                    .as(command)
                    .isEqualTo("verdict: cannot create the data directory " + file + ": not a directory\n");
        }
        Run below = verdict("migrate", "--data-dir", file.resolve("store").toString());
        assertThat(below.err())
                .isEqualTo(
                        "verdict: cannot create the data directory " + file.resolve("store") + ": not a directory\n");
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenSaysPermissionDenied() throws IOException {
        Path locked = Files.createDirectory(dataDir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        Assumptions.assumeFalse(Files.isWritable(locked), "root writes anywhere: a mode does not stop it");

        Run run = verdict("migrate", "--data-dir", locked.resolve("store").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("verdict: cannot create the data directory " + locked.resolve("store")
                        + ": permission denied\n");
    }

    @Test
    void aPortInUseSaysSoAndSuggestsAnother() throws IOException {
        try (var taken = new java.net.ServerSocket(0)) {
            Run run =
                    verdict("serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString());

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err())
                    .isEqualTo("verdict: port " + taken.getLocalPort()
                            + " is in use; choose another with --port (or VERDICT_PORT)\n");
        }
    }

    @Test
    void aRollupRetentionShorterThanTheRetentionIsRefusedInOneLine() {
        Run run = verdict(
                "serve",
                "--retention",
                "26w",
                "--rollup-retention",
                "90d",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("verdict: --rollup-retention (90d) must be at least --retention (182d): rollups are what"
                        + " long-range metrics read once executions are gone\n");
        assertThat(verdict("serve", "--retention", "forever").err()).contains("'forever' is not a duration");
    }

    @Test
    void aPortThatIsNoPortIsWrongUsage() {
        for (String port : List.of("99999", "-1", "eighty")) {
            Run run = verdict("serve", "--port", port, "--data-dir", dataDir.toString());

            assertThat(run.exit()).as(port).isEqualTo(2);
            assertThat(run.err())
                    .as(port)
                    .hasLineCount(1)
                    .contains("--port", "'" + port + "' is not a port", "verdict serve --help");
        }
    }

    @Test
    void hostChoosesTheAddressToListenOn() throws Exception {
        // All of 127.0.0.0/8 is this machine; a server bound to one of them does not answer on another.
        whileServing(dataDir, "127.0.0.2", api -> {
            assertThat(api.get("/health", null).status()).isEqualTo(200);
            int port = api.uri("/").getPort();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                    .isInstanceOf(java.net.ConnectException.class);
        });
    }

    @Test
    void theStoresFilesAreTheOwnersOnly() throws Exception {
        Path store = dataDir.resolve("store");
        whileServing(store, "localhost", api -> {
            assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            for (String file : List.of("verdict.db", "verdict.db-wal", "verdict.db-shm", "secret.key")) {
                assertThat(Files.getPosixFilePermissions(store.resolve(file)))
                        .as(file)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        });
    }

    @Test
    void aLostSecretKeyStopsServeUntilANewOneIsAskedForAndTokensAreRotated() throws Exception {
        String token = acmeToken();
        String path = "/v2/analytics/organizations/acme/suites";
        whileServing(api -> assertThat(api.post(path, token, "{\"name\":\"Kept\",\"default_branch\":\"main\"}")
                        .status())
                .isEqualTo(201));
        Path key = dataDir.resolve("secret.key");
        Files.delete(key);

        Run refused =
                verdict("serve", "--port", String.valueOf(ServerProcess.freePort()), "--data-dir", dataDir.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .hasLineCount(1)
                .startsWith("verdict: the secret key " + key + " is missing, and the store holds suite upload tokens")
                .contains("--new-secret-key");
        assertThat(key).doesNotExist();

        whileServing(
                dataDir,
                "localhost",
                api -> {
                    HttpReply unshowable = api.get(path + "/kept?show_api_token=true", token);
                    assertThat(unshowable.status()).isEqualTo(409);
                    assertThat(unshowable.json().get("message").stringValue())
                            .contains("sealed under another secret key")
                            .contains("verdict suite rotate-token --org acme --suite kept");
                    assertThat(api.get(path + "/kept", token).status()).isEqualTo(200);

                    Run rotated = verdict(
                            "suite",
                            "rotate-token",
                            "--org",
                            "acme",
                            "--suite",
                            "kept",
                            "--data-dir",
                            dataDir.toString());

                    assertThat(rotated.exit()).as(rotated.err()).isZero();
                    assertThat(rotated.out()).matches("vds_[A-Za-z0-9_-]+\\n");
                    assertThat(api.get(path + "/kept?show_api_token=true", token)
                                    .json()
                                    .get("api_token")
                                    .stringValue())
                            .isEqualTo(rotated.out().strip());
                },
                "--new-secret-key");
        assertThat(key).exists();
    }

    /**
     * bin/verdict, run as a shell runs it, on a copy of the built jars: after the jars change (as
     * bin/test and bin/bench rebuild them) it records a new startup cache, and the JVM's complaints
     * about the old one never reach stdout, which holds the token alone.
     */
    @Test
    void binVerdictPrintsOnlyTheTokenAfterTheJarsChanged() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path built = root.resolve("verdict-server/target");
        assertThat(built.resolve("lib"))
                .as("built by verdict-server's package phase")
                .isDirectory();
        Path copy = dataDir.resolve("verdict");
        Files.createDirectories(copy.resolve("bin/lib"));
        Files.copy(root.resolve("bin/verdict"), copy.resolve("bin/verdict"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(root.resolve("bin/lib/jdk.sh"), copy.resolve("bin/lib/jdk.sh"));
        Path target = Files.createDirectories(copy.resolve("verdict-server/target/lib"))
                .getParent();
        try (Stream<Path> jars = Stream.concat(Files.list(built), Files.list(built.resolve("lib")))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, target.resolve(built.relativize(jar)));
            }
        }
        Files.writeString(target.resolve("lib/.built"), ""); // built: no sources here to be newer

        Process first = binVerdict(copy, "token-1");
        assertThat(first.exitValue())
                .as(Files.readString(dataDir.resolve("token-1.err")))
                .isZero();
        assertThat(Files.readString(dataDir.resolve("token-1.out"))).matches("vdt_[A-Za-z0-9_-]{65}\\n");
        assertThat(target.resolve("verdict.aot")).exists();

        try (Stream<Path> jars = Files.list(target)) {
            Path jar =
                    jars.filter(j -> j.toString().endsWith(".jar")).findFirst().orElseThrow();
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        Process second = binVerdict(copy, "token-2");

        assertThat(second.exitValue()).isZero();
        assertThat(Files.readString(dataDir.resolve("token-2.out"))).matches("vdt_[A-Za-z0-9_-]{65}\\n");
        assertThat(Files.readString(dataDir.resolve("token-2.err")))
                .isEqualTo("verdict: recording the startup cache for these jars...\n");
    }

    private Process binVerdict(Path copy, String name) throws Exception {
        ProcessBuilder command = new ProcessBuilder(
                        copy.resolve("bin/verdict").toString(),
                        "token",
                        "create",
                        "--org",
                        "acme",
                        "--scopes",
                        "read_suites",
                        "--data-dir",
                        dataDir.resolve("store").toString())
                .redirectOutput(dataDir.resolve(name + ".out").toFile())
                .redirectError(dataDir.resolve(name + ".err").toFile());
        command.environment().put("JAVA_HOME", System.getProperty("java.home"));
        command.environment().remove("VERDICT_AOT");
        command.environment().remove("VERDICT_JAVA_OPTS");
        Process process = command.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return process;
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : List.of(
                List.<String>of(),
                List.of("serve"),
                List.of("migrate"),
                List.of("backup"),
                List.of("health"),
                List.of("token"),
                List.of("token", "create"),
                List.of("suite"),
                List.of("suite", "rotate-token"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            Run run = verdict(args);
            assertThat(run.exit()).as("%s --help", command).isZero();
            assertThat(run.out()).as("%s --help", command).contains("Usage: verdict");
        }
        assertThat(verdict("serve", "--help").out())
                .contains("--port", "VERDICT_PORT", "--host", "VERDICT_HOST", "--database-url", "--public-url")
                .contains("--new-secret-key");
        for (List<String> storeOnly : List.of(
                List.of("migrate"), List.of("backup"), List.of("token", "create"), List.of("suite", "rotate-token"))) {
            String help = verdict(Stream.concat(storeOnly.stream(), Stream.of("--help"))
                            .toArray(String[]::new))
                    .out();
            assertThat(help)
                    .as("%s --help", storeOnly)
                    .contains("--data-dir", "--database-url")
                    .doesNotContain("--port", "--host", "--public-url", "--stale-after", "--max-upload-size");
        }
    }

    @Test
    void healthSaysInItsExitCodeWhetherTheServerAnswersOk() throws Exception {
        whileServing(api -> {
            Run ok = verdict("health", "--url", api.uri("/health").toString());
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("\"status\":\"ok\"");
        });
        int nobody = ServerProcess.freePort();
        Run refused = verdict("health", "--url", "http://127.0.0.1:" + nobody + "/health");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip()).hasLineCount(1).contains("nothing answers at http://127.0.0.1:" + nobody);
        // A server whose storage is down answers 503 with the reason; the check passes the reason on.
        HttpServer down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        down.createContext("/health", exchange -> {
            byte[] body = "{\"message\":\"storage is not answering: timeout\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        down.start();
        try {
            Run unhealthy = verdict(
                    "health", "--url", "http://127.0.0.1:" + down.getAddress().getPort() + "/health");
            assertThat(unhealthy.exit()).isEqualTo(1);
            assertThat(unhealthy.err().strip())
                    .hasLineCount(1)
                    .contains("answered 503")
                    .contains("storage is not answering: timeout");
        } finally {
            down.stop(0);
        }
    }

    @Test
    void aBackupTakenWhileServingIsAStoreThatServesTheSameRuns(@TempDir Path restored) throws Exception {
        String token = acmeToken();
        String suites = "/v2/analytics/organizations/acme/suites";
        Path copy = restored.resolve("verdict.db");
        whileServing(api -> {
            String uploadToken = api.post(
                            suites, token, "{\"name\":\"Kept\",\"default_branch\":\"main\",\"show_api_token\":true}")
                    .json()
                    .get("api_token")
                    .stringValue();
            HttpReply accepted = api.send(api.request("/v1/uploads")
                    .header("Authorization", "Token token=\"" + uploadToken + "\"")
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"format\":\"json\",\"run_env\":"
                            + "{\"key\":\"b1\",\"branch\":\"main\",\"commit_sha\":\"c1\"},\"data\":"
                            + "[{\"scope\":\"Backup\",\"name\":\"survives\",\"result\":\"passed\"}]}"))
                    .build());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> api.get(suites + "/kept/runs", token)
                            .json()
                            .valueStream()
                            .anyMatch(r -> r.get("state").stringValue().equals("finished")));

            Run backup = verdict("backup", "--data-dir", dataDir.toString(), "--to", copy.toString());

            assertThat(backup.exit()).as(backup.err()).isZero();
            assertThat(backup.err()).contains("backed up the store to " + copy).contains("secret.key");
            Run again = verdict("backup", "--data-dir", dataDir.toString(), "--to", copy.toString());
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err().strip()).hasLineCount(1).contains("already exists");
        });
        // Restored as the help says: the copy in place of verdict.db, with the secret key kept.
        Files.copy(dataDir.resolve("secret.key"), restored.resolve("secret.key"));
        whileServing(restored, "localhost", api -> {
            assertThat(api.get(suites + "/kept/runs", token)
                            .json()
                            .valueStream()
                            .map(r -> r.get("branch").stringValue() + " "
                                    + r.get("result").stringValue()))
                    .containsExactly("main passed");
            assertThat(api.get(suites + "/kept?show_api_token=true", token).status())
                    .isEqualTo(200);
        });
        Run postgres = verdict("backup", "--database-url", "postgresql://nobody@127.0.0.1:1/none", "--to", "x.db");
        assertThat(postgres.exit()).isEqualTo(1);
        assertThat(postgres.err()).contains("pg_dump");
    }

    @Test
    void serveWritesOneJsonObjectALineWithLogFormatJson() throws Exception {
        // A process of its own, so the server's logback.xml is the one read, not the tests'.
        Path log = dataDir.resolve("serve.err");
        try (ServerProcess serve =
                ServerProcess.start(List.of("--data-dir", dataDir.toString(), "--log-format", "json"), Map.of(), log)) {
            serve.awaitHealthy();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            var json = tools.jackson.databind.json.JsonMapper.shared().readTree(line);
            assertThat(json.get("level").stringValue()).as(line).isNotBlank();
            assertThat(json.get("message").isString()).as(line).isTrue();
        }
        assertThat(verdict("serve", "--log-format", "yaml").err()).contains("'yaml' is not a log format");
    }

    @Test
    void migrateBringsAFreshStoreUpToDate() {
        Run run = verdict("migrate", "--data-dir", dataDir.toString());

        assertThat(run.exit()).isZero();
        assertThat(dataDir.resolve("verdict.db")).exists();
        assertThat(run.err()).contains("up to date");
    }
}
