package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * JUnit XML as other tools write it, from samples in each tool's documented output
 * (resources/formats/junit): Gradle, go-junit-report, PHPUnit and Cypress. Surefire, pytest,
 * jest-junit and Playwright are tested on the files real runs write (SurefireReportsTest,
 * PytestJunitTest, JavaScriptCollectorsTest).
 */
abstract class JunitFormatsContract extends SuiteContract {
    /** Uploads a sample as junit; returns the run's failed executions by test name. */
    Map<String, JsonNode> upload(String sample, int results) throws IOException {
        byte[] data;
        try (InputStream in = getClass().getResourceAsStream("/formats/junit/" + sample)) {
            data = in.readAllBytes();
        }
        return ResultFiles.upload(suite, "junit", data, results);
    }

    @Test
    void gradle() throws IOException {
        Map<String, JsonNode> failed = upload("gradle.xml", 3);

        JsonNode discount = failed.get("com.example.cart.CartTest appliesDiscount()");
        assertThat(discount.get("failure_reason").stringValue())
                .isEqualTo("org.opentest4j.AssertionFailedError: expected: <9.0> but was: <9.5>");
        assertThat(discount.get("failure_expanded").get(0).get("expanded").toString())
                .contains("CartTest.java:31");
        assertThat(discount.get("duration").doubleValue()).isEqualTo(0.039);
    }

    @Test
    void goJunitReport() throws IOException {
        Map<String, JsonNode> failed = upload("go-junit-report.xml", 3);

        assertThat(failed).containsOnlyKeys("example.com/shop/cart TestDiscount/ten_percent");
        assertThat(failed.values()
                        .iterator()
                        .next()
                        .get("failure_expanded")
                        .get(0)
                        .get("expanded")
                        .toString())
                .contains("discount = 9.5, want 9");
    }

    @Test
    void phpunitWithDataSetsAndNestedSuites() throws IOException {
        Map<String, JsonNode> failed = upload("phpunit.xml", 3);

        JsonNode error = failed.get("Tests.CartTest testDiscount with data set #1");
        assertThat(error.get("location").stringValue()).isEqualTo("tests/CartTest.php:20");
        assertThat(error.get("failure_reason").stringValue())
                .isEqualTo("Tests\\CartTest::testDiscount with data set #1");
        assertThat(error.get("failure_expanded").get(0).get("expanded").toString())
                .contains("Division by zero");
    }

    @Test
    void cypressTakesTheSpecFileFromTheRootSuite() throws IOException {
        Map<String, JsonNode> failed = upload("cypress.xml", 2);

        JsonNode wrong = failed.get("rejects a wrong password Login rejects a wrong password");
        assertThat(wrong.get("location").stringValue()).isEqualTo("cypress/e2e/login.cy.js");
        assertThat(wrong.get("failure_reason").stringValue()).startsWith("Timed out retrying after 4000ms");
    }

    @Test
    void whatATestPrintedIsKeptAndLongOutputIsCut() {
        String xml = "<testsuite name=\"s\"><testcase classname=\"a.B\" name=\"talks\"><failure message=\"m\"/>"
                + "<system-out>started\n" + "x".repeat(100_000) + "\nlast words</system-out>"
                + "<system-err>a warning</system-err></testcase></testsuite>";

        JsonNode talks = ResultFiles.upload(suite, "junit", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1)
                .get("a.B talks");

        JsonNode output = talks.get("output");
        assertThat(output.get("stderr").stringValue()).isEqualTo("a warning");
        String stdout = output.get("stdout").stringValue();
        assertThat(stdout).startsWith("started").endsWith("last words").contains("characters cut");
        assertThat(stdout.length()).isLessThan(70_000);
        String run = suite.finishedRuns().get(0).get("id").stringValue();
        assertThat(suite.get("/runs/" + run + "/failed_executions")
                        .json()
                        .get(0)
                        .has("output"))
                .isFalse();
    }
}
