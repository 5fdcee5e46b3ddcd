package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real Maven build, run here with Surefire's reruns on, writes the JUnit XML that is uploaded: a
 * test that failed and then passed on its rerun arrives as two executions and is caught flaky; one
 * that failed every time arrives as three failures.
 */
class SurefireReportsTest {
    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    /** The plugin and JUnit versions of this project's own build, so they are already at hand. */
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>demo</groupId>
              <artifactId>demo</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>25</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>6.1.3</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-resources-plugin</artifactId>
                    <version>3.3.1</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-compiler-plugin</artifactId>
                    <version>3.14.1</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.5.4</version>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

            class ShapesTest {
                @Test
                void passes() {
                    assertEquals(4, 2 + 2);
                }

                @Test
                void alwaysFails() {
                    assertEquals(5, 2 + 2, "arithmetic still holds");
                }

                @Test
                void failsOnce() throws Exception {
                    Path marker = Path.of("target", "failed-once");
                    if (Files.notExists(marker)) {
                        Files.createFile(marker);
                        assertEquals("ready", "not yet", "the first attempt fails");
                    }
                }
            }
            """;

    @TempDir
    static Path project;

    /** The build runs once; each test uploads its reports in its own way. */
    @BeforeAll
    static void buildWithReruns() throws Exception {
        Files.writeString(project.resolve("pom.xml"), POM);
        Path sources = Files.createDirectories(project.resolve("src/test/java/demo"));
        Files.writeString(sources.resolve("ShapesTest.java"), TEST);
        Path mvnw = Path.of("..", "mvnw").toAbsolutePath().normalize();
        Process maven = new ProcessBuilder(
                        mvnw.toString(),
                        "-q",
                        "-B",
                        "test",
                        "-Dsurefire.rerunFailingTestsCount=2",
                        "-Dmaven.test.failure.ignore=true")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve("maven.log").toFile())
                .start();
        maven.getOutputStream().close();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(project.resolve("target/surefire-reports/TEST-demo.ShapesTest.xml"))
                .as(Files.readString(project.resolve("maven.log")))
                .exists();
    }

    @Test
    void surefireRerunsBecomeExecutionsAndTheFlakyOneIsCaught() throws Exception {
        String xml = Files.readString(project.resolve("target/surefire-reports/TEST-demo.ShapesTest.xml"));
        assertThat(xml).contains("<flakyFailure").contains("<rerunFailure");

        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Maven");
        HttpReply accepted = suite.uploadFile("junit", xml.getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("queued").intValue()).isEqualTo(6);
        suite.finishedRuns();

        List<JsonNode> tests = SERVER.api()
                .get(suite.path("/tests"), org.token(Scope.READ_SUITES), "Buildkite-Version", "2026-08-01")
                .json()
                .valueStream()
                .toList();
        assertThat(tests).hasSize(3);
        JsonNode failsOnce = byName(tests, "failsOnce");
        assertThat(failsOnce.get("scope").stringValue()).isEqualTo("demo.ShapesTest");
        assertThat(failsOnce.get("executions_count_by_result").get("failed").intValue())
                .isEqualTo(1);
        assertThat(failsOnce.get("executions_count_by_result").get("passed").intValue())
                .isEqualTo(1);
        assertThat(failsOnce.get("labels").valueStream().map(JsonNode::stringValue))
                .containsExactly("flaky");
        JsonNode alwaysFails = byName(tests, "alwaysFails");
        assertThat(alwaysFails.get("executions_count_by_result").get("failed").intValue())
                .isEqualTo(3);
        assertThat(alwaysFails.get("labels").size()).isZero();
        assertThat(byName(tests, "passes").get("executions_count").intValue()).isEqualTo(1);
    }

    /**
     * The upload jar, run alone as a CI job would run it, sends the reports directory from a
     * GitHub Actions job, and the server shows the run it printed.
     */
    @Test
    void verdictUploadSendsTheReportsDirectory() throws Exception {
        Path jar = Path.of("..", "verdict-upload", "target", "verdict-upload.jar")
                .toAbsolutePath()
                .normalize();
        assertThat(jar).as("built by verdict-upload's package phase").exists();
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Maven by upload");
        ProcessBuilder command = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-jar",
                        jar.toString(),
                        "--url",
                        SERVER.server().uri().toString(),
                        "target/surefire-reports")
                .directory(project.toFile())
                .redirectOutput(project.resolve("upload.out").toFile())
                .redirectError(project.resolve("upload.err").toFile());
        command.environment().clear();
        command.environment()
                .putAll(Map.of(
                        "BUILDKITE_ANALYTICS_TOKEN", suite.uploadToken(),
                        "GITHUB_ACTION", "__run",
                        "GITHUB_RUN_NUMBER", "17",
                        "GITHUB_RUN_ATTEMPT", "1",
                        "GITHUB_RUN_ID", "4242",
                        "GITHUB_REPOSITORY", "acme/shapes",
                        "GITHUB_REF_NAME", "main",
                        "GITHUB_SHA", "5ca1ab1e"));
        Process upload = command.start();
        upload.getOutputStream().close();
        assertThat(upload.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(project.resolve("upload.err"));
        assertThat(upload.exitValue()).as(err).isZero();
        assertThat(err).contains("6 queued");

        JsonNode run = suite.finishedRuns().get(0);
        assertThat(Files.readString(project.resolve("upload.out")).strip())
                .isEqualTo(run.get("web_url").stringValue());
        assertThat(run.get("branch").stringValue()).isEqualTo("main");
        assertThat(run.get("commit_sha").stringValue()).isEqualTo("5ca1ab1e");
        assertThat(run.get("result").stringValue()).isEqualTo("failed");
        List<String> failed = suite.get("/runs/" + run.get("id").stringValue() + "/failed_executions")
                .json()
                .valueStream()
                .map(e -> e.get("test_name").stringValue())
                .toList();
        assertThat(failed)
                .containsExactlyInAnyOrder(
                        "demo.ShapesTest alwaysFails",
                        "demo.ShapesTest alwaysFails",
                        "demo.ShapesTest alwaysFails",
                        "demo.ShapesTest failsOnce");
    }

    private static JsonNode byName(List<JsonNode> tests, String name) {
        return tests.stream()
                .filter(t -> t.get("name").stringValue().startsWith(name))
                .findFirst()
                .orElseThrow();
    }
}
