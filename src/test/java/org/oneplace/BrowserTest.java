package org.oneplace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of console tests in a real headless Chromium (Debian's chromium and chromium-driver) against the running
 * application, with the few moves a person makes: open a page, sign in, submit a form, read text.
 */
public abstract class BrowserTest extends OneplaceIntegrationTest {

    private static Path profile;
    protected WebDriver browser;

    @BeforeAll
    static void profileDirectory() throws IOException {
        profile = Files.createTempDirectory("oneplace-chromium-");
    }

    @AfterAll
    static void removeProfiles() throws IOException {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void openBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--disable-sync",
                        "--user-data-dir=" + Files.createTempDirectory(profile, "run-"),
                        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost");
        // The driver is named explicitly so that Selenium Manager never tries to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"))
                        .toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    /**
     * A wait that retries when the page re-rendered the element it was reading between lookup and read: live
     * updates replace list items, so a read of a just-found element can meet a stale one.
     */
    protected WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    protected void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    protected void signIn(String email, String password) {
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(browser.findElement(By.id("sign-in")));
    }

    /** Clicks a submit button and waits for the page it leads to. */
    protected void submit(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> gone(button));
    }

    /**
     * Whether an element left the page. Chrome reports a node of a page that is being replaced either as stale or, in
     * the middle of the navigation, as an inspector error "does not belong to the document"; both mean gone.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    protected List<String> navigation() {
        return browser.findElements(By.cssSelector("nav[aria-label=Main] a")).stream()
                .map(WebElement::getText)
                .toList();
    }

    protected String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    /** Saves what the browser shows to {@code target/screenshots/<name>.png}, for a person to look at. */
    protected void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(
                    dir.resolve(name + ".png"),
                    ((org.openqa.selenium.TakesScreenshot) browser)
                            .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
