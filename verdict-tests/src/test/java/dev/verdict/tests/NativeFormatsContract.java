package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.core.access.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runners' own report formats, uploaded as multipart data files and read back through the Runs and
 * Tests APIs. The samples follow each tool's documented output (resources/formats); the formats
 * with a runner on this machine (jest-json, playwright-json) are also tested on the reports real
 * runs write, in JavaScriptCollectorsTest.
 */
abstract class NativeFormatsContract extends SuiteContract {
    /** Uploads a sample; returns the run's failed executions by test name, after checking the count. */
    Map<String, JsonNode> upload(String format, String sample, int results) throws IOException {
        byte[] data;
        try (InputStream in = getClass().getResourceAsStream("/formats/" + sample)) {
            data = in.readAllBytes();
        }
        return ResultFiles.upload(suite, format, data, results);
    }

    /** Each test's result counts, by name. */
    Map<String, JsonNode> tests() {
        return server().api()
                .get(suite.path("/tests?per_page=100"), org.token(Scope.READ_SUITES), "Buildkite-Version", "2026-08-01")
                .json()
                .valueStream()
                .collect(Collectors.toMap(t -> t.get("name").stringValue(), t -> t.get("executions_count_by_result")));
    }

    @Test
    void rspecJson() throws IOException {
        Map<String, JsonNode> failed = upload("rspec-json", "rspec.json", 3);

        JsonNode blank = failed.get("User validations rejects a blank email");
        assertThat(failed).hasSize(1);
        assertThat(blank.get("failure_reason").stringValue()).isEqualTo("expected: falsey value");
        assertThat(blank.get("location").stringValue()).isEqualTo("./spec/models/user_spec.rb:9");
        assertThat(blank.get("duration").doubleValue()).isEqualTo(0.0456);
        JsonNode expanded = blank.get("failure_expanded").get(0);
        assertThat(expanded.get("expanded").toString()).contains("got: true");
        assertThat(expanded.get("backtrace").get(0).stringValue()).startsWith("./spec/models/user_spec.rb:10");
        assertThat(tests().get("sends a welcome mail").get("skipped").intValue())
                .isEqualTo(1);
        assertThat(tests().get("is valid with an email").get("passed").intValue())
                .isEqualTo(1);
    }

    @Test
    void cucumberJson() throws IOException {
        Map<String, JsonNode> failed = upload("cucumber-json", "cucumber.json", 3);

        JsonNode voucher = failed.get("Checkout Pays by voucher");
        assertThat(failed).hasSize(1);
        assertThat(voucher.get("failure_reason").stringValue()).isEqualTo("Voucher rejected: expired (RuntimeError)");
        assertThat(voucher.get("location").stringValue()).isEqualTo("features/checkout.feature:10");
        assertThat(voucher.get("failure_expanded").get(0).get("expanded").toString())
                .contains("pay_steps.rb:12");
        Map<String, JsonNode> tests = tests();
        assertThat(tests.get("Pays by card").get("passed").intValue()).isEqualTo(1);
        assertThat(tests.get("Pays by crypto").get("skipped").intValue()).isEqualTo(1);
        JsonNode card = server().api()
                .get(suite.path("/tests?per_page=100"), org.token(Scope.READ_SUITES), "Buildkite-Version", "2026-08-01")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals("Pays by card"))
                .findFirst()
                .orElseThrow();
        assertThat(card.get("duration_sum").doubleValue()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void goTestJson() throws IOException {
        Map<String, JsonNode> failed = upload("go-jsonl", "go-test.jsonl", 5);

        assertThat(failed.keySet())
                .containsExactlyInAnyOrder(
                        "example.com/shop/cart TestDiscount/ten_percent",
                        "example.com/shop/cart TestDiscount",
                        "example.com/shop/pay TestHangs");
        JsonNode tenPercent = failed.get("example.com/shop/cart TestDiscount/ten_percent");
        assertThat(tenPercent.get("failure_reason").stringValue()).isEqualTo("cart_test.go:42: discount = 9.5, want 9");
        assertThat(tenPercent.get("location").stringValue()).isEqualTo("cart_test.go:42");
        assertThat(tenPercent.get("duration").doubleValue()).isEqualTo(0.03);
        assertThat(failed.get("example.com/shop/pay TestHangs")
                        .get("failure_reason")
                        .stringValue())
                .contains("did not finish");
        Map<String, JsonNode> tests = tests();
        assertThat(tests.get("TestTotal").get("passed").intValue()).isEqualTo(1);
        assertThat(tests.get("TestLater").get("skipped").intValue()).isEqualTo(1);
    }

    @Test
    void badReportsAre400NamingTheFormatAndPlace() throws IOException {
        for (var bad : List.of(
                List.of("rspec-json", "[]", "not a RSpec JSON report"),
                List.of("cucumber-json", "{\"features\": []}", "not a Cucumber JSON report"),
                List.of("cucumber-json", "[\n{\"name\": }]", "line 2"),
                List.of("go-jsonl", "{\"Action\":\"run\"}\nnot json\n", "line 2"))) {
            HttpReply reply =
                    suite.uploadFile(bad.get(0), bad.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(reply.status()).as(bad.toString()).isEqualTo(400);
            assertThat(reply.json().get("message").stringValue())
                    .as(bad.toString())
                    .contains(bad.get(2));
        }
        assertThat(suite.get("/runs").json().size()).isZero();
    }
}
