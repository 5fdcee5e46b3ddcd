package dev.verdict.tests;

import static dev.verdict.tests.TestsApiContract.VERSION;
import static dev.verdict.tests.TestsApiContract.execution;
import static dev.verdict.tests.TestsApiContract.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.Validation;
import dev.verdict.core.access.Scope;
import dev.verdict.core.ownership.TestOwners;
import dev.verdict.tests.TestServer.TestSuite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Test ownership: a TESTOWNERS file uploaded with the suite token, and the owners filter it feeds. */
abstract class OwnershipContract extends SuiteContract {
    static final String FILE = """
            # Backend owns the specs, the API team its own corner of them.
            spec/ backend
            spec/api/ @api-team backend

            *.test.js frontend
            """;

    /** Nine wildcards: within the limit, and a minute's backtracking per name for a recursive matcher. */
    static final String HOSTILE = "**/*a*a*a*a*a*a*a*a*c";

    static String owned(String name, String file) {
        return execution("Scope", name, "passed", 1, Map.of()).replace("./spec/" + name + "_spec.rb", file);
    }

    HttpReply sendOwners(String authorization, Multipart form) {
        return server().api()
                .send(server().api()
                        .request("/v1/test-ownerships")
                        .header("Authorization", authorization)
                        .header("Content-Type", form.contentType())
                        .POST(form.publisher())
                        .build());
    }

    HttpReply sendOwners(String file) {
        return sendOwners(
                "Bearer " + suite.uploadToken(),
                new Multipart().file("file", "TESTOWNERS", "text/plain", file.getBytes(StandardCharsets.UTF_8)));
    }

    List<String> names(String query) {
        HttpReply reply = server().api()
                .get(suite.path("/tests" + query), org.token(Scope.READ_SUITES), "Buildkite-Version", VERSION);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().valueStream().map(t -> t.get("name").stringValue()).toList();
    }

