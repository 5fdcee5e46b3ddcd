package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The JUnit XML a real pytest run writes with {@code --junitxml}, uploaded as curl would. */
class PytestJunitTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    private static final String TESTS = """
            import pytest


            def test_adds():
                assert 1 + 1 == 2


            def test_divides():
                assert 7 / 2 == 3, "integer division is not what Python does"


            @pytest.mark.skip(reason="needs a database")
            def test_saves():
                pass
            """;

    @Test
    void pytestJunitXmlBecomesARun(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("test_calc.py"), TESTS);
        Process pytest;
        try {
            pytest = new ProcessBuilder(
                            "python3",
                            "-m",
                            "pytest",
                            "-q",
                            "-p",
                            "no:cacheprovider",
                            "--junitxml=report.xml",
                            "-o",
                            "junit_family=xunit1",
                            "test_calc.py")
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(project.resolve("pytest.log").toFile())
                    .start();
        } catch (java.io.IOException noPython) {
            Assumptions.abort("python3 is not installed: pytest's JUnit XML is not tested here");
            return;
        }
        assertThat(pytest.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Path report = project.resolve("report.xml");
        Assumptions.assumeTrue(
                Files.exists(report),
                "pytest is not installed for python3: " + Files.readString(project.resolve("pytest.log")));

        TestSuite suite = SERVER.newOrganization().suite("pytest");
        Map<String, JsonNode> failed = ResultFiles.upload(suite, "junit", Files.readAllBytes(report), 3);

        JsonNode divides = failed.get("test_calc test_divides");
        assertThat(failed).hasSize(1);
        assertThat(divides.get("failure_reason").stringValue()).contains("integer division is not what Python does");
        assertThat(divides.get("location").stringValue()).startsWith("test_calc.py:");
        assertThat(divides.get("failure_expanded").get(0).get("expanded").toString())
                .contains("assert");
        JsonNode saves = SERVER.api()
                .get(
                        suite.path("/tests?per_page=100"),
                        suite.org().token(Scope.READ_SUITES),
                        "Buildkite-Version",
                        "2026-08-01")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals("test_saves"))
                .findFirst()
                .orElseThrow();
        assertThat(saves.get("executions_count_by_result").get("skipped").intValue())
                .isEqualTo(1);
    }
}
