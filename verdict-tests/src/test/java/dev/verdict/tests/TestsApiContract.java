package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Tests API over HTTP: both shapes, the window and its edges, every filter operator, sorting,
 * a test, find, labels, quarantine, and isolation between suites and organizations.
 */
abstract class TestsApiContract extends SuiteContract {
    static final String VERSION = "2026-08-01";

    /** A result with a duration and tags; {@code scope} may be null (sent without one). */
    static String execution(String scope, String name, String result, double duration, Map<String, String> tags) {
        StringBuilder tagJson = new StringBuilder();
        tags.forEach((k, v) -> tagJson.append(tagJson.isEmpty() ? "" : ",")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
        return "{" + (scope == null ? "" : "\"scope\":\"" + scope + "\",") + "\"name\":\"" + name
                + "\",\"location\":\"./spec/" + name + "_spec.rb:4\",\"file_name\":\"./spec/" + name + "_spec.rb\","
                + "\"result\":\"" + result + "\",\"history\":{\"duration\":" + duration + "},\"tags\":{" + tagJson
                + "}}";
    }

    static String execution(String name, String result, double duration) {
        return execution("Scope", name, result, duration, Map.of());
    }

    static String upload(String key, String branch, String commit, String... executions) {
        return RunsApiContract.upload(key, branch, commit, executions);
    }

    void uploadAndWait(String body) {
        assertThat(suite.upload(body).status()).isEqualTo(202);
        suite.finishedRuns();
    }

    HttpReply versioned(String query) {
        // The characters a URI may not hold as they are; clients send them percent-encoded.
        String encoded = query.replace(" ", "%20").replace("^", "%5E");
        return server().api().get(suite.path(encoded), org.token(Scope.READ_SUITES), "Buildkite-Version", VERSION);
    }

    List<String> names(HttpReply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().valueStream().map(t -> t.get("name").stringValue()).toList();
    }

    List<String> names(String query) {
        return names(versioned(query));
    }

    JsonNode byName(String query, String name) {
        return versioned(query)
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals(name))
                .findFirst()
                .orElseThrow();
    }

