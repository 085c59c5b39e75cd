package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Settings → Webhooks in a real browser, as the admin: register an endpoint (the secret shown once, gone on reload),
 * see it listed, open its delivery log, disable it; a refused address answers in words on the page. At phone width
 * nothing scrolls sideways.
 */
class WebhookConsoleTests extends BrowserTest {

    @Test
    void anAdminRegistersAnEndpointAndReadsItsLog() {
        String url = "http://127.0.0.1:9/hooks-" + UUID.randomUUID();
        browser.manage().window().setSize(new Dimension(1440, 1400));
        open("/");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        open("/settings/webhooks");
        assertThat(navigation()).contains("Settings");

        // a metadata address is refused, in words
        browser.findElement(By.cssSelector("#create-endpoint input[name=url]")).sendKeys("http://169.254.169.254/x");
        browser.findElement(By.cssSelector("#create-endpoint input[value='order.placed']"))
                .click();
        submit(browser.findElement(By.cssSelector("#create-endpoint button")));
        assertThat(text("p.error")).contains("169.254.169.254");

        browser.findElement(By.cssSelector("#create-endpoint input[name=url]")).sendKeys(url);
        browser.findElement(By.cssSelector("#create-endpoint input[name=description]"))
                .sendKeys("ERP sync");
        browser.findElement(By.cssSelector("#create-endpoint input[value='order.placed']"))
                .click();
        browser.findElement(By.cssSelector("#create-endpoint input[value='return.received']"))
                .click();
        submit(browser.findElement(By.cssSelector("#create-endpoint button")));
        assertThat(text("#secret")).startsWith("whsec_");
        String row = "#endpoints tr:has(a[href$='" + endpointId(url) + "'])";
        assertThat(text(row + " td:nth-child(2)")).isEqualTo("order.placed, return.received");
        assertThat(text(row + " .status")).startsWith("enabled");
        screenshot("webhooks");

        open("/settings/webhooks");
        assertThat(browser.findElements(By.id("secret")))
                .as("the secret is shown once")
                .isEmpty();

        open("/settings/webhooks/" + endpointId(url));
        assertThat(text("h2")).isEqualTo(url);
        assertThat(text("#deliveries")).contains("No deliveries.");

        open("/settings/webhooks");
        submit(browser.findElement(By.cssSelector(row + " form[action$='/enabled'] button")));
        assertThat(text(row + " .status")).startsWith("disabled");

        browser.manage().window().setSize(new Dimension(390, 1400));
        open("/settings/webhooks");
        Long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as("/settings/webhooks scrolls sideways").isLessThanOrEqualTo(0L);
        screenshot("webhooks-phone");
        submit(browser.findElement(By.cssSelector(row + " form[action$='/delete'] button")));
        assertThat(browser.findElements(By.cssSelector(row))).isEmpty();
    }

    private String endpointId(String url) {
        for (var item : api.get("/api/v1/webhook-endpoints", ADMIN_TOKEN).json().path("items")) {
            if (item.path("url").asString().equals(url)) {
                return item.path("id").asString();
            }
        }
        throw new AssertionError("no endpoint " + url);
    }
}
