package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The official JavaScript collector (npm {@code buildkite-test-collector}) reporting a real Jest run
 * to Verdict, with nothing changed but the upload URL: the client we did not write decides what
 * is sent. Needs node and npm, and the npm registry the first time (packages are kept in target/).
 */
class JestCollectorTest {
    private static final String BUILD_ID = "0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40";
    private static final List<String> FILES =
            List.of("package.json", "package-lock.json", "jest.config.js", "calc.test.js");
    private static final Path PROJECT = Path.of("target", "collectors", "jest").toAbsolutePath();

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    @BeforeAll
    static void installJestAndTheCollector() throws Exception {
        Files.createDirectories(PROJECT);
        boolean changed = false;
        for (String file : FILES) {
            try (InputStream in = JestCollectorTest.class.getResourceAsStream("/collectors/jest/" + file)) {
                byte[] content = in.readAllBytes();
                Path target = PROJECT.resolve(file);
                if (!Files.exists(target) || !java.util.Arrays.equals(Files.readAllBytes(target), content)) {
                    Files.write(target, content);
                    changed = true;
                }
            }
        }
        if (changed || !Files.isDirectory(PROJECT.resolve("node_modules/buildkite-test-collector"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 300);
        }
    }

    @Test
    void aJestRunReportedByTheOfficialCollectorBecomesARun() throws Exception {
        TestSuite suite = SERVER.newOrganization().suite("Jest");

        Run jest = run(
                List.of("node", "node_modules/jest/bin/jest.js", "--ci"),
                Map.of(
                        "BUILDKITE_ANALYTICS_TOKEN", suite.uploadToken(),
                        "BUILDKITE_ANALYTICS_BASE_URL",
                                SERVER.api().uri("/v1/uploads").toString(),
                        "BUILDKITE_BUILD_ID", BUILD_ID,
                        "BUILDKITE_BUILD_URL", "https://buildkite.example/acme/web/builds/42",
                        "BUILDKITE_BRANCH", "main",
                        "BUILDKITE_COMMIT", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
                        "BUILDKITE_BUILD_NUMBER", "42",
                        "BUILDKITE_JOB_ID", "0190e2d4-8d2b-4a3c-8e11-5f6a7b8c9d01",
                        "BUILDKITE_MESSAGE", "Jest through the official collector"),
                120);

        assertThat(jest.exit())
                .as("jest fails: one test is wrong on purpose\n%s", jest.output())
                .isEqualTo(1);
        assertThat(jest.output()).doesNotContain("Test Engine error");
        JsonNode runs = suite.finishedRuns();
        assertThat(runs.size()).isEqualTo(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        assertThat(run.get("build_id").stringValue()).isEqualTo(BUILD_ID);
        assertThat(run.get("branch").stringValue()).isEqualTo("main");
        assertThat(run.get("commit_sha").stringValue()).isEqualTo("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");
        assertThat(SERVER.count(
                        "SELECT count(*) FROM executions WHERE run_id = ?",
                        run.get("id").stringValue()))
                .isEqualTo(5);

        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json();
        assertThat(failed.size()).isEqualTo(1);
        JsonNode wrong = failed.get(0);
        assertThat(wrong.get("test_name").stringValue()).isEqualTo("calc is deliberately wrong");
        assertThat(wrong.get("failure_reason").stringValue()).contains("toBe");
        assertThat(wrong.get("location").stringValue()).startsWith("calc.test.js:");
        assertThat(wrong.get("duration").isNumber()).isTrue();
        assertThat(wrong.get("failure_expanded").get(0).get("expanded").size()).isPositive();
    }

    record Run(int exit, String output) {}

    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true);
        // Only what the tools need: no CI variables of the machine running the tests leak in.
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        String home = environment.get("HOME");
        environment.clear();
        environment.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        environment.put("HOME", home == null ? PROJECT.toString() : home);
        environment.putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "'" + command.get(0) + "' is needed for this test (Node.js 20+ with npm)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        Run run = new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        if (command.get(0).equals("npm") && run.exit() != 0) {
            throw new IllegalStateException("npm ci failed:\n" + run.output());
        }
        return run;
    }
}
