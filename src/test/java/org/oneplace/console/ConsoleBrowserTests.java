package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin and an agent use the console in a real headless Chromium (Debian's chromium and chromium-driver): sign
 * in, see the product's sections, manage users, API tokens and write keys, and meet the role limits.
 */
class ConsoleBrowserTests extends BrowserTest {

    @Test
    void adminSignsInAndManagesUsersTokensAndWriteKeys() {
        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);

        assertThat(browser.getCurrentUrl()).endsWith("/inbox");
        assertThat(navigation()).containsExactly("Inbox", "Customers", "Store", "Marketing", "Analytics", "Settings");
        assertThat(text("main")).contains("Mine").contains("Unassigned").contains("All");

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
        keyForm.findElement(By.name("allowedOrigins")).sendKeys("https://Till.Example.com");
        submit(keyForm.findElement(By.cssSelector("button[type=submit]")));
        WebElement keyRow = browser.findElement(By.cssSelector("#write-keys tr[data-name='store tills']"));
        assertThat(keyRow.getText()).contains("store").contains("wk_").contains("active");
        assertThat(keyRow.findElement(By.className("origins")).getText()).isEqualTo("https://till.example.com");

        // Channels: connect a Telegram bot; its secrets are never shown again
        browser.findElement(By.linkText("Channels")).click();
        WebElement channelForm = browser.findElement(By.id("create-channel"));
        channelForm
                .findElement(By.cssSelector("select[name=type] option[value=telegram]"))
                .click();
        String bot = "Shop bot " + UUID.randomUUID().toString().substring(0, 6);
        channelForm.findElement(By.name("name")).sendKeys(bot);
        channelForm
                .findElement(By.name("settings"))
                .sendKeys("botToken=123456:AAsecretbottoken\nsecretToken=s3cr3t-hook");
        submit(channelForm.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Connected " + bot).contains("/webhooks/telegram/");
        WebElement channelRow = browser.findElement(By.cssSelector("#channels tr[data-name='" + bot + "']"));
        assertThat(channelRow.getText()).contains("Telegram").contains("botToken, secretToken");
        assertThat(browser.getPageSource()).doesNotContain("AAsecretbottoken").doesNotContain("s3cr3t-hook");

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
        assertThat(navigation()).containsExactly("Inbox", "Customers", "Store");
        open("/settings/users");
        assertThat(text("main")).contains("403").contains("users:read");
        open("/marketing");
        assertThat(text("main")).contains("403").contains("marketing:read");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        open("/login");
        signIn(ADMIN_EMAIL, "not the password");
        assertThat(text(".error"))
                .isEqualTo("Wrong email or password, or too many attempts: try again later or reset your password.");
        signIn("nobody@example.com", "whatever it is");
        assertThat(text(".error"))
                .isEqualTo("Wrong email or password, or too many attempts: try again later or reset your password.");
    }
}