    String testId(String name) {
        return suite.get("/tests?per_page=100")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals(name))
                .findFirst()
                .orElseThrow()
                .get("id")
                .stringValue();
    }

    @Test
    void theLegacyListIsTheLegacyTestObjectInScopeAndNameOrder() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("B", "second", "passed", 1, Map.of()),
                execution("A", "first", "failed", 1, Map.of()),
                execution(null, "unscoped", "passed", 1, Map.of())));

        HttpReply reply = suite.get("/tests");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode first = reply.json().get(1);
        assertThat(first.propertyNames())
                .containsExactly("id", "url", "web_url", "scope", "name", "location", "file_name", "labels");
        assertThat(names(reply)).containsExactly("unscoped", "first", "second");
        String id = first.get("id").stringValue();
        assertThat(first.get("url").stringValue()).endsWith(suite.path("/tests/" + id));
        assertThat(first.get("web_url").stringValue())
                .endsWith("/organizations/" + org.slug() + "/analytics/suites/" + suite.slug() + "/tests/" + id);
        assertThat(first.get("scope").stringValue()).isEqualTo("A");
        assertThat(first.get("location").stringValue()).isEqualTo("./spec/first_spec.rb:4");
        assertThat(first.get("file_name").stringValue()).isEqualTo("./spec/first_spec.rb");
        assertThat(first.get("labels").isArray()).isTrue();
    }

    @Test
    void theVersionHeaderChoosesTheShape() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1)));
        String token = org.token(Scope.READ_SUITES);
        var api = server().api();

        assertThat(api.get(suite.path("/tests"), token, "Buildkite-Version", "2026-07-31")
                        .json()
                        .get(0)
                        .has("reliability"))
                .isFalse();
        assertThat(api.get(suite.path("/tests"), token, "Buildkite-Version", " ")
                        .json()
                        .get(0)
                        .has("reliability"))
                .isFalse();
        assertThat(api.get(suite.path("/tests"), token, "Buildkite-Version", "2027-01-15")
                        .json()
                        .get(0)
                        .has("reliability"))
                .isTrue();
        for (String bad : List.of("2026-8-1", "latest", "2026-13-01")) {
            HttpReply reply = api.get(suite.path("/tests"), token, "Buildkite-Version", bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.json().get("message").stringValue())
                    .isEqualTo("Buildkite-Version must be in format YYYY-MM-DD");
        }
    }

    @Test
    void metricsAddUpTheWindowsExecutions() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("a", "passed", 1.0),
                execution("a", "passed", 2.0),
                execution("a", "failed", 3.0),
                execution("a", "failed", 6.0),
                execution("a", "skipped", 0.0),
                execution("b", "passed", 0.5)));

        JsonNode a = byName("/tests", "a");

        assertThat(a.propertyNames())
                .containsExactly(
                        "id",
                        "url",
                        "web_url",
                        "scope",
                        "name",
                        "location",
                        "file_name",
                        "labels",
                        "reliability",
                        "duration_avg",
                        "duration_sum",
                        "duration_min",
                        "duration_max",
                        "executions_count",
                        "executions_count_by_result",
                        // Verdict's own, after Buildkite's: the judge's health.
                        "health",
                        "health_since",
                        "flaky_score");
        // Passed and failed in one run: flaky, on the evidence of that run.
        assertThat(a.get("health").stringValue()).isEqualTo("flaky");
        assertThat(a.get("health_since").stringValue()).matches("\\d{4}-.*Z");
        assertThat(a.get("flaky_score").isNumber()).isTrue();
        assertThat(byName("/tests", "b").get("health").stringValue()).isEqualTo("new");
        assertThat(byName("/tests", "b").get("flaky_score").isNull()).isTrue();
        assertThat(a.get("reliability").doubleValue()).isEqualTo(0.5);
        assertThat(a.get("duration_avg").doubleValue()).isEqualTo(2.4);
        assertThat(a.get("duration_sum").doubleValue()).isEqualTo(12.0);
        assertThat(a.get("duration_min").doubleValue()).isEqualTo(0.0);
        assertThat(a.get("duration_max").doubleValue()).isEqualTo(6.0);
        assertThat(a.get("executions_count").isIntegralNumber()).isTrue();
        assertThat(a.get("executions_count").longValue()).isEqualTo(5);
        JsonNode byResult = a.get("executions_count_by_result");
        assertThat(byResult.propertyNames()).containsExactly("passed", "failed", "skipped");
        assertThat(byResult.get("passed").longValue()).isEqualTo(2);
        assertThat(byResult.get("failed").longValue()).isEqualTo(2);
        assertThat(byResult.get("skipped").longValue()).isEqualTo(1);
        JsonNode b = byName("/tests", "b");
        assertThat(b.get("executions_count_by_result").propertyNames()).containsExactly("passed", "failed");
        assertThat(b.get("executions_count_by_result").get("failed").longValue())
                .isZero();
    }

    @Test
    void theWindowIncludesBothEdges() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1)));
        Instant at = Instant.parse(suite.finishedRuns().get(0).get("created_at").stringValue());

        assertThat(names("/tests?min_timestamp=" + at + "&max_timestamp=" + at)).containsExactly("a");
        assertThat(names("/tests?min_timestamp=" + at.plusMillis(1))).isEmpty();
        assertThat(names("/tests?max_timestamp=" + at.minusMillis(1))).isEmpty();
        assertThat(names("/tests?period=1hour")).containsExactly("a");
        assertThat(names("/tests?max_timestamp=2000-01-01")).isEmpty();
        assertThat(names("/tests")).containsExactly("a");
    }

    @Test
    void badValuesAre400AndConflictsAre422() {
        for (String query : List.of(
                "period=7weeks",
                "period=0days",
                "min_timestamp=yesterday",
                "sort_by=name",
                "order=up",
                "state=broken",
                "labels=slow*",
                "branch=!main*",
                "tags=nocolon",
                "tags=result:~great",
                "tags=bad key:x",
                "owners=team*")) {
            HttpReply reply = versioned("/tests?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.json().get("message").stringValue()).as(query).isNotBlank();
        }
        for (String query : List.of(
                "period=7days&min_timestamp=2026-01-01",
                "label=a&labels=b",
                "tags=result:failed,result:~passed",
                "min_timestamp=2026-02-01&max_timestamp=2026-01-01")) {
            HttpReply reply = versioned("/tests?" + query);
            assertThat(reply.status()).as(query).isEqualTo(422);
            assertThat(reply.json().get("message").stringValue()).startsWith("Validation failed: ");
        }
    }

    @Test
    void branchFilterAggregatesOnlyMatchingBranches() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1), execution("b", "passed", 1)));
        uploadAndWait(upload("r2", "feature-x", "c2", execution("a", "failed", 3)));
        uploadAndWait(upload("r3", "release", "c3", execution("c", "passed", 1)));

        assertThat(names("/tests?branch=feature-*")).containsExactly("a");
        assertThat(byName("/tests?branch=feature-*", "a")
                        .get("executions_count")
                        .longValue())
                .isEqualTo(1);
        assertThat(names("/tests?branch=main&sort_by=reliability")).containsExactlyInAnyOrder("a", "b");
        assertThat(byName("/tests?branch=!feature-x", "a").get("reliability").doubleValue())
                .isEqualTo(1.0);
        assertThat(names("/tests?branch=!main")).containsExactlyInAnyOrder("a", "c");
        assertThat(names("/tests?branch=main,release")).containsExactlyInAnyOrder("a", "b", "c");
        // ^ marks a prefix, as * ends one: no git branch name starts with ^.
        assertThat(names("/tests?branch=^feature")).containsExactly("a");
        assertThat(names("/tests?branch=^rel,^ma")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(names("/tests?branch=^mai")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void searchFindsASubstringOfTheNameOrScopeIgnoringCase() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("Checkout", "applies_coupon", "passed", 1, Map.of()),
                execution("Cart", "adds_item", "passed", 1, Map.of()),
                execution("Billing", "charges_CART_total", "failed", 1, Map.of())));

        assertThat(names("/tests?search=cart")).containsExactlyInAnyOrder("adds_item", "charges_CART_total");
        assertThat(names("/tests?search=COUPON")).containsExactly("applies_coupon");
        assertThat(names("/tests?search=cart&tags=result:failed")).containsExactly("charges_CART_total");
        // Characters LIKE would read as wildcards are plain text to a search.
        assertThat(names("/tests?search=%25")).isEmpty();
        assertThat(names("/tests?search=_")).hasSize(3);
        assertThat(names("/tests?search=")).hasSize(3);
        HttpReply tooLong = versioned("/tests?search=" + "x".repeat(201));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("message").stringValue())
                .contains("search")
                .contains("200");
    }

    @Test
    void tagFiltersAndResultGroups() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("Scope", "arm", "passed", 1, Map.of("host.arch", "arm64")),
                execution("Scope", "x86", "failed", 1, Map.of("host.arch", "x86_64")),
                execution("Scope", "mixed", "passed", 1, Map.of()),
                execution("Scope", "mixed", "failed", 1, Map.of()),
                execution("Scope", "broken", "failed", 1, Map.of())));

        assertThat(names("/tests?tags=host.arch:arm64")).containsExactly("arm");
        assertThat(names("/tests?tags=host.arch:x86*")).containsExactly("x86");
        assertThat(names("/tests?tags=host.arch:!arm64")).containsExactlyInAnyOrder("x86", "mixed", "broken");
        assertThat(names("/tests?tags=result:~failed")).containsExactlyInAnyOrder("x86", "mixed", "broken");
        assertThat(names("/tests?tags=result:^failed")).containsExactlyInAnyOrder("x86", "broken");
        assertThat(names("/tests?tags=result:failed,host.arch:x86_64")).containsExactly("x86");
        // An execution-level result filter counts only the matching executions.
        assertThat(byName("/tests?tags=result:passed", "mixed")
                        .get("executions_count")
                        .longValue())
                .isEqualTo(1);
        assertThat(names("/tests?tags=result:!failed")).containsExactlyInAnyOrder("arm", "mixed");
    }

    @Test
    void labelStateAndOwnerFiltersPickTests() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("a", "passed", 1),
                execution("b", "passed", 1),
                execution("c", "passed", 1)));
        String write = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        var api = server().api();
        api.patch(
                suite.path("/tests/" + testId("a") + "/labels"), write, "{\"operator\":\"add\",\"labels\":[\"slow\"]}");
        api.patch(
                suite.path("/tests/" + testId("b") + "/labels"),
                write,
                "{\"operator\":\"add\",\"labels\":[\"slow\",\"db\"]}");
        api.put(suite.path("/tests/" + testId("c") + "/mute"), write, "");

        assertThat(names("/tests?labels=slow")).containsExactlyInAnyOrder("a", "b");
        assertThat(names("/tests?labels=slow,!db")).containsExactly("a");
        assertThat(names("/tests?labels=slow,db")).containsExactly("b");
        assertThat(names("/tests?labels=!slow")).containsExactly("c");
        assertThat(names("/tests?label=db")).containsExactly("b");
        assertThat(names(suite.get("/tests?label=slow"))).containsExactly("a", "b");
        assertThat(names("/tests?state=muted")).containsExactly("c");
        assertThat(names("/tests?state=enabled")).containsExactlyInAnyOrder("a", "b");
        // No TESTOWNERS uploaded: no test has an owner.
        assertThat(names("/tests?owners=platform")).isEmpty();
        assertThat(names("/tests?owners=!platform")).hasSize(3);
    }

    @Test
    void sortingAndPaging() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("fast", "passed", 0.1),
                execution("slow", "passed", 9),
                execution("flappy", "passed", 1),
                execution("flappy", "failed", 2),
                execution("skipper", "skipped", 5)));

        assertThat(names("/tests")).containsExactly("slow", "skipper", "flappy", "fast");
        assertThat(names("/tests?order=asc")).containsExactly("fast", "flappy", "skipper", "slow");
        assertThat(names("/tests?sort_by=duration_sum&order=asc")).containsExactly("fast", "flappy", "skipper", "slow");
        // Reliability: a test with no passes or failures has none, and comes last either way.
        List<String> ascending = names("/tests?sort_by=reliability&order=asc");
        assertThat(ascending.getFirst()).isEqualTo("flappy");
        assertThat(ascending.subList(1, 3)).containsExactlyInAnyOrder("fast", "slow");
        assertThat(ascending.getLast()).isEqualTo("skipper");
        assertThat(names("/tests?sort_by=reliability").getLast()).isEqualTo("skipper");
        assertThat(names("/tests?sort_by=reliability").get(2)).isEqualTo("flappy");
        assertThat(byName("/tests", "skipper").get("reliability").isNull()).isTrue();

        HttpReply first = versioned("/tests?per_page=3");
        assertThat(names(first)).containsExactly("slow", "skipper", "flappy");
        assertThat(first.header("Link").orElseThrow()).contains("rel=\"next\"");
        // The list counts what matches as it sorts, so the last page is known.
        assertThat(first.header("Link").orElseThrow()).containsPattern("page=2[^>]*>; rel=\"last\"");
        assertThat(names("/tests?per_page=3&page=2")).containsExactly("fast");
    }

    @Test
    void aTestAndItsMetrics() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1), execution("a", "failed", 3)));
        String id = testId("a");

        JsonNode legacy = suite.get("/tests/" + id).json();
        assertThat(legacy.get("id").stringValue()).isEqualTo(id);
        assertThat(legacy.has("executions_count")).isFalse();

        JsonNode measured = versioned("/tests/" + id).json();
        assertThat(measured.get("executions_count").longValue()).isEqualTo(2);
        assertThat(measured.get("reliability").doubleValue()).isEqualTo(0.5);
        assertThat(measured.get("duration_max").doubleValue()).isEqualTo(3.0);

        JsonNode empty = versioned("/tests/" + id + "?max_timestamp=2000-01-01").json();
        assertThat(empty.get("executions_count").longValue()).isZero();
        assertThat(empty.get("reliability").isNull()).isTrue();
        assertThat(empty.get("duration_avg").isNull()).isTrue();
        assertThat(empty.get("executions_count_by_result").get("passed").longValue())
                .isZero();
        assertThat(empty.get("executions_count_by_result").get("failed").longValue())
                .isZero();

        assertThat(suite.get("/tests/0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40").status())
                .isEqualTo(404);
        assertThat(suite.get("/tests/not-a-uuid").json().get("message").stringValue())
                .isEqualTo("No test found");
    }

    @Test
    void findByScopeAndName() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("User#email", "is formatted", "passed", 1, Map.of()),
                execution(null, "bare", "passed", 1, Map.of())));
        String token = org.token(Scope.READ_SUITES);
        var api = server().api();

        HttpReply found =
                api.post(suite.path("/tests/find"), token, "{\"scope\":\"User#email\",\"name\":\"is formatted\"}");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().get("id").stringValue()).isEqualTo(testId("is formatted"));
        assertThat(api.post(suite.path("/tests/find"), token, "{\"name\":\"bare\"}")
                        .json()
                        .get("name")
                        .stringValue())
                .isEqualTo("bare");
        HttpReply missing = api.post(suite.path("/tests/find"), token, "{\"scope\":\"User#email\",\"name\":\"nope\"}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("message").stringValue()).isEqualTo("No test found");
        HttpReply invalid = api.post(suite.path("/tests/find"), token, "{\"scope\":1}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("message").stringValue()).contains("name").contains("scope");
    }

    @Test
    void labelsAreAddedAndRemoved() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1)));
        String path = suite.path("/tests/" + testId("a") + "/labels");
        String write = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        var api = server().api();

        HttpReply added = api.patch(path, write, "{\"operator\":\"add\",\"labels\":[\"slow\",\"api\",\"slow\"]}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().get("labels").valueStream().map(JsonNode::stringValue))
                .containsExactly("api", "slow");
        HttpReply removed = api.patch(path, write, "{\"operator\":\"remove\",\"labels\":[\"slow\",\"never-there\"]}");
        assertThat(removed.json().get("labels").valueStream().map(JsonNode::stringValue))
                .containsExactly("api");

        assertThat(api.patch(path, org.token(Scope.READ_SUITES), "{\"operator\":\"add\",\"labels\":[\"x\"]}")
                        .status())
                .isEqualTo(403);
        for (String bad : List.of(
                "{\"labels\":[\"x\"]}",
                "{\"operator\":\"toggle\",\"labels\":[\"x\"]}",
                "{\"operator\":\"add\"}",
                "{\"operator\":\"add\",\"labels\":\"x\"}",
                "{\"operator\":\"add\",\"labels\":[\"a,b\"]}",
                "{\"operator\":\"add\",\"labels\":[\"!a\"]}",
                "{\"operator\":\"add\",\"labels\":[\" \"]}")) {
            HttpReply reply = api.patch(path, write, bad);
            assertThat(reply.status()).as(bad).isEqualTo(422);
        }
        assertThat(suite.get("/tests/" + testId("a"))
                        .json()
                        .get("labels")
                        .valueStream()
                        .map(JsonNode::stringValue))
                .containsExactly("api");
    }

    @Test
    void quarantineStatesAndTheirLists() {
        uploadAndWait(upload(
                "r1",
                "main",
                "c1",
                execution("a", "passed", 1),
                execution("b", "passed", 1),
                execution("c", "passed", 1)));
        String write = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        String read = org.token(Scope.READ_SUITES);
        var api = server().api();
        String a = testId("a");
        String b = testId("b");

        HttpReply muted = api.put(suite.path("/tests/" + a + "/mute"), write, "");
        assertThat(muted.status()).isEqualTo(200);
        assertThat(muted.json().get("id").stringValue()).isEqualTo(a);
        assertThat(api.put(suite.path("/tests/" + a + "/mute"), write, "").status())
                .isEqualTo(200);
        api.put(suite.path("/tests/" + b + "/skip"), write, "");

        assertThat(names(suite.get("/tests/muted"))).containsExactly("a");
        assertThat(names(suite.get("/tests/skipped"))).containsExactly("b");
        assertThat(names(api.put(suite.path("/tests/skipped"), read, ""))).containsExactly("b");

        api.put(suite.path("/tests/" + a + "/enable"), write, "");
        assertThat(names(suite.get("/tests/muted"))).isEmpty();
        assertThat(api.put(suite.path("/tests/" + b + "/enable"), read, "").status())
                .isEqualTo(403);
        assertThat(api.put(suite.path("/tests/0190e2d4-7c1a-4f6b-9a51-2b6c0d1e3f40/mute"), write, "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aStateChangeKeepsWhoMadeItWhenAndWhy() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1)));
        var api = server().api();
        String write = org.token(Scope.READ_SUITES, Scope.WRITE_SUITES);
        String a = testId("a");
        String mute = suite.path("/tests/" + a + "/mute");

        assertThat(api.put(mute, write, "{\"reason\":\"times out on arm64, see #123\"}")
                        .status())
                .isEqualTo(200);
        // The same state again, as Buildkite's clients send it (no body): answered, not recorded.
        assertThat(api.put(mute, write, "").status()).isEqualTo(200);
        assertThat(api.put(suite.path("/tests/" + a + "/enable"), write, "{}").status())
                .isEqualTo(200);
        for (String bad : List.of("[1]", "{\"reason\":5}", "{\"reason\":\"" + "x".repeat(501) + "\"}", "{nope")) {
            HttpReply refused = api.put(mute, write, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("message").stringValue()).as(bad).isNotBlank();
        }
        assertThat(names(suite.get("/tests/muted")))
                .as("a refused change changes nothing")
                .isEmpty();

        HttpReply history = suite.get("/tests/" + a + "/state-changes");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().valueStream().map(c -> c.get("state").stringValue()))
                .containsExactly("enabled", "muted");
        JsonNode muted = history.json().get(1);
        assertThat(muted.get("reason").stringValue()).isEqualTo("times out on arm64, see #123");
        assertThat(muted.get("changed_by").stringValue()).isEqualTo("token 'test'");
        assertThat(Instant.parse(muted.get("changed_at").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(history.json().get(0).get("reason").isNull()).isTrue();
    }

    @Test
    void testsStayInsideTheirSuiteAndOrganization() {
        uploadAndWait(upload("r1", "main", "c1", execution("a", "passed", 1)));
        String id = testId("a");
        TestSuite other = org.suite("Other");
        TestOrganization stranger = server().newOrganization();
        var api = server().api();

        assertThat(other.get("/tests/" + id).status()).isEqualTo(404);
        assertThat(other.get("/tests").json().size()).isZero();
        assertThat(api.get(suite.path("/tests/" + id), stranger.token()).status())
                .isEqualTo(404);
        assertThat(api.get(suite.path("/tests"), stranger.token()).status()).isEqualTo(404);
        assertThat(api.put(other.path("/tests/" + id + "/mute"), org.token(), "")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(suite.path("/tests"), org.token(Scope.WRITE_SUITES)).status())
                .isEqualTo(403);
    }
}
