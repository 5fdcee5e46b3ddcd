package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.tests.TestServer.TestSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The official JavaScript collector (npm {@code buildkite-test-collector}) reporting real runs of
 * Jest, Mocha, Vitest, Jasmine and Playwright to Verdict, configured as its README says with only
 * the upload URL changed: clients we did not write decide what is sent. Needs Node.js 20+ with npm,
 * and the npm registry when target/ has no installed copy yet.
 */
class JavaScriptCollectorsTest {
    private static final Path PROJECT = Path.of("target", "collectors", "js").toAbsolutePath();

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    /** Each runner, how it is started, and what its suite (one wrong test on purpose) reports. */
    enum Runner {
        JEST(List.of("node_modules/jest/bin/jest.js", "--ci"), 5, "calc is deliberately wrong", "jest/calc.test.js:"),
        MOCHA(
                List.of(
                        "node_modules/mocha/bin/mocha.js",
                        "--reporter",
                        "mocha-multi-reporters",
                        "--reporter-options",
                        "configFile=mocha-reporters.json",
                        "mocha/"),
                3,
                "calc is deliberately wrong",
                "mocha/calc.test.js"),
        VITEST(
                List.of("node_modules/vitest/vitest.mjs", "run"),
                4,
                "calc is deliberately wrong",
                "vitest/calc.test.js:4"),
        JASMINE(List.of("node_modules/jasmine/bin/jasmine.js"), 3, "is deliberately wrong", "spec/calc.spec.js:3"),
        PLAYWRIGHT(
                List.of("node_modules/@playwright/test/cli.js", "test"),
                3,
                "is deliberately wrong",
                "pw/calc.spec.js:4:");

        final List<String> command;
        final int executions;
        final String failedName;
        final String failedLocation;

        Runner(List<String> command, int executions, String failedName, String failedLocation) {
            this.command = command;
            this.executions = executions;
            this.failedName = failedName;
            this.failedLocation = failedLocation;
        }
    }

    private static NodeProject project;

    @BeforeAll
    static void installTheRunnersAndTheCollector() throws Exception {
        project = NodeProject.installed("/collectors/js", "buildkite-test-collector");
    }

    @ParameterizedTest
    @EnumSource(Runner.class)
    void aRunReportedByTheOfficialCollectorBecomesARun(Runner runner) throws Exception {
        TestSuite suite = SERVER.newOrganization().suite(runner.name());
        String buildId = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(runner.command);

        NodeProject.Result tests = run(
                command,
                Map.of(
                        "BUILDKITE_ANALYTICS_TOKEN", suite.uploadToken(),
                        "BUILDKITE_ANALYTICS_BASE_URL",
                                SERVER.api().uri("/v1/uploads").toString(),
                        "BUILDKITE_BUILD_ID", buildId,
                        "BUILDKITE_BUILD_URL", "https://buildkite.example/acme/web/builds/42",
                        "BUILDKITE_BRANCH", "main",
                        "BUILDKITE_COMMIT", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",
                        "BUILDKITE_BUILD_NUMBER", "42",
                        "BUILDKITE_JOB_ID", "0190e2d4-8d2b-4a3c-8e11-5f6a7b8c9d01",
                        "BUILDKITE_MESSAGE", "Through the official collector"),
                180);

        assertThat(tests.exit())
                .as("one test is wrong on purpose\n%s", tests.output())
                .isNotZero();
        assertThat(tests.output()).doesNotContain("Test Engine error");
        JsonNode runs = suite.finishedRuns();
        assertThat(runs.size()).isEqualTo(1);
        JsonNode run = runs.get(0);
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        assertThat(run.get("build_id").stringValue()).isEqualTo(buildId);
        assertThat(run.get("branch").stringValue()).isEqualTo("main");
        assertThat(run.get("commit_sha").stringValue()).isEqualTo("a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");
        assertThat(SERVER.count(
                        "SELECT count(*) FROM executions WHERE run_id = ?",
                        run.get("id").stringValue()))
                .isEqualTo(runner.executions);

        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json();
        assertThat(failed.size()).isEqualTo(1);
        JsonNode wrong = failed.get(0);
        assertThat(wrong.get("test_name").stringValue()).endsWith(runner.failedName);
        assertThat(wrong.get("failure_reason").stringValue()).isNotBlank();
        assertThat(wrong.get("location").stringValue()).startsWith(runner.failedLocation);
        assertThat(wrong.get("failure_expanded").get(0).size()).isPositive();
    }

