package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * JUnit XML as other tools write it, from samples in each tool's documented output
 * (resources/formats/junit): Gradle, go-junit-report, PHPUnit and Cypress. Surefire, pytest and
 * Playwright are tested on the files real runs write (SurefireReportsTest, PytestJunitTest,
 * JavaScriptCollectorsTest).
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
        assertThat(error.get("location").stringValue()).isEqualTo("/app/tests/CartTest.php:20");
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
}
