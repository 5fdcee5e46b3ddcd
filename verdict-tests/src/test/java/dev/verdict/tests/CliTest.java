package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.server.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
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
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String[] serve = {"serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString()};
        try (ExecutorService background = Executors.newSingleThreadExecutor()) {
            Future<Run> server = background.submit(() -> verdict(serve));
            Api api = new Api(java.net.URI.create("http://localhost:" + port));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> api.get("/health", null).status() == 200);
            action.run(api);
            assertThat(server.isDone()).as("the server is still serving").isFalse();
            server.cancel(true);
        }
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
        String token = verdict(
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
    void everyCommandHasHelp() {
        for (List<String> command : List.of(
                List.<String>of(),
                List.of("serve"),
                List.of("migrate"),
                List.of("token"),
                List.of("token", "create"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            Run run = verdict(args);
            assertThat(run.exit()).as("%s --help", command).isZero();
            assertThat(run.out()).as("%s --help", command).contains("Usage: verdict");
        }
        assertThat(verdict("serve", "--help").out())
                .contains("--port", "VERDICT_PORT", "--database-url", "--public-url");
    }

    @Test
    void migrateBringsAFreshStoreUpToDate() {
        Run run = verdict("migrate", "--data-dir", dataDir.toString());

        assertThat(run.exit()).isZero();
        assertThat(dataDir.resolve("verdict.db")).exists();
        assertThat(run.err()).contains("up to date");
    }
}
