package dev.verdict.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Json;
import dev.verdict.core.access.Scope;
import dev.verdict.tests.WebSession.Page;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web UI over HTTP, read as a browser would get it and parsed with jsoup: signing in, what each
 * page shows of real uploads, the forms that change tests, and escaping of whatever uploads hold.
 */
abstract class WebPagesContract extends SuiteContract {
    WebSession web;

    @BeforeEach
    void browser() {
        web = new WebSession(server().server().uri());
    }

    String web(String rest) {
        return "/organizations/" + org.slug() + "/analytics" + rest;
    }

    String suitePage(String rest) {
        return web("/suites/" + suite.slug() + rest);
    }

    void signIn(Scope... scopes) {
        Page signedIn = web.signIn(scopes.length == 0 ? org.token() : org.token(scopes));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
    }

    Page ok(String path) {
        Page page = web.get(path);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page;
    }

    /** One execution in Buildkite's JSON, built with a JSON library so any text is escaped right. */
    static ObjectNode result(String scope, String name, String result, double duration) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("scope", scope);
        node.put("name", name);
        node.put("location", "spec/" + name.length() + "_spec.rb:7");
        node.put("result", result);
        node.putObject("history").put("start_at", 10.0).put("duration", duration);
        if (result.equals("failed")) {
            node.put("failure_reason", "expected 1 to eq 2");
            node.putArray("failure_expanded")
                    .addObject()
                    .set("expanded", Json.MAPPER.createArrayNode().add("Diff:").add("-1 +2"));
        }
        return node;
    }

    /** Uploads results as one run and waits for it; returns the run's web URL the upload answered. */
    String upload(String key, String branch, String commit, ObjectNode... results) {
        return upload(key, "42", branch, commit, results);
    }

    String upload(String key, String number, String branch, String commit, ObjectNode... results) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("format", "json");
        ObjectNode env = body.putObject("run_env")
                .put("CI", "buildkite")
                .put("key", key)
                .put("branch", branch)
                .put("commit_sha", commit)
                .put("message", "Make it faster")
                .put("url", "https://ci.example/builds/42");
        if (number != null) {
            env.put("number", number);
        }
        ArrayNode data = body.putArray("data");
        for (ObjectNode r : results) {
            data.add(r);
        }
        HttpReply accepted = suite.upload(Json.MAPPER.writeValueAsString(body));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        suite.finishedRuns();
        return accepted.json().get("run_url").stringValue();
    }

    String pathOf(String url) {
        return java.net.URI.create(url).getPath();
    }

    String testPath(String name) {
        JsonNode test = suite.get("/tests")
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals(name))
                .findFirst()
                .orElseThrow();
        return pathOf(test.get("web_url").stringValue());
    }

    /** The tests a list page shows, in its order: each row's first cell. */
    static List<String> rowNames(Page page) {
        return page.document().select("tbody tr td:first-child a").eachText();
    }

    /** A series' values that are not null. */
    static List<Double> present(JsonNode series) {
        return series.get("values")
                .valueStream()
                .filter(v -> !v.isNull())
                .map(JsonNode::asDouble)
                .toList();
    }

    static double sum(JsonNode series) {
        double total = 0;
        for (JsonNode v : series.get("values")) {
            total += v.asDouble();
        }
        return total;
    }

    static Element section(org.jsoup.nodes.Document doc, String heading) {
        return doc.select("section").stream()
                .filter(s -> s.selectFirst("h2") != null
                        && s.selectFirst("h2").text().equals(heading))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aStrangerIsAskedToSignInAndComesBackAfter() {
        Page asked = web.get(suitePage("/runs"));
        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.header("Location"))
                .isEqualTo("/sign-in?next="
                        + java.net.URLEncoder.encode(suitePage("/runs"), java.nio.charset.StandardCharsets.UTF_8));

        Page form = ok(asked.header("Location"));
        assertThat(form.document().selectFirst("input[name=next]").attr("value"))
                .isEqualTo(suitePage("/runs"));
        Page signedIn = web.post("/sign-in", Map.of("token", org.token(), "next", suitePage("/runs")));

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo(suitePage("/runs"));
        assertThat(ok(suitePage("/runs")).document().selectFirst("h1").text()).isEqualTo("Runs");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureOverHttps() {
        Page plain = web.signIn(org.token());
        String cookie = plain.header("Set-Cookie");

        assertThat(cookie).startsWith("verdict_session=").contains("HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(cookie).doesNotContain("Secure");
        assertThat(cookie).doesNotContain(org.token());
    }

    @Test
    void aProxysHeadersAreNotBelievedUnlessTrusted() {
        WebSession proxied = new WebSession(server().server().uri())
                .alwaysSend("X-Forwarded-Proto", "https")
                .alwaysSend("X-Forwarded-Host", "evil.example");

        Page plain = proxied.signIn(org.token());
        assertThat(plain.status()).isEqualTo(303);
        assertThat(plain.header("Set-Cookie")).doesNotContain("Secure");
        Page fromThere = proxied.post("/sign-in", Map.of("token", org.token()), "https://evil.example");
        assertThat(fromThere.status()).isEqualTo(403);
        assertThat(fromThere.header("Set-Cookie")).isNull();
    }

    @Test
    void aFormMustSayItCameFromThisSite() {
        String token = org.token();
        String page = web.origin() + "/sign-in";

        Page unsaid = web.postWith("/sign-in", Map.of("token", token), Map.of());
        Page refererOnly = web.postWith("/sign-in", Map.of("token", token), Map.of("Referer", page));
        Page refererElsewhere =
                web.postWith("/sign-in", Map.of("token", token), Map.of("Referer", "https://evil.example/sign-in"));
        Page nullOrigin = web.postWith("/sign-in", Map.of("token", token), Map.of("Origin", "null", "Referer", page));

        assertThat(unsaid.status()).isEqualTo(403);
        assertThat(unsaid.document().selectFirst(".problem").text()).contains("without an Origin or a Referer");
        assertThat(refererOnly.status()).isEqualTo(303);
        assertThat(refererElsewhere.status()).isEqualTo(403);
        assertThat(nullOrigin.status()).isEqualTo(403);
        assertThat(List.of(unsaid, refererElsewhere, nullOrigin))
                .allSatisfy(p -> assertThat(p.header("Set-Cookie")).isNull());
    }

    @Test
    void pagesMayNotBeFramed() {
        Page form = ok("/sign-in");

        assertThat(form.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(form.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @Test
    void aWrongTokenIsRefusedSayingWhy() {
        Page refused = web.signIn("vdt_not-a-real-token");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.document().selectFirst(".problem").text()).contains("not one this server knows");
        assertThat(refused.header("Set-Cookie")).isNull();
        Page uploadToken = web.signIn(suite.uploadToken());
        assertThat(uploadToken.status()).isEqualTo(401);
        assertThat(uploadToken.document().selectFirst(".problem").text())
                .contains("suite's upload token")
                .contains("API access token")
                .contains("verdict token create");
        Page tooNarrow = web.signIn(org.token(Scope.READ_TEST_PLAN));
        assertThat(tooNarrow.status()).isEqualTo(403);
        assertThat(tooNarrow.document().selectFirst(".problem").text()).contains("read_suites");
    }

    @Test
    void aNextPageOnAnotherSiteIsIgnored() {
        String token = org.token();
        for (String elsewhere : List.of(
                "//evil.example/steal",
                "/\t/evil.example",
                "/\\evil.example",
                "\\\\evil.example",
                "/\n/evil.example",
                "https://evil.example",
                "javascript:alert(1)",
                "/ /evil.example",
                "evil.example")) {
            Page signedIn =
                    new WebSession(server().server().uri()).post("/sign-in", Map.of("token", token, "next", elsewhere));
            assertThat(signedIn.header("Location")).as(elsewhere).isEqualTo("/");
        }
        // The form a link with such a next opens carries none on.
        Page form = ok("/sign-in?next=/%09/evil.example");
        assertThat(form.document().selectFirst("input[name=next]").attr("value"))
                .isEmpty();
        Page here = web.post("/sign-in", Map.of("token", token, "next", suitePage("/runs?branch=main")));
        assertThat(here.header("Location")).isEqualTo(suitePage("/runs?branch=main"));
    }

    @Test
    void aFormThatCannotBeReadIsRefusedSayingWhy() {
        Page garbled = web.post("/sign-in", Map.of("token", "x")); // a well-formed one first: 401
        assertThat(garbled.status()).isEqualTo(401);

        WebSession raw = new WebSession(server().server().uri());
        Page badEncoding = raw.postRaw("/sign-in", "token=%zz");
        Page tooLarge = raw.postRaw("/sign-in", "token=" + "a".repeat(300_000));

        assertThat(badEncoding.status()).isEqualTo(400);
        assertThat(badEncoding.document().selectFirst(".problem").text()).contains("could not be read");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.document().selectFirst(".problem").text()).contains("too large");
    }

    @Test
    void signingOutEndsTheSession() {
        signIn();
        Page suites = ok(web(""));

        Page out = web.post("/sign-out", Map.of("_csrf", suites.csrf()));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(web.get(web("")).status()).isEqualTo(303);
    }

    @Test
    void aSessionOfARevokedTokenEnds() {
        String token = org.token();
        assertThat(web.signIn(token).status()).isEqualTo(303);
        assertThat(new WebSession(server().server().uri()).signIn(token).status())
                .isEqualTo(303);
        assertThat(sessionsKept()).isEqualTo(2);
        assertThat(server().api().delete("/v2/access-token", token).status()).isEqualTo(204);

        assertThat(web.get(web("")).status()).isEqualTo(303);
        assertThat(sessionsKept()).isZero();
    }

    /** The organization's sessions in the store. */
    long sessionsKept() {
        return server().count(
                        "SELECT count(*) FROM web_sessions s JOIN access_tokens t ON t.id = s.access_token_id"
                                + " JOIN organizations o ON o.id = t.organization_id WHERE o.slug = ?",
                        org.slug());
    }

    @Test
    void aCopiedCookieIsWorthNothingAfterSigningOut() {
        signIn();
        WebSession copy = new WebSession(server().server().uri());
        copy.cookie(web.cookie());
        assertThat(copy.get(web("")).status()).isEqualTo(200);

        assertThat(web.post("/sign-out", Map.of("_csrf", ok(web("")).csrf())).status())
                .isEqualTo(303);

        assertThat(copy.get(web("")).status()).isEqualTo(303);
        assertThat(sessionsKept()).isZero();
    }

    @Test
    void theSessionsPageListsTheTokensSessionsAndSignsOutEverywhere() {
        String token = org.token();
        WebSession phone = new WebSession(server().server().uri()).alwaysSend("User-Agent", "Phone/1.0");
        assertThat(phone.signIn(token).status()).isEqualTo(303);
        assertThat(web.signIn(token).status()).isEqualTo(303);
        WebSession otherToken = new WebSession(server().server().uri());
        assertThat(otherToken.signIn(org.token()).status()).isEqualTo(303);

        Page list = ok("/sessions");
        List<Element> rows = list.document().select("tbody tr");
        assertThat(rows).hasSize(2);
        assertThat(rows)
                .filteredOn(r -> r.text().contains("Phone/1.0"))
                .singleElement()
                .satisfies(r -> assertThat(r.text()).doesNotContain("this one"));
        assertThat(rows).filteredOn(r -> r.text().contains("this one")).hasSize(1);
        assertThat(list.body()).doesNotContain(token);
        Page out = web.post("/sign-out-everywhere", Map.of("_csrf", list.csrf()));

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(phone.get(web("")).status()).isEqualTo(303);
        assertThat(web.get(web("")).status()).isEqualTo(303);
        assertThat(otherToken.get(web("")).status()).isEqualTo(200);
    }

    @Test
    void aForgedCookieIsNoSession() {
        web.cookie("verdict_session=" + "A".repeat(80));

        assertThat(web.get(web("")).status()).isEqualTo(303);
    }

    @Test
    void formsNeedTheirCsrfTokenAndThisSitesOrigin() {
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        signIn();
        String test = testPath("adds");
        String csrf = ok(test).csrf();

        Page without = web.post(test + "/labels", Map.of("add", "slow"));
        Page wrong = web.post(test + "/labels", Map.of("add", "slow", "_csrf", "x" + csrf));
        Page elsewhere = web.post(test + "/labels", Map.of("add", "slow", "_csrf", csrf), "https://evil.example");
        Page right = web.post(test + "/labels", Map.of("add", "slow", "_csrf", csrf));

        assertThat(List.of(without.status(), wrong.status(), elsewhere.status()))
                .containsOnly(403);
        assertThat(right.status()).isEqualTo(303);
        assertThat(suite.get("/tests").json().get(0).get("labels").get(0).stringValue())
                .isEqualTo("slow");
    }

    @Test
    void anotherOrganizationsPagesAreNotFound() {
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        String test = testPath("adds");
        TestServer.TestOrganization other = server().newOrganization();
        assertThat(web.signIn(other.token()).status()).isEqualTo(303);

        for (String path : List.of(web(""), suitePage(""), suitePage("/runs"), test)) {
            Page page = web.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).doesNotContain("adds");
        }
        String sameSlugElsewhere = "/organizations/" + other.slug() + "/analytics/suites/" + suite.slug();
        assertThat(web.get(sameSlugElsewhere).status()).isEqualTo(404);
    }

    @Test
    void aReadOnlyTokenSeesPagesButNoFormsAndCannotChangeTests() {
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        signIn(Scope.READ_SUITES);
        String test = testPath("adds");
        Page page = ok(test);

        assertThat(page.document().select("input[name=add]")).isEmpty();
        assertThat(page.document().select("button[name=state]")).isEmpty();
        assertThat(ok(web("")).document().select("input[name=default_branch]")).isEmpty();
        Page refused = web.post(test + "/state", Map.of("state", "muted", "_csrf", page.csrf()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.document().selectFirst(".problem").text()).contains("write_suites");
        assertThat(web.get(suitePage("/setup")).status())
                .as("the setup page shows the upload token, which takes write_suites")
                .isEqualTo(403);
    }

    @Test
    void workflowsAreCreatedChangedFollowedAndDeletedFromTheirPages() {
        signIn();
        Page list = ok(suitePage("/workflows"));
        assertThat(rowNames(list)).containsExactly("Flaky label");
        assertThat(list.document().select("#deliveries .empty").text()).contains("delivered");

        Page bad = web.post(
                suitePage("/workflows"),
                Map.of("definition", "{\"monitor\": {\"type\": \"nope\"}}", "_csrf", list.csrf()));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.document().selectFirst(".problem").text()).contains("monitor.type");
        assertThat(bad.document().selectFirst("textarea").text()).contains("nope");

        Page made = web.post(
                suitePage("/workflows"),
                Map.of(
                        "definition",
                        "{\"name\": \"New tests\", \"monitor\": {\"type\": \"new_test\"}, \"alarm_actions\":"
                                + " [{\"type\": \"add_label\", \"label\": \"new\"}]}",
                        "_csrf",
                        list.csrf()));
        assertThat(made.status()).as(made.body()).isEqualTo(303);
        String path = pathOf(made.header("Location"));
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));

        Page workflow = ok(path);
        assertThat(workflow.document().selectFirst("h1").text()).isEqualTo("New tests");
        assertThat(workflow.document().select("#events li").text())
                .contains("alarm")
                .contains("Cart adds");
        assertThat(ok(testPath("adds")).document().select("#workflows li").text())
                .contains("alarm")
                .contains("new test");
        assertThat(ok(suitePage("/workflows")).document().select("tbody").text())
                .contains("New tests")
                .contains("Cart adds");

        Page saved = web.post(path, Map.of("definition", "{\"name\": \"Fresh tests\"}", "_csrf", workflow.csrf()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(ok(path).document().selectFirst("h1").text()).isEqualTo("Fresh tests");
        Page deleted = web.post(path + "/delete", Map.of("_csrf", workflow.csrf()));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(web.get(path).status()).isEqualTo(404);
    }

    @Test
    void suitesListShowsTheWeekAndCreatesASuiteWithItsSetup() {
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        upload("r2", "main", "c2", result("Cart", "adds", "failed", 0.1));
        signIn();
        Page list = ok(web(""));
        Element row = list.document().select("tbody tr").stream()
                .filter(r -> r.text().contains("WebPages"))
                .findFirst()
                .orElseThrow();
        assertThat(row.select("td").eachText()).containsExactly("WebPages", "main", "2", "1", "50.0%");

        Page created = web.post(
                web("/suites"), Map.of("name", "Mobile <app>", "default_branch", "trunk", "_csrf", list.csrf()));

        assertThat(created.status()).as(created.body()).isEqualTo(303);
        String setup = created.header("Location");
        assertThat(setup).endsWith("/setup");
        created = ok(setup);
        String token = created.document().selectFirst("#upload-token").text();
        assertThat(token).startsWith("vds_");
        assertThat(created.document().select("pre code").eachText())
                .anyMatch(s -> s.contains("BUILDKITE_ANALYTICS_TOKEN=" + token))
                .anyMatch(s -> s.contains("format=junit"))
                .anyMatch(s -> s.contains("verdict-upload.jar"));
        assertThat(created.document().selectFirst("h1").text()).isEqualTo("Mobile <app> is ready");
        assertThat(ok(web("")).document().select("tbody td a").eachText()).containsOnlyOnce("Mobile <app>");
        assertThat(ok(setup).document().selectFirst("#upload-token").text())
                .as("the page reloads with the same token and no second suite")
                .isEqualTo(token);
        assertThat(ok(web("")).document().select("tbody td a").eachText()).containsOnlyOnce("Mobile <app>");
        Page invalid = web.post(web("/suites"), Map.of("name", "", "default_branch", "main", "_csrf", list.csrf()));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.document().selectFirst(".problem").text()).contains("name");
    }

    @Test
    void theRunUrlAnUploadGivesOpensTheRunWithWhatFailed() {
        ObjectNode failed = result("Checkout", "pays", "failed", 0.3);
        String runUrl = upload(
                "r1",
                "main",
                "abcdef1234567890",
                result("Checkout", "adds", "passed", 0.1),
                failed,
                result("Checkout", "later", "skipped", 0));
        signIn();

        Page run = ok(pathOf(runUrl));

        var doc = run.document();
        assertThat(doc.selectFirst("h1").text()).contains("failed").contains("#42");
        assertThat(doc.select("dl.facts dd").eachText())
                .contains("finished", "main", "abcdef1234567890", "Make it faster");
        assertThat(doc.selectFirst("dl.facts a[href=https://ci.example/builds/42]"))
                .isNotNull();
        assertThat(doc.select(".counts div").eachText())
                .containsExactly("3 executions", "1 passed", "1 failed", "1 skipped");
        Element failure = doc.selectFirst("ul.failures details");
        assertThat(failure.selectFirst("summary").text())
                .contains("Checkout pays")
                .contains("expected 1 to eq 2");
        assertThat(failure.selectFirst("pre.expanded").text()).contains("Diff:").contains("-1 +2");
        assertThat(doc.select("#run[hx-trigger]")).isEmpty();
        assertThat(doc.select("table tbody tr")).hasSize(3);
        assertThat(doc.select("table tbody tr").first().text()).contains("failed");
    }

    static ObjectNode failing(String name, String reason) {
        ObjectNode node = result("Checkout", name, "failed", 0.2);
        node.put("failure_reason", reason);
        return node;
    }

    @Test
    void aRunIsReadTestByTestWithEachFailuresAttemptsAndBadges() {
        HttpReply owners = suite.testOwners("spec/4_spec.rb payments\n");
        assertThat(owners.status()).as(owners.body()).isEqualTo(200);
        upload(
                "r1",
                "7",
                "main",
                "c1",
                failing("pays", "expected 1 to eq 2"),
                result("Checkout", "wobbly", "passed", 0.1),
                result("Checkout", "quiet", "passed", 0.1));
        String quiet = testPath("quiet");
        signIn();
        var testPage = ok(quiet);
        Page muted = web.post(quiet + "/state", Map.of("state", "muted", "_csrf", testPage.csrf()));
        assertThat(muted.status()).as(muted.body()).isEqualTo(303);
        ObjectNode firstTry = failing("wobbly", "timeout");
        firstTry.putObject("history").put("duration", 2.5);
        String runUrl = upload(
                "r2",
                "8",
                "main",
                "c2",
                failing("pays", "expected 1 to eq 2"),
                failing("pays", "expected 1 to eq 2"),
                failing("pays", "expected 1 to eq 2"),
                firstTry,
                result("Checkout", "wobbly", "passed", 0.1),
                failing("quiet", "nope"),
                failing("fresh", "undefined method"));

        var doc = ok(pathOf(runUrl)).document();

        assertThat(doc.selectFirst("p.verdict").text())
                .startsWith("Failed: ")
                .contains("1 flaky test passed on retry")
                .contains("1 muted test failed");
        var rows = doc.select("ul.failures > li");
        assertThat(rows).hasSize(4);
        Element pays = row(doc, "Checkout pays");
        assertThat(pays.selectFirst(".attempts").text()).isEqualTo("failed 3 of 3");
        assertThat(pays.select("ol.attempts li")).hasSize(3);
        assertThat(pays.select("ol.attempts li a").eachAttr("href"))
                .allSatisfy(href -> assertThat(href).contains("?execution_id="))
                .doesNotHaveDuplicates();
        Element since = pays.selectFirst("a.badge.since");
        assertThat(since.text()).isEqualTo("failing since #7");
        assertThat(ok(since.attr("href")).document().selectFirst("h1").text()).contains("#7");
        assertThat(pays.select(".badge.owner").eachText()).containsExactly("payments");
        Element wobbly = row(doc, "Checkout wobbly");
        assertThat(wobbly.hasClass("passed-on-retry")).isTrue();
        assertThat(wobbly.selectFirst(".attempts").text()).isEqualTo("passed on retry 2");
        assertThat(wobbly.select("ol.attempts li").eachText())
                .containsExactly("attempt 1 failed 2.50 s", "attempt 2 passed 100 ms");
        assertThat(row(doc, "Checkout fresh").select(".badge.since").eachText())
                .containsExactly("new failure in this run");
        assertThat(row(doc, "Checkout quiet").select(".badge.state").eachText()).containsExactly("muted");
        // What to look at first comes first: the counted failures, then the flaky pass, then muted.
        assertThat(rows.last().text()).contains("quiet");
        assertThat(rows.get(2).text()).contains("wobbly");
        assertThat(doc.select("a[href=#executions]").text()).contains("(7)");
    }

    @Test
    void theUploadsPageSaysWhatBecameOfEachUploadAndWhy() {
        ObjectNode bad = Json.MAPPER.createObjectNode().put("name", "<odd>").put("result", "exploded");
        upload("r1", "main", "c1", bad, result("Cart", "adds", "passed", 0.1));
        signIn();

        var doc = ok(suitePage("/uploads")).document();

        assertThat(doc.selectFirst("nav.tabs a[aria-current=page]").text()).isEqualTo("Uploads");
        Element row = doc.selectFirst("table.uploads tbody tr");
        assertThat(row.selectFirst(".badge.upload").text()).isEqualTo("processed");
        assertThat(row.select("td.num").eachText()).containsExactly("1", "1");
        assertThat(row.selectFirst("ul.errors li").text()).contains("data[0]").contains("exploded");
        assertThat(ok(row.selectFirst("a").attr("href"))
                        .document()
                        .selectFirst("h1")
                        .text())
                .contains("Run");
        assertThat(ok(suitePage("/uploads?state=failed")).document().select("table.uploads"))
                .isEmpty();
        assertThat(web.get(suitePage("/uploads?state=lost")).status()).isEqualTo(400);
    }

    static Element row(org.jsoup.nodes.Document doc, String test) {
        return doc.select("ul.failures > li").stream()
                .filter(li -> li.selectFirst("summary a").text().equals(test))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + test + " in " + doc.select("ul.failures")));
    }

    @Test
    void aRunOfAnOutageSaysSoAndMarksEachFailure() {
        ObjectNode[] results = new ObjectNode[10];
        for (int i = 0; i < 8; i++) {
            results[i] = failing("victim" + i, "connect ECONNREFUSED 10.0.0." + i + ":5432");
        }
        results[8] = result("Checkout", "fine", "passed", 0.1);
        results[9] = result("Checkout", "also fine", "passed", 0.1);
        String runUrl = upload("outage", "main", "c1", results);
        signIn();

        var doc = ok(pathOf(runUrl)).document();
        assertThat(doc.selectFirst("p.verdict").text()).startsWith("Failed because of the infrastructure: 8 tests");
        assertThat(doc.select("ul.failures summary .badge.kind").eachText())
                .hasSize(8)
                .containsOnly("infrastructure");
    }

    @Test
    void aRunTellsNewBreaksFromKnownFlakyTestsAndLinksToWhy() {
        upload("r1", "main", "c1", failing("wobbly", "timeout"), result("Checkout", "wobbly", "passed", 0.1));
        String runUrl = upload("r2", "main", "c2", failing("wobbly", "timeout"), failing("pays", "expected 1 to eq 2"));
        signIn();

        var doc = ok(pathOf(runUrl)).document();
        assertThat(doc.selectFirst("p.verdict.attention").text())
                .isEqualTo("Failed: 1 new failure, 1 known flaky test.");
        Element flaky = doc.select("ul.failures summary").stream()
                .filter(s -> s.text().contains("wobbly"))
                .findFirst()
                .orElseThrow();
        Element badge = flaky.selectFirst("a.badge.kind.flaky");
        assertThat(badge.attr("title")).contains("flaky");
        assertThat(badge.attr("href")).endsWith("#health");

        var test = ok(badge.attr("href").replace("#health", "")).document();
        Element why = test.getElementById("health");
        assertThat(why.selectFirst("h2").text()).isEqualTo("Why it is flaky");
        assertThat(why.select("ol.evidence li").first().text())
                .contains("failed and passed in the same run")
                .contains("main");
        String evidenceRun = why.select("ol.evidence li a").first().attr("href");
        assertThat(ok(evidenceRun).document().selectFirst("h1").text()).contains("Run");
        assertThat(test.select("dl.facts a.badge.health").text()).isEqualTo("flaky");
    }

    @Test
    void aRunningRunRefreshesItselfUntilFinished() {
        String runUrl = upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        String runId = runUrl.substring(runUrl.lastIndexOf('/') + 1);
        server().database().update("UPDATE runs SET state = 'running' WHERE id = '" + runId + "'");
        signIn();

        Element running = ok(pathOf(runUrl)).document().selectFirst("#run");

        assertThat(running.attr("hx-get")).isEqualTo(pathOf(runUrl));
        assertThat(running.attr("hx-trigger")).isEqualTo("every 2s");
        assertThat(running.attr("hx-select")).isEqualTo("#run");
        server().database().update("UPDATE runs SET state = 'finished' WHERE id = '" + runId + "'");
        assertThat(ok(pathOf(runUrl)).document().selectFirst("#run").hasAttr("hx-trigger"))
                .isFalse();
    }

    @Test
    void executionsOfARunAreSearchable() {
        String runUrl = upload(
                "r1",
                "main",
                "c1",
                result("Cart", "adds an item", "passed", 0.1),
                result("Cart", "removes an item", "passed", 0.1),
                result("Login", "refuses a bad password", "passed", 0.1));
        signIn();

        Page found = ok(pathOf(runUrl) + "?q=ITEM");

        assertThat(found.document().select("table tbody tr td:nth-child(2)").eachText())
                .containsExactlyInAnyOrder("Cart adds an item", "Cart removes an item");
        assertThat(found.document().selectFirst("input[name=q]").attr("value")).isEqualTo("ITEM");
    }

    @Test
    void runsListFiltersAndPages() {
        for (int i = 0; i < 32; i++) {
            upload(
                    "r" + i,
                    i % 2 == 0 ? "main" : "feature",
                    "c" + i,
                    result("Cart", "adds", i == 5 ? "failed" : "passed", 0.1));
        }
        signIn();

        Page first = ok(suitePage("/runs"));
        assertThat(first.document().select("tbody tr")).hasSize(30);
        String next = first.document().selectFirst("a[rel=next]").attr("href");
        assertThat(ok(next).document().select("tbody tr")).hasSize(2);
        Page failed = ok(suitePage("/runs?result=failed"));
        assertThat(failed.document().select("tbody tr")).hasSize(1);
        assertThat(failed.document().selectFirst("tbody tr").text())
                .contains("feature")
                .contains("c5");
        assertThat(failed.document()
                        .selectFirst("select[name=result] option[selected]")
                        .attr("value"))
                .isEqualTo("failed");
        assertThat(ok(suitePage("/runs?branch=main&commit=c4")).document().select("tbody tr"))
                .hasSize(1);
        Page bad = web.get(suitePage("/runs?result=purple"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.document().selectFirst(".problem").text()).contains("result must be");
    }

    @Test
    void testsListSortsAndFilters() {
        upload(
                "r1",
                "main",
                "c1",
                result("Cart", "fast", "passed", 0.1),
                result("Cart", "slow", "passed", 3.0),
                result("Cart", "broken", "failed", 1.0));
        signIn();

        Page byDuration = ok(suitePage("/tests"));
        assertThat(rowNames(byDuration)).containsExactly("Cart slow", "Cart broken", "Cart fast");
        assertThat(byDuration.document().selectFirst("h1 .count").text()).isEqualTo("3");
        // The sorted column carries the arrow of its order; following it turns the order round.
        assertThat(byDuration.document().select("th a").eachText()).contains("Average ▼", "Reliability", "Slowest");
        String ascending = byDuration.document().select("th a").stream()
                .filter(a -> a.text().startsWith("Average"))
                .findFirst()
                .orElseThrow()
                .attr("href");
        Page ascendingPage = ok(ascending);
        assertThat(rowNames(ascendingPage)).containsExactly("Cart fast", "Cart broken", "Cart slow");
        assertThat(ascendingPage.document().select("th a").eachText()).contains("Average ▲");
        Page reliability = ok(suitePage("/tests?sort_by=reliability&order=asc"));
        assertThat(reliability.document().selectFirst("tbody tr").text())
                .contains("broken")
                .contains("0.0%");
        web.post(testPath("slow") + "/labels", Map.of("add", "perf", "_csrf", byDuration.csrf()));
        assertThat(rowNames(ok(suitePage("/tests?label=perf")))).containsExactly("Cart slow");
    }

    @Test
    void testsAreFoundByANameOrScopeAndShowTheirOwners() {
        HttpReply owners = suite.testOwners("spec/4_spec.rb @payments\nspec/6_spec.rb checkout-team\n");
        assertThat(owners.status()).as(owners.body()).isEqualTo(200);
        upload(
                "r1",
                "main",
                "c1",
                result("Checkout", "pays", "passed", 0.1),
                result("Checkout", "refund", "passed", 0.2),
                result("Billing", "invoices", "passed", 0.3));
        signIn();

        Page found = ok(suitePage("/tests?search=CHECKOUT"));
        assertThat(rowNames(found)).containsExactlyInAnyOrder("Checkout pays", "Checkout refund");
        assertThat(found.document().selectFirst("input[type=search]").val()).isEqualTo("CHECKOUT");
        assertThat(found.document().selectFirst("h1 .count").text()).isEqualTo("2");
        assertThat(rowNames(ok(suitePage("/tests?search=voice")))).containsExactly("Billing invoices");
        // Every row names its owners, each a link to that team's tests.
        Page all = ok(suitePage("/tests"));
        Element pays = all.document().select("tbody tr").stream()
                .filter(r -> r.text().contains("pays"))
                .findFirst()
                .orElseThrow();
        assertThat(pays.select("td.owners a.badge.owner").eachText()).containsExactly("payments");
        Page team = ok(pays.selectFirst("td.owners a").attr("href"));
        assertThat(rowNames(team)).containsExactly("Checkout pays");
        Page tooLong = web.get(suitePage("/tests?search=" + "x".repeat(201)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.document().selectFirst(".problem").text()).contains("search is 201 characters");
    }

    @Test
    void theTeamsPageCountsEachTeamsTestsAndWhatIsWrongWithThem() {
        // result() files a test under spec/<length of its name>_spec.rb.
        assertThat(suite.testOwners("spec/6_spec.rb @payments\nspec/4_spec.rb @payments @search\n")
                        .status())
                .isEqualTo(200);
        upload(
                "r1",
                "1",
                "main",
                "c1",
                result("Cart", "breaks", "passed", 0.1),
                result("Cart", "pays", "passed", 0.1),
                result("Cart", "alone", "passed", 0.1));
        upload("r2", "2", "main", "c2", result("Cart", "breaks", "failed", 0.1), result("Cart", "pays", "passed", 0.1));
        upload("r3", "3", "main", "c3", result("Cart", "breaks", "failed", 0.1));
        signIn();

        var doc = ok(suitePage("/teams")).document();

        assertThat(doc.select("tbody tr").eachText())
                .containsExactly("payments 2 1 0 0", "search 1 0 0 0", "No owner 1 0 0 0");
        assertThat(doc.select("nav.tabs a[aria-current=page]").text()).isEqualTo("Teams");
        var broken = doc.selectFirst("tbody tr a.problem");
        assertThat(rowNames(ok(broken.attr("href")))).containsExactly("Cart breaks");
    }

    @Test
    void aTestPageShowsItsHistoryAndTakesLabelsAndQuarantine() {
        upload("r1", "main", "c1", result("Cart", "adds", "passed", 0.1));
        upload("r2", "main", "c1", result("Cart", "adds", "failed", 0.2));
        upload("r3", "main", "c2", result("Cart", "adds", "failed", 0.3));
        Multipart owners = new Multipart()
                .file("file", "TESTOWNERS", "text/plain", "spec/ @shop-team\n".getBytes(StandardCharsets.UTF_8));
        HttpReply owned = server().api()
                .send(server().api()
                        .request("/v1/test-ownerships")
                        .header("Authorization", "Bearer " + suite.uploadToken())
                        .header("Content-Type", owners.contentType())
                        .POST(owners.publisher())
                        .build());
        assertThat(owned.status()).as(owned.body()).isLessThan(300);
        signIn();
        String test = testPath("adds");

        Page page = ok(test);
        var doc = page.document();
        assertThat(doc.selectFirst("h1").text()).isEqualTo("adds");
        assertThat(doc.select(".strip .cell").eachAttr("class"))
                .containsExactly("cell passed", "cell failed", "cell failed");
        assertThat(doc.select(".kpis div").eachText()).contains("33.3% reliability", "3 executions", "2 failed");
        assertThat(section(doc, "Failure reasons").select("li").eachText())
                .singleElement()
                .satisfies(text -> assertThat(text).startsWith("expected 1 to eq 2 2× · last "));
        assertThat(section(doc, "Flipped on").select("li code").eachText()).containsExactly("c1");
        var charts = doc.select("div.chart[data-chart]");
        assertThat(charts).hasSize(2);
        JsonNode counts = Json.MAPPER.readTree(charts.get(0).attr("data-chart"));
        assertThat(sum(counts.get("series").get(0))).isEqualTo(1); // passed
        assertThat(sum(counts.get("series").get(1))).isEqualTo(2); // failed
        // Each execution is a point of its own, passed and failed apart, under the bucket lines.
        JsonNode durations = Json.MAPPER.readTree(charts.get(1).attr("data-chart"));
        assertThat(durations
                        .get("series")
                        .valueStream()
                        .map(series -> series.get("label").stringValue() + " "
                                + series.get("style").stringValue()))
                .containsExactly(
                        "passed points",
                        "failed points",
                        "p50 spanning_line",
                        "p95 spanning_line",
                        "average spanning_line");
        assertThat(present(durations.get("series").get(0))).containsExactly(0.1);
        assertThat(present(durations.get("series").get(1))).containsExactlyInAnyOrder(0.2, 0.3);
        assertThat(durations.get("x").size()).isEqualTo(29 + 3);
        // Broken since the run its streak on main began in, linked to it.
        assertThat(doc.select("ul.streaks li").eachText())
                .singleElement()
                .asString()
                .startsWith("on main since run #42")
                .contains("1 run in a row");
        // The period selector changes the window and says which is shown.
        assertThat(doc.select("nav.periods a").eachText()).containsExactly("1day", "7days", "28days", "90days");
        assertThat(doc.selectFirst("nav.periods a[aria-current=page]").text()).isEqualTo("28days");
        var day = ok(doc.selectFirst("nav.periods a").attr("href")).document();
        assertThat(day.selectFirst("nav.periods a[aria-current=page]").text()).isEqualTo("1day");
        assertThat(Json.MAPPER
                        .readTree(day.select("div.chart[data-chart]").get(1).attr("data-chart"))
                        .get("x")
                        .size())
                .as("hourly buckets and the three executions")
                .isBetween(24 + 3, 25 + 3);
        assertThat(day.select("h2").eachText()).contains("Last 1 day");
        assertThat(doc.select("dl.facts dd .label").eachText())
                .singleElement()
                .asString()
                .endsWith("shop-team");

        web.post(test + "/labels", Map.of("add", "needs-love", "_csrf", page.csrf()));
        web.post(
                test + "/state", Map.of("state", "muted", "reason", "fails on <arm64>, see #12", "_csrf", page.csrf()));
        Page changed = ok(test);
        assertThat(changed.document().select(".card .label").eachText())
                .anyMatch(l -> l.startsWith("needs-love"))
                .anyMatch(l -> l.startsWith("flaky"));
        assertThat(changed.document().selectFirst("dd .state").text()).isEqualTo("muted");
        assertThat(changed.document().selectFirst(".state-change").text())
                .startsWith("by token 'test' · ")
                .endsWith("“fails on <arm64>, see #12”");
        assertThat(changed.body()).contains("fails on &lt;arm64&gt;");
        assertThat(changed.document().select("ol.state-changes li").eachText())
                .singleElement()
                .asString()
                .startsWith("muted by token 'test'")
                .endsWith("fails on <arm64>, see #12");
        Page tooLong =
                web.post(test + "/state", Map.of("state", "skipped", "reason", "x".repeat(501), "_csrf", page.csrf()));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(ok(test).document().selectFirst("dd .state").text()).isEqualTo("muted");
        assertThat(changed.document().selectFirst("button[value=muted]").hasAttr("disabled"))
                .isTrue();
        web.post(test + "/labels", Map.of("remove", "needs-love", "_csrf", page.csrf()));
        assertThat(ok(test).document().select(".card .label").eachText()).noneMatch(l -> l.startsWith("needs-love"));
        Page badLabel = web.post(test + "/labels", Map.of("add", "!nope", "_csrf", page.csrf()));
        assertThat(badLabel.status()).isEqualTo(422);
    }

    @Test
    void anExecutionOpensWithItsTagsSpansAndOutput() {
        ObjectNode traced = result("Api", "fetches", "failed", 2.0);
        traced.putObject("tags").put("team", "core");
        ArrayNode children = ((ObjectNode) traced.get("history")).putArray("children");
        children.addObject()
                .put("section", "sql")
                .put("start_at", 10.5)
                .put("end_at", 11.0)
                .put("duration", 0.5)
                .putObject("detail")
                .put("query", "SELECT * FROM carts");
        children.addObject()
                .put("section", "http")
                .put("start_at", 11.0)
                .put("end_at", 12.0)
                .put("duration", 1.0)
                .putObject("detail")
                .put("method", "GET")
                .put("url", "https://api.example/items");
        String runUrl = upload("r1", "main", "c1", traced);
        signIn();
        String link = ok(pathOf(runUrl))
                .document()
                .selectFirst("ul.failures summary a")
                .attr("href");

        Page page = ok(link);

        Element execution = page.document().selectFirst("#execution");
        assertThat(execution.select("ul.tags li").eachText()).contains("team = core");
        assertThat(execution.select("ol.timeline li").eachText())
                .containsExactly("sql · 500 ms · SELECT * FROM carts", "http · 1.00 s · GET https://api.example/items");
        assertThat(execution.selectFirst("ol.timeline li .bar").attr("style"))
                .isEqualTo("margin-left:25.0%;width:25.0%");
        assertThat(execution.selectFirst("pre.expanded").text()).contains("-1 +2");
        assertThat(web.get(testPath("fetches") + "?execution_id=01a22298-0000-7000-8000-000000000000")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void flakyTestsShowTheCommitsTheyFlippedOn() {
        upload("r1", "main", "deadbeefcafe", result("Cart", "wobbles", "passed", 0.1));
        upload("r2", "main", "deadbeefcafe", result("Cart", "wobbles", "failed", 0.1));
        signIn();

        Page page = ok(suitePage("/flaky-tests"));

        Element row = page.document().selectFirst("tbody tr");
        assertThat(row.selectFirst("td a").text()).isEqualTo("Cart wobbles");
        assertThat(row.select("td").get(1).text()).isEqualTo("flaky");
        assertThat(row.select("td").get(2).text()).isEqualTo("1");
        assertThat(row.select("td code").eachText()).containsExactly("deadbee");
        Element commit = row.selectFirst("a.commit");
        assertThat(commit.attr("title")).startsWith("deadbeefcafe");

        var runs = ok(commit.attr("href")).document();
        assertThat(runs.select("tbody tr")).hasSize(2);
        assertThat(runs.select("tbody tr a.commit").eachText()).containsOnly("deadbee");
        assertThat(runs.select("tbody tr time").eachAttr("title")).allMatch(t -> t.endsWith("UTC"));
        assertThat(runs.select("tbody tr time").eachText()).containsOnly("just now");
    }

    @Test
    void aCommitIsFoundByItsFirstSevenCharactersAndARunWithoutANumberByBranchAndCommit() {
        upload("r1", null, "main", "0123456789abcdef", result("Cart", "adds", "passed", 0.1));
        upload("r2", null, "feature", "0123999999abcdef", result("Cart", "adds", "passed", 0.1));
        signIn();

        assertThat(ok(suitePage("/runs?commit=0123456")).document().select("tbody tr"))
                .hasSize(1);
        assertThat(ok(suitePage("/runs?commit=012345")).document().select("tbody tr"))
                .as("six characters is too short to be a prefix")
                .isEmpty();
        assertThat(suite.get("/runs?commit_sha=0123999")
                        .json()
                        .get(0)
                        .get("branch")
                        .stringValue())
                .isEqualTo("feature");
        Element run = ok(suitePage("/runs?commit=0123456")).document().selectFirst("tbody tr td a");
        assertThat(run.text()).isEqualTo("on main at 0123456");
        var page = ok(run.attr("href")).document();
        assertThat(page.selectFirst("h1").text()).endsWith("Run on main at 0123456");
        assertThat(page.title()).startsWith("Run on main at 0123456");
    }

    @Test
    void theSummaryHasChartsRecentRunsFlakyAndSlowTests() {
        assertThat(suite.testOwners("spec/6_spec.rb @payments\n").status()).isEqualTo(200);
        upload(
                "r1",
                "41",
                "main",
                "c1",
                result("Cart", "slow", "passed", 4.0),
                result("Cart", "wobbles", "passed", 0.1),
                result("Cart", "breaks", "passed", 0.1));
        upload(
                "r2",
                "42",
                "main",
                "c2",
                result("Cart", "slow", "passed", 4.0),
                result("Cart", "wobbles", "failed", 0.1),
                result("Cart", "wobbles", "passed", 0.1),
                result("Cart", "breaks", "failed", 0.1));
        upload(
                "r3",
                "43",
                "main",
                "c3",
                result("Cart", "wobbles", "passed", 0.1),
                result("Cart", "breaks", "failed", 0.1));
        signIn();

        Page page = ok(suitePage("?period=1day"));

        var doc = page.document();
        assertThat(doc.select(".kpis div").eachText()).contains("3 runs", "2 failed");
        var charts = doc.select("div.chart[data-chart]");
        assertThat(charts).hasSize(3);
        JsonNode runs = Json.MAPPER.readTree(charts.get(0).attr("data-chart"));
        assertThat(runs.get("x").size())
                .isEqualTo(runs.get("series").get(0).get("values").size());
        double total = 0;
        for (JsonNode series : runs.get("series")) {
            for (JsonNode v : series.get("values")) {
                total += v.asDouble();
            }
        }
        assertThat(total).isEqualTo(3);
        // What needs a person first: what started failing, what is broken, what fails most, what
        // is flaky, each with its figures and owners.
        Element fresh = doc.getElementById("new-failures");
        assertThat(fresh.select("li").eachText())
                .singleElement()
                .asString()
                .startsWith("Cart breaks on main since run #42")
                .contains("2 runs")
                .endsWith("payments");
        assertThat(fresh.selectFirst("li a.badge.owner").attr("href")).endsWith("/tests?owners=payments");
        assertThat(doc.getElementById("broken").select("li").eachText())
                .singleElement()
                .asString()
                .startsWith("Cart breaks failing on main since run #42 (2 runs)");
        assertThat(doc.getElementById("most-failed").select("li").eachText())
                .containsExactly(
                        "Cart breaks failed 2 of 3 · 33.3% reliable payments",
                        "Cart wobbles failed 1 of 4 · 75.0% reliable");
        assertThat(doc.getElementById("flakiest").select("li").eachText())
                .singleElement()
                .asString()
                .startsWith("Cart wobbles 75.0% reliable");
        String allFailed = doc.getElementById("most-failed").selectFirst("p a").attr("href");
        assertThat(rowNames(ok(allFailed))).containsExactly("Cart breaks", "Cart wobbles");
        List<String> lists = doc.select(".columns:not(.triage) section").eachText();
        assertThat(lists.get(0)).contains("main");
        assertThat(lists.get(1)).contains("Cart slow");
        assertThat(doc.selectFirst("nav.periods a[aria-current=page]").text()).isEqualTo("1day");
    }

    @Test
    void whatUploadsSayIsEscapedEverywhere() {
        String evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        ObjectNode r = result(evil, evil, "failed", 0.1);
        r.put("failure_reason", evil);
        r.putObject("tags").put("note", evil);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("format", "json");
        body.putObject("run_env")
                .put("key", "x")
                .put("branch", evil)
                .put("message", evil)
                .put("url", "javascript:alert(3)");
        body.putArray("data").add(r);
        HttpReply accepted = suite.upload(Json.MAPPER.writeValueAsString(body));
        assertThat(accepted.status()).isEqualTo(202);
        suite.finishedRuns();
        signIn();
        String run = pathOf(accepted.json().get("run_url").stringValue());
        String test = ok(run).document().selectFirst("ul.failures summary a").attr("href");

        for (String path :
                List.of(suitePage(""), suitePage("/runs"), run, suitePage("/tests"), test, suitePage("/flaky-tests"))) {
            Page page = ok(path);
            assertThat(page.document().select("script").eachAttr("src"))
                    .as(path)
                    .allMatch(src -> src.startsWith("/assets/"));
            assertThat(page.document().select("img")).as(path).isEmpty();
            assertThat(page.document().select("[onerror]")).as(path).isEmpty();
            assertThat(page.document().select("a[href^=javascript]")).as(path).isEmpty();
        }
        assertThat(ok(run).document().select("dl.facts dd").eachText()).contains(evil);
        assertThat(ok(test).document().select("ul.tags li").eachText()).contains("note = " + evil);
    }

    @Test
    void pagesForbidInlineScriptsAndAssetsAreCached() {
        signIn();
        Page page = ok(web(""));

        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        for (String asset :
                List.of("/assets/htmx.min.js", "/assets/uPlot.min.js", "/assets/app.css", "/assets/app.js")) {
            Page served = web.get(asset);
            assertThat(served.status()).as(asset).isEqualTo(200);
            assertThat(web.get(asset, "If-None-Match", served.header("ETag")).status())
                    .isEqualTo(304);
        }
        assertThat(web.get("/assets/nothing.js").status()).isEqualTo(404);
        assertThat(web.get(web("/nowhere/at/all")).status()).isEqualTo(404);
    }

    @Test
    void theTestPlansPageShowsEachPlanBesideWhatItsNodesTook() {
        signIn(Scope.READ_SUITES);
        assertThat(ok(suitePage("/test-plans")).document().selectFirst(".empty").text())
                .contains("No test plan yet");
        String token = org.token(Scope.READ_TEST_PLAN, Scope.WRITE_TEST_PLAN);
        HttpReply plan = server().api()
                .post(
                        suite.path("/test_plan"),
                        token,
                        "{\"identifier\":\"build-7/step-1\",\"parallelism\":2,\"branch\":\"main\",\"tests\":{\"selectors\":["
                                + "{\"value\":\"a.test.js\"},{\"value\":\"b.test.js\"}]}}");
        assertThat(plan.status()).isEqualTo(200);
        // Each node reports: node 0 took 3 s, node 1 took 1.5 s; each was planned at the 1 s default.
        for (String[] node : new String[][] {{"0", "03"}, {"1", "01.5"}}) {
            String report =
                    "{\"env\":{\"BUILDKITE_TEST_ENGINE_IDENTIFIER\":\"build-7/step-1\",\"BUILDKITE_PARALLEL_JOB\":"
                            + node[0]
                            + "},\"timeline\":[{\"timestamp\":\"2026-12-01T10:00:00Z\",\"event\":\"test_start\"},"
                            + "{\"timestamp\":\"2026-12-01T10:00:" + node[1] + "Z\",\"event\":\"test_end\"}]}";
            assertThat(server().api()
                            .post(suite.path("/test_plan_metadata"), token, report)
                            .status())
                    .isEqualTo(200);
        }

        Page page = ok(suitePage("/test-plans"));

        var row = page.document().selectFirst("tbody tr");
        assertThat(row.text())
                .contains("build-7/step-1", "main", "2 of 2 reported", "1.00 s", "3.00 s", "+200.0%")
                .contains("node 0: 3.00 s (planned 1.00 s)");
        assertThat(page.document().select("nav.tabs a[aria-current=page]").text())
                .isEqualTo("Test plans");
    }
}
