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
        waiting().until(ExpectedConditions.textToBe(By.cssSelector("dd.state"), "muted"));

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
