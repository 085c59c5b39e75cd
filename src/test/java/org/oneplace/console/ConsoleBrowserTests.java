package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.OneplaceIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin and an agent use the console in a real headless Chromium (Debian's chromium and chromium-driver): sign
 * in, see the product's sections, manage users, API tokens and write keys, and meet the role limits.
 */
class ConsoleBrowserTests extends OneplaceIntegrationTest {

    private static Path profile;
    private WebDriver browser;

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

    @Test
    void adminSignsInAndManagesUsersTokensAndWriteKeys() {
        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);

        assertThat(browser.getCurrentUrl()).endsWith("/inbox");
        assertThat(navigation()).containsExactly("Inbox", "Customers", "Store", "Marketing", "Analytics", "Settings");
        assertThat(text("main")).contains("coming");

        // Users: add an agent with a chosen password
        browser.findElement(By.linkText("Settings")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/settings/users");
        String agent = "agent-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        WebElement form = browser.findElement(By.id("add-user"));
        form.findElement(By.name("email")).sendKeys(agent);
        form.findElement(By.name("displayName")).sendKeys("Alex Agent");
        form.findElement(By.cssSelector("input[name=roles][value=AGENT]")).click();
        form.findElement(By.name("password")).sendKeys("agent password 123");
        submit(form.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Added " + agent);
        assertThat(text("#users")).contains(agent).contains("Alex Agent");

        // API tokens: the secret is shown once, works, and stops working when revoked
        browser.findElement(By.linkText("API tokens")).click();
        WebElement tokenForm = browser.findElement(By.id("create-token"));
        tokenForm.findElement(By.name("name")).sendKeys("reporting");
        tokenForm
                .findElement(By.cssSelector("input[name=scopes][value=USERS_READ]"))
                .click();
        submit(tokenForm.findElement(By.cssSelector("button[type=submit]")));
        String secret = text("#secret");
        assertThat(secret).startsWith("op_");
        assertThat(api.get("/api/v1/users", secret).status()).isEqualTo(200);
        WebElement row = browser.findElement(By.cssSelector("#tokens tr[data-name=reporting]"));
        assertThat(row.findElement(By.className("status")).getText()).isEqualTo("active");
        submit(row.findElement(By.cssSelector("button.danger")));
        assertThat(browser.findElement(By.cssSelector("#tokens tr[data-name=reporting] .status"))
                        .getText())
                .isEqualTo("revoked");
        assertThat(api.get("/api/v1/users", secret).status()).isEqualTo(401);
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("secret")))
                .as("the secret is shown only once")
                .isEmpty();

        // Write keys name their source
        browser.findElement(By.linkText("Write keys")).click();
        WebElement keyForm = browser.findElement(By.id("create-write-key"));
        keyForm.findElement(By.name("name")).sendKeys("store tills");
        keyForm.findElement(By.cssSelector("select[name=source] option[value=STORE]"))
                .click();
        submit(keyForm.findElement(By.cssSelector("button[type=submit]")));
        WebElement keyRow = browser.findElement(By.cssSelector("#write-keys tr[data-name='store tills']"));
        assertThat(keyRow.getText()).contains("store").contains("wk_").contains("active");

        // Sign out
        submit(browser.findElement(By.cssSelector(".signout button")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login?signedOut"));
        assertThat(text(".notice")).contains("signed out");
        open("/settings/users");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void anAgentSeesTheProductButNotTheSettings() {
        String agent = "agent-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                java.util.Map.of(
                        "email",
                        agent,
                        "displayName",
                        "Sam",
                        "roles",
                        List.of("AGENT"),
                        "password",
                        "agent password 456"));
        open("/login");
        signIn(agent, "agent password 456");
        assertThat(navigation()).containsExactly("Inbox", "Customers", "Store", "Marketing", "Analytics");
        open("/settings/users");
        assertThat(text("main")).contains("403").contains("users:read");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        open("/login");
        signIn(ADMIN_EMAIL, "not the password");
        assertThat(text(".error")).isEqualTo("Wrong email or password.");
        signIn("nobody@example.com", "whatever it is");
        assertThat(text(".error")).isEqualTo("Wrong email or password.");
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void signIn(String email, String password) {
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(browser.findElement(By.id("sign-in")));
    }

    /** Clicks a submit button and waits for the page it leads to. */
    private void submit(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(button));
    }

    private List<String> navigation() {
        return browser.findElements(By.cssSelector("nav[aria-label=Main] a")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
