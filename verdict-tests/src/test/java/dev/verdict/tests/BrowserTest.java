package dev.verdict.tests;

import static dev.verdict.tests.WebPagesContract.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.Json;
import dev.verdict.core.access.Scope;
import dev.verdict.tests.TestServer.TestOrganization;
import dev.verdict.tests.TestServer.TestSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.node.ObjectNode;

/**
 * The UI in a real headless Chromium (Debian's chromium and chromium-driver), as a person uses it
 * after a collector printed a run URL: sign in, open the run, read a failure, label and mute the
 * test. Skipped, with a notice, on a machine without Chromium.
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @RegisterExtension
    static final TestServer SERVER = TestServer.on(TestDatabase.sqlite());

    @TempDir
    static Path profile;

    static WebDriver browser;

    @BeforeAll
    static void startChromium() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no Chromium here (apt-get install chromium chromium-driver): browser tests skipped");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-quic",
                        "--no-first-run",
                        "--window-size=1280,1000",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    String uploadRun(TestSuite suite, String key, ObjectNode... results) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("format", "json");
        body.putObject("run_env").put("key", key).put("branch", "main").put("commit_sha", "c0ffee");
        var data = body.putArray("data");
        for (ObjectNode r : results) {
            data.add(r);
        }
        HttpReply accepted = suite.upload(Json.MAPPER.writeValueAsString(body));
        assertThat(accepted.status()).isEqualTo(202);
        suite.finishedRuns();
        return accepted.json().get("run_url").stringValue();
    }

    void signInFrom(String url, String token) {
        browser.manage().deleteAllCookies();
        browser.get(url);
        waiting().until(ExpectedConditions.urlContains("/sign-in"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlToBe(url));
    }

    @Test
    void aPersonFollowsTheRunUrlFindsTheFailureAndMutesTheTest() {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Browser");
        String runUrl = uploadRun(
                suite, "r1", result("Checkout", "adds", "passed", 0.2), result("Checkout", "pays", "failed", 0.4));

        signInFrom(runUrl, org.token());

        assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("failed");
        WebElement failure = browser.findElement(By.cssSelector("ul.failures details"));
        WebElement expanded = failure.findElement(By.cssSelector("pre.expanded"));
        assertThat(expanded.isDisplayed()).isFalse();
        failure.findElement(By.cssSelector("summary .reason")).click();
        waiting().until(ExpectedConditions.visibilityOf(expanded));
        assertThat(expanded.getText()).contains("Diff:");

        failure.findElement(By.cssSelector("summary a")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("execution")));
        browser.findElement(By.name("add")).sendKeys("payments");
        browser.findElement(By.xpath("//button[text()='Add label']")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#labels"), "payments"));
        browser.findElement(By.cssSelector("button[value=muted]")).click();
        waiting().until(ExpectedConditions.textToBe(By.cssSelector("dd .state"), "muted"));

        var test = SERVER.api()
                .get(suite.path("/tests"), org.token(Scope.READ_SUITES))
                .json()
                .valueStream()
                .filter(t -> t.get("name").stringValue().equals("pays"))
                .findFirst()
                .orElseThrow();
        assertThat(test.get("labels").valueStream().map(l -> l.stringValue())).contains("payments");
        var muted = SERVER.api()
                .get(suite.path("/tests/muted"), org.token(Scope.READ_SUITES))
                .json();
        assertThat(muted.valueStream().map(t -> t.get("name").stringValue())).containsExactly("pays");
        // The charts drew: uPlot ran under the page's content security policy.
        assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(2);
    }

    /** Where screenshots go for a person to look at: desktop and phone widths of each page. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser)
                    .getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sets the window's width (a phone is 390 px) and says how wide the page is drawn. */
    long widthAt(int width) {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
        return (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
    }

    @Test
    void aRedBuildIsReadTestByTestFoundBySearchAndASlowdownSeenOverAnyPeriod() {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Triage");
        ObjectNode firstTry = result("Checkout", "wobbly", "failed", 2.5);
        String runUrl = uploadRun(
                suite,
                "r1",
                result("Checkout", "pays", "failed", 0.4),
                result("Checkout", "pays", "failed", 0.5),
                firstTry,
                result("Checkout", "wobbly", "passed", 0.1),
                result("Billing", "invoices", "passed", 0.3));

        signInFrom(runUrl, org.token());
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

        // The run: one row per failed test, its attempts in words, the verdict counting tests.
        assertThat(browser.findElement(By.cssSelector("p.verdict")).getText())
                .startsWith("Failed: ")
                .contains("1 flaky test passed on retry");
        var rows = browser.findElements(By.cssSelector("ul.failures > li"));
        assertThat(rows).hasSize(2);
        assertThat(rows.stream()
                        .map(r -> r.findElement(By.cssSelector(".attempts")).getText()))
                .containsExactly("failed 2 of 2", "passed on retry 2");
        screenshot("run-desktop");
        assertThat(widthAt(390)).as("the run page fits a phone").isLessThanOrEqualTo(390);
        screenshot("run-phone");
        widthAt(1280);
        // Opened, a row lists each attempt with its own duration, and an attempt opens its execution.
        rows.get(1).findElement(By.cssSelector("summary .attempts")).click();
        WebElement attempt = rows.get(1).findElement(By.cssSelector("ol.attempts li a"));
        waiting().until(ExpectedConditions.visibilityOf(attempt));
        assertThat(rows.get(1).findElements(By.cssSelector("ol.attempts li")).stream()
                        .map(WebElement::getText))
                .containsExactly("attempt 1 failed 2.50 s", "attempt 2 passed 100 ms");
        attempt.click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("execution")));
        assertThat(browser.findElement(By.cssSelector("#execution h2")).getText())
                .contains("failed");

        // Search from the tests list, as a person types it.
        browser.findElement(By.cssSelector("nav.tabs a[href$='/tests']")).click();
        WebElement search =
                waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[type=search]")));
        search.sendKeys("checkout");
        search.submit();
        waiting().until(ExpectedConditions.urlContains("search=checkout"));
        assertThat(browser.findElements(By.cssSelector("tbody tr td:first-child a")).stream()
                        .map(WebElement::getText))
                .containsExactlyInAnyOrder("Checkout pays", "Checkout wobbly");
        assertThat(browser.findElement(By.cssSelector("h1 .count")).getText()).isEqualTo("2");
        screenshot("tests-desktop");
        assertThat(widthAt(390)).as("the tests list fits a phone as cards").isLessThanOrEqualTo(390);
        assertThat(browser.findElement(By.cssSelector("table.cards thead")).isDisplayed())
                .isFalse();
        screenshot("tests-phone");
        widthAt(1280);

        // A test over another period: the selector reloads the page with that window and its charts.
        browser.findElements(By.cssSelector("tbody tr td:first-child a")).stream()
                .filter(a -> a.getText().equals("Checkout wobbly"))
                .findFirst()
                .orElseThrow()
                .click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.periods")));
        assertThat(browser.findElement(By.cssSelector("nav.periods a[aria-current=page]"))
                        .getText())
                .isEqualTo("28days");
        browser.findElement(By.linkText("1day")).click();
        waiting().until(ExpectedConditions.urlContains("period=1day"));
        assertThat(browser.findElement(By.cssSelector("nav.periods a[aria-current=page]"))
                        .getText())
                .isEqualTo("1day");
        waiting().until(d -> d.findElements(By.cssSelector(".chart canvas")).size() == 2);
        // The duration chart's legend names each execution's points and the bands over them.
        assertThat(browser.findElements(By.cssSelector(".chart")).get(1).getText())
                .contains("passed", "failed", "p50", "p95");
        screenshot("test-desktop");
        assertThat(widthAt(390)).as("a test's page fits a phone").isLessThanOrEqualTo(390);
        screenshot("test-phone");
        widthAt(1280);
        browser.get(runUrl.substring(0, runUrl.indexOf("/runs/")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-failures")));
        screenshot("summary-desktop");
        assertThat(widthAt(390)).as("the summary fits a phone").isLessThanOrEqualTo(390);
        screenshot("summary-phone");
        widthAt(1280);
        // Dark, as a browser set to it asks: the page follows the system's colour scheme.
        ((ChromeDriver) browser)
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        java.util.Map.of(
                                "features",
                                java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-failures")));
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return getComputedStyle(document.body).backgroundColor"))
                .isEqualTo("rgb(15, 18, 22)");
        screenshot("summary-dark");
        browser.get(runUrl);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.verdict")));
        screenshot("run-dark");
        ((ChromeDriver) browser)
                .executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", java.util.List.of()));
    }

    @Test
    void aRunningRunRefreshesItselfUntilItFinishes() {
        TestOrganization org = SERVER.newOrganization();
        TestSuite suite = org.suite("Live");
        String runUrl = uploadRun(suite, "r1", result("Cart", "adds", "passed", 0.1));
        String runId = runUrl.substring(runUrl.lastIndexOf('/') + 1);
        SERVER.database().update("UPDATE runs SET state = 'running' WHERE id = '" + runId + "'");

        signInFrom(runUrl, org.token());
        assertThat(browser.findElement(By.cssSelector("dd.state")).getText()).startsWith("running");
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof htmx"))
                .isEqualTo("object");
        SERVER.database().update("UPDATE runs SET state = 'finished' WHERE id = '" + runId + "'");

        waiting().until(ExpectedConditions.textToBe(By.cssSelector("dd.state"), "finished"));
        assertThat(browser.findElement(By.id("run")).getAttribute("hx-trigger")).isNull();
    }
}
