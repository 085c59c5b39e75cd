package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Settings → Imports in a real browser, as the admin: choose a CSV file, the page sends it and opens the import,
 * whose progress bar fills and whose refused row is listed with its line and reason. At phone width nothing scrolls
 * sideways.
 */
class ImportConsoleTests extends BrowserTest {

    @Test
    void anAdminImportsAFileAndSeesWhatItRefused() throws Exception {
        String t = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("customers-" + t, ".csv");
        Files.writeString(
                file,
                "email,name,trait.tier\n"
                        + "console-a-" + t + "@example.com,Ada " + t + ",gold\n"
                        + "not an address,Bad,\n"
                        + "console-b-" + t + "@example.com,Bo " + t + ",\n");
        browser.manage().window().setSize(new Dimension(1440, 1000));
        open("/");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        open("/settings/imports");
        assertThat(text("nav.subnav")).contains("Imports");
        browser.findElement(By.id("import-file")).sendKeys(file.toString());
        browser.findElement(By.cssSelector("#upload button")).click();
        waiting(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().matches(".*/settings/imports/[0-9a-f-]{36}$"));
        waiting(Duration.ofSeconds(60))
                .until(d -> d.findElement(By.cssSelector("#import .status"))
                        .getText()
                        .equals("completed"));
        assertThat(text("#import progress")).isEqualTo("100%");
        assertThat(text("#rejects")).contains("3").contains("not an address");
        screenshot("import");
        assertThat(customer("email", "console-a-" + t + "@example.com")
                        .path("traits")
                        .path("tier")
                        .asString())
                .isEqualTo("gold");

        open("/settings/imports");
        assertThat(text("#imports")).contains(file.getFileName().toString()).contains("completed");
        browser.manage().window().setSize(new Dimension(390, 1000));
        open("/settings/imports");
        // measured once the page has settled (the table's scroll box can be laid out a moment after load)
        waiting(Duration.ofSeconds(5))
                .until(d -> (Long) ((JavascriptExecutor) d)
                                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;")
                        <= 0L);
        screenshot("imports-phone");
        Files.delete(file);
    }
}