    /** New tests are owned just after their upload is processed, once matched with no lock held. */
    static void eventually(org.awaitility.core.ThrowingRunnable assertion) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(assertion);
    }

    /** Another organization's one run is processed within the time: this suite's work held it up no longer. */
    static void finishesWithin(TestSuite other, Duration time) {
        Awaitility.await()
                .atMost(time)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> other.get("/runs")
                        .json()
                        .get(0)
                        .get("state")
                        .stringValue()
                        .equals("finished"));
    }

    void uploadAndWait(String... executions) {
        assertThat(suite.upload(upload("r-" + System.nanoTime(), "main", "c1", executions))
                        .status())
                .isEqualTo(202);
        suite.finishedRuns();
    }

    /** As many copies of the line as fit in the largest file, with room for a line more. */
    static String fill(String line) {
        return (line + "\n").repeat((TestOwners.MAX_BYTES - 100) / (line.length() + 1));
    }

    @Test
    void ownersComeFromTheFileAndFilterTests() {
        uploadAndWait(
                owned("user", "./spec/models/user_spec.rb"),
                owned("endpoint", "./spec/api/endpoint_spec.rb"),
                owned("widget", "src/widget.test.js"),
                owned("script", "scripts/build.sh"));

        HttpReply reply = sendOwners(FILE);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("rules").intValue()).isEqualTo(3);
        assertThat(reply.json().get("tests_owned").intValue()).isEqualTo(3);
        assertThat(names("?owners=backend")).containsExactlyInAnyOrder("user", "endpoint");
        assertThat(names("?owners=api-team")).containsExactly("endpoint");
        assertThat(names("?owners=frontend,api-team")).containsExactlyInAnyOrder("widget", "endpoint");
        assertThat(names("?owners=!backend")).containsExactlyInAnyOrder("widget", "script");

        // A test first seen after the file came is owned as its upload is processed.
        uploadAndWait(owned("newcomer", "./spec/lib/newcomer_spec.rb:12"));
        eventually(
                () -> assertThat(names("?owners=backend")).containsExactlyInAnyOrder("user", "endpoint", "newcomer"));

        // A new file replaces the old one for every test.
        assertThat(sendOwners("scripts/ tooling\n").status()).isEqualTo(200);
        assertThat(names("?owners=backend")).isEmpty();
        assertThat(names("?owners=tooling")).containsExactly("script");
    }

    @Test
    void everyRunnersTestsAreOwnedMavenAndPytestByTheirClassJestByPathsMadeRelative() {
        String maven = """
                <testsuite name="com.acme.cart.CartTest" tests="2">
                  <testcase classname="com.acme.cart.CartTest" name="adds" time="0.01"/>
                  <testcase classname="com.acme.billing.InvoiceTest$Totals" name="sums" time="0.01"/>
                </testsuite>""";
        String pytest = """
                <testsuites><testsuite name="pytest" tests="2">
                  <testcase classname="tests.test_cart" name="test_adds" time="0.01"/>
                  <testcase classname="tests.api.test_orders.TestOrders" name="test_lists" time="0.01"/>
                </testsuite></testsuites>""";
        // Jest reports absolute paths; this upload says nothing of the directory it ran in.
        String jest = """
                {"testResults": [
                  {"name": "/ci/builds/agent-1/acme/shop/src/cart/cart.test.js",
                   "assertionResults": [{"title": "totals", "ancestorTitles": ["Cart"], "status": "passed"}]},
                  {"name": "/ci/builds/agent-1/acme/shop/tests/e2e/checkout.test.js",
                   "assertionResults": [{"title": "pays", "ancestorTitles": ["Checkout"], "status": "passed"}]}]}""";
        for (var report : List.of(List.of("junit", maven), List.of("junit", pytest), List.of("jest-json", jest))) {
            HttpReply accepted = suite.uploadFile(report.get(0), report.get(1).getBytes(StandardCharsets.UTF_8));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        }
        suite.finishedRuns();

        HttpReply reply = sendOwners("""
                **/com/acme/cart/ cart-team
                **/com/acme/billing/ billing
                tests/api/ api-team
                tests/test_cart.py cart-team
                src/cart/ web-cart
                tests/e2e/ qa
                """);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("tests_owned").intValue()).isEqualTo(6);
        assertThat(names("?owners=cart-team")).containsExactlyInAnyOrder("adds", "test_adds");
        assertThat(names("?owners=billing")).containsExactly("sums");
        assertThat(names("?owners=api-team")).containsExactly("test_lists");
        assertThat(names("?owners=web-cart")).containsExactly("totals");
        assertThat(names("?owners=qa")).containsExactly("pays");
        JsonNode totals = server().api()
                .get(suite.path("/tests?owners=web-cart"), org.token(Scope.READ_SUITES), "Buildkite-Version", VERSION)
                .json()
                .get(0);
        assertThat(totals.get("location").stringValue()).isEqualTo("src/cart/cart.test.js");
    }

    @Test
    void aBadFileIsRefusedWholeNamingItsLines() {
        uploadAndWait(owned("user", "./spec/models/user_spec.rb"));
        assertThat(sendOwners(FILE).status()).isEqualTo(200);

        HttpReply bad = sendOwners("spec/ backend\nspec/models/\n!spec/api/ backend\ndocs/ Not_A_Team!\n");

        assertThat(bad.status()).isEqualTo(422);
        String message = bad.json().get("message").stringValue();
        assertThat(message)
                .contains("line 2")
                .contains("line 3")
                .contains("line 4")
                .doesNotContain("line 1:");
        assertThat(names("?owners=backend")).containsExactly("user");
    }

    @Test
    void theEndpointChecksTokenFormAndSize() {
        byte[] big = new byte[(1 << 20) + 10];
        java.util.Arrays.fill(big, (byte) '#');

        assertThat(sendOwners("Bearer vds_nope", new Multipart().file("file", "T", "text/plain", new byte[0]))
                        .status())
                .isEqualTo(401);
        assertThat(sendOwners("Token token=\"" + suite.uploadToken() + "\"", new Multipart().field("other", "x"))
                        .status())
                .isEqualTo(422);
        assertThat(sendOwners("Bearer " + suite.uploadToken(), new Multipart().file("file", "T", "text/plain", big))
                        .status())
                .isEqualTo(413);
        HttpReply notForm = server().api()
                .send(server().api()
                        .request("/v1/test-ownerships")
                        .header("Authorization", "Bearer " + suite.uploadToken())
                        .header("Content-Type", "text/plain")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(FILE))
                        .build());
        assertThat(notForm.status()).isEqualTo(415);
        assertThat(notForm.json().get("message").stringValue()).contains("multipart/form-data");
    }

    @Test
    void thousandsOfNewTestsAgainstAFileOfHostilePatternsHoldUpNoOtherUpload() throws Exception {
        assertThat(sendOwners(fill(HOSTILE + " qa")).status()).isEqualTo(200);
        String[] many = new String[3000];
        for (int i = 0; i < many.length; i++) {
            many[i] = owned("t" + i, "lib/" + "a".repeat(30) + "c" + i);
        }
        TestSuite other = server().newOrganization().suite("Meanwhile");

        assertThat(suite.upload(upload("many", "main", "c1", many)).status()).isEqualTo(202);
        long start = System.nanoTime();
        HttpReply meanwhile =
                other.upload(upload("other", "main", "c1", execution("Scope", "other", "passed", 1, Map.of())));

        assertThat(meanwhile.status()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("an upload is acknowledged while the other suite's tests are matched")
                .isLessThan(Duration.ofSeconds(1));
        finishesWithin(other, Duration.ofSeconds(8));
        suite.finishedRuns();
    }

    @Test
    void aFileOfHostilePatternsIsMatchedQuicklyAndOtherUploadsGoOn() throws Exception {
        // Names of forty characters that almost match every line.
        uploadAndWait(
                owned("almost", "c" + "a".repeat(39)),
                owned("nearly", "lib/" + "a".repeat(20) + "c" + "a".repeat(19)),
                owned("matching", "lib/" + "a".repeat(39) + "c"));
        TestSuite other = server().newOrganization().suite("Meanwhile");

        long start = System.nanoTime();
        CompletableFuture<HttpReply> owners = CompletableFuture.supplyAsync(() -> sendOwners(fill(HOSTILE + " qa")));
        assertThat(other.upload(upload("other", "main", "c1", execution("Scope", "other", "passed", 1, Map.of())))
                        .status())
                .isEqualTo(202);
        finishesWithin(other, Duration.ofSeconds(2));
        HttpReply reply = owners.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("tests_owned").intValue()).isEqualTo(1);
        assertThat(names("?owners=qa")).containsExactly("matching");
    }

    @Test
    void aFileOfTooManyWildcardsIsRefusedAtOnceNamingTheLine() {
        HttpReply reply = sendOwners("spec/ backend\n" + fill("**/" + "*a".repeat(15) + "*c qa"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("message").stringValue())
                .contains("line 2: '**/*a*a")
                .contains("has 17 wildcards; a pattern may have at most 16")
                .contains("more bad lines");
    }

    @Test
    void matchingPastTheBudgetKeepsThePreviousFile() {
        uploadAndWait(owned("user", "./spec/models/user_spec.rb"));
        assertThat(sendOwners(FILE).status()).isEqualTo(200);
        UUID suiteId = server().server()
                .storage()
                .suites()
                .find(org.organization().id(), suite.slug())
                .orElseThrow()
                .id();
        TestOwners slow = TestOwners.parse("spec/ tooling\nscripts/ tooling\n");

        assertThatThrownBy(() -> server().server()
                        .storage()
                        .tests()
                        .replaceOwners(suiteId, "spec/ tooling\n", slow.matching(Duration.ZERO), Instant.now()))
                .isInstanceOf(Validation.class)
                .hasMessageContaining("line 2: matching the suite's tests took longer than 0 ms");

        assertThat(names("?owners=backend")).containsExactly("user");
        uploadAndWait(owned("newcomer", "./spec/lib/newcomer_spec.rb"));
        eventually(() -> assertThat(names("?owners=backend")).containsExactlyInAnyOrder("user", "newcomer"));
        assertThat(names("?owners=tooling")).isEmpty();
    }

    @Test
    void teamsMayCarryAnAtAndLinesAComment() {
        uploadAndWait(owned("total", "src/cart/total.test.js"), owned("user", "./spec/models/user_spec.rb"));

        HttpReply reply = sendOwners("""
                src/cart/ @payments checkout # the cart team, @not-a-team
                spec/ Backend#not-a-comment-but-a-bad-slug
                """);
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("message").stringValue())
                .contains("line 2: 'backend#not-a-comment-but-a-bad-slug' is not a team slug")
                .doesNotContain("line 1");

        assertThat(sendOwners("src/cart/ @payments checkout # the cart team, @not-a-team\n")
                        .status())
                .isEqualTo(200);
        assertThat(names("?owners=@payments")).containsExactly("total");
        assertThat(names("?owners=checkout")).containsExactly("total");
        assertThat(names("?owners=!@payments")).containsExactly("user");
        assertThat(names("?owners=not-a-team")).isEmpty();
    }
}