    /**
     * The runners' own JSON reports, uploaded as {@code jest-json} without any collector: Jest's
     * {@code --json} and Vitest's {@code json} reporter write the same shape.
     */
    @ParameterizedTest
    @EnumSource(
            value = Runner.class,
            names = {"JEST", "VITEST"})
    void aJestJsonReportBecomesARun(Runner runner) throws Exception {
        TestSuite suite = SERVER.newOrganization().suite(runner.name() + " json");
        Path report = PROJECT.resolve(runner.name().toLowerCase(java.util.Locale.ROOT) + "-report.json");
        report(
                runner,
                report,
                runner == Runner.JEST
                        ? List.of("--json", "--testLocationInResults", "--outputFile=" + report)
                        : List.of("--reporter=json", "--outputFile=" + report),
                Map.of());

        HttpReply accepted = uploadReport(suite, "jest-json", report);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("queued").intValue()).isEqualTo(runner.executions);
        JsonNode run = suite.finishedRuns().get(0);
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json();
        assertThat(failed.size()).isEqualTo(1);
        JsonNode wrong = failed.get(0);
        assertThat(wrong.get("test_name").stringValue()).endsWith(runner.failedName);
        assertThat(wrong.get("failure_reason").stringValue()).isNotBlank().doesNotContain("\u001B");
        // The report's absolute paths, all in the project's one folder, read relative to it.
        assertThat(wrong.get("location").stringValue()).startsWith("calc.test.js");
        assertThat(wrong.get("failure_expanded").get(0).get("expanded").size()).isPositive();
    }

    /** Playwright's own JSON report, with a retry: every attempt is an execution. */
    @org.junit.jupiter.api.Test
    void aPlaywrightJsonReportBecomesARunWithEveryAttempt() throws Exception {
        TestSuite suite = SERVER.newOrganization().suite("Playwright json");
        Path report = PROJECT.resolve("playwright-report.json");
        report(
                Runner.PLAYWRIGHT,
                report,
                List.of("--reporter=json", "--retries=1"),
                Map.of("PLAYWRIGHT_JSON_OUTPUT_FILE", report.toString()));

        HttpReply accepted = uploadReport(suite, "playwright-json", report);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        // Three tests, the wrong one tried twice.
        assertThat(accepted.json().get("queued").intValue()).isEqualTo(4);
        JsonNode run = suite.finishedRuns().get(0);
        JsonNode failed = suite.get(
                        "/runs/" + run.get("id").stringValue() + "/failed_executions?include_failure_expanded=true")
                .json();
        assertThat(failed.size()).isEqualTo(2);
        JsonNode wrong = failed.get(0);
        assertThat(wrong.get("test_name").stringValue()).endsWith(Runner.PLAYWRIGHT.failedName);
        assertThat(wrong.get("failure_reason").stringValue()).isNotBlank().doesNotContain("\u001B");
        assertThat(wrong.get("location").stringValue()).startsWith("calc.spec.js:4:");
        assertThat(wrong.get("failure_expanded").get(0).get("expanded").size()).isPositive();
    }

    /** Playwright's JUnit reporter, uploaded as curl would: the same run through the junit format. */
    @org.junit.jupiter.api.Test
    void playwrightsJunitReportBecomesARun() throws Exception {
        TestSuite suite = SERVER.newOrganization().suite("Playwright junit");
        Path report = PROJECT.resolve("playwright-junit.xml");
        report(
                Runner.PLAYWRIGHT,
                report,
                List.of("--reporter=junit"),
                Map.of("PLAYWRIGHT_JUNIT_OUTPUT_NAME", report.toString()));

        Map<String, JsonNode> failed = ResultFiles.upload(suite, "junit", Files.readAllBytes(report), 3);

        assertThat(failed).hasSize(1);
        JsonNode wrong = failed.values().iterator().next();
        assertThat(wrong.get("test_name").stringValue()).endsWith(Runner.PLAYWRIGHT.failedName);
        assertThat(wrong.get("failure_reason").stringValue()).isNotBlank();
    }

    /** jest-junit, the JUnit reporter Jest users add, uploaded as curl would. */
    @org.junit.jupiter.api.Test
    void jestJunitReportBecomesARun() throws Exception {
        TestSuite suite = SERVER.newOrganization().suite("jest-junit");
        Path report = PROJECT.resolve("jest-junit.xml");
        report(
                Runner.JEST,
                report,
                List.of("--reporters=default", "--reporters=jest-junit"),
                Map.of(
                        "JEST_JUNIT_OUTPUT_DIR", PROJECT.toString(),
                        "JEST_JUNIT_OUTPUT_NAME", "jest-junit.xml",
                        "JEST_JUNIT_ADD_FILE_ATTRIBUTE", "true"));

        Map<String, JsonNode> failed =
                ResultFiles.upload(suite, "junit", Files.readAllBytes(report), Runner.JEST.executions);

        assertThat(failed).hasSize(1);
        JsonNode wrong = failed.values().iterator().next();
        assertThat(wrong.get("test_name").stringValue()).endsWith(Runner.JEST.failedName);
        assertThat(wrong.get("location").stringValue()).endsWith("jest/calc.test.js");
        assertThat(wrong.get("failure_reason").stringValue()).isNotBlank();
    }

    /** Runs a runner with extra arguments and environment so that it writes its own report there. */
    private static void report(Runner runner, Path report, List<String> arguments, Map<String, String> env)
            throws Exception {
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(runner.command);
        command.addAll(arguments);
        NodeProject.Result tests = run(command, env, 180);
        assertThat(report).as(tests.output()).exists();
    }

    private static HttpReply uploadReport(TestSuite suite, String format, Path report) throws IOException {
        return suite.uploadFile(format, Files.readAllBytes(report));
    }

    private static NodeProject.Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws Exception {
        return project.run(command, env, timeoutSeconds);
    }
}
