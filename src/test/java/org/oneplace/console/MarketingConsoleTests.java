package org.oneplace.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.BrowserTest;
import org.oneplace.Commerce;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Marketing section in a real browser, signed in as a marketer: they land on it, write a template, build a
 * segment watching its live count, create a journey that goes live, and see its funnel fill when a customer orders.
 * At phone width nothing scrolls sideways.
 */
class MarketingConsoleTests extends BrowserTest {

    private String journey;

    /** Opens a folded form (it is already open on an empty page). */
    private void expand(String details) {
        ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).open = true;", details);
    }

    @AfterEach
    void pause() {
        if (journey != null) {
            api.post("/api/v1/journeys/" + journey + "/pause", ADMIN_TOKEN, Map.of());
        }
    }

    @Test
    void aMarketerBuildsASegmentAndAJourneyAndSeesItsFunnel() {
        String marker = UUID.randomUUID().toString().substring(0, 6);
        String email = "marketer-" + marker + "@staff.example.com";
        String password = "a long marketer password " + marker;
        Api.Answer user = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", email, "displayName", "Mo", "roles", List.of("MARKETER"), "password", password));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);

        // a customer in a city of their own, who agreed to marketing e-mail
        String city = "Ghent-" + marker;
        String device = "web-" + UUID.randomUUID();
        int hour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("name", "Lou " + marker);
        traits.put("email", "lou-" + marker + "@example.com");
        traits.put("city", city);
        traits.put(
                "timezone",
                ZoneOffset.ofHours(Math.floorMod(12 - hour + 12, 24) - 12).getId());
        api.segment("/v1/identify", WRITE_KEY, Map.of("anonymousId", device, "traits", traits));
        String customer = customerId("anonymous_id", device);
        api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", "email", "purpose", "marketing", "status", "granted", "source", "signup"));

        open("/");
        signIn(email, password);
        assertThat(browser.getCurrentUrl()).endsWith("/marketing");
        assertThat(navigation()).contains("Marketing").doesNotContain("Inbox", "Settings");

        // a template
        expand("#templates details");
        WebElement template = browser.findElement(By.id("new-template"));
        template.findElement(By.name("name")).sendKeys("Thanks " + marker);
        template.findElement(By.name("subject")).sendKeys("Thank you, {{customer.firstName}}");
        WebElement body = template.findElement(By.name("body"));
        body.clear();
        body.sendKeys("<p>Thanks for your order, {{customer.firstName}}.</p>");
        submit(template.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("Thanks " + marker);

        // a segment, with its live count as the form is filled
        expand("#segments details");
        WebElement segment = browser.findElement(By.id("new-segment"));
        segment.findElement(By.name("name")).sendKeys("Ghent " + marker);
        segment.findElement(By.name("trait")).sendKeys("city");
        segment.findElement(By.name("traitValue")).sendKeys(city);
        new Select(segment.findElement(By.name("consent"))).selectByValue("email");
        waiting(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-count"), "1 customer"));
        submit(segment.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text(".notice")).contains("has 1 customers");
        assertThat(text("#segments table")).contains("Ghent " + marker);

        // a journey: every order gets the thank-you, live at once
        expand("#journeys details");
        WebElement form = browser.findElement(By.id("new-journey"));
        form.findElement(By.name("name")).sendKeys("After the order " + marker);
        new Select(form.findElement(By.name("entry"))).selectByValue("order_placed");
        new Select(form.findElement(By.name("templateId"))).selectByVisibleText("Thanks " + marker + " (Email)");
        form.findElement(By.cssSelector("input[name=activate]")).click();
        submit(form.findElement(By.cssSelector("button[type=submit]")));
        assertThat(text("#status")).isEqualTo("live");
        assertThat(text("#diagram")).contains("An order is placed").contains("Send 'Thanks " + marker + "'");
        journey = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        // the customer orders: the funnel shows them entering and the e-mail sent
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Console candle " + marker, 1500);
        shop.stock(sku, shop.location("Console shop " + marker, 51.05, 3.72, false), 3);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("customerId", customer);
        order.put("channel", "web");
        order.put("fulfilment", Commerce.fulfilment("ship", null));
        order.put("lines", List.of(Commerce.line(sku, 1)));
        assertThat(shop.order(UUID.randomUUID().toString(), order).status()).isEqualTo(201);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN)
                                        .raw()
                                        .body())
                                .as(api.get("/api/v1/journeys/" + journey + "/report", ADMIN_TOKEN)
                                        .raw()
                                        .body())
                                .contains("\"status\":\"sent\""));
        waiting(Duration.ofSeconds(20)).until(driver -> {
            driver.navigate().refresh();
            List<WebElement> sent = driver.findElements(By.cssSelector("li[data-step=send] dd.sent"));
            return !sent.isEmpty() && sent.getFirst().getText().equals("1");
        });
        assertThat(text("li[data-step=send] dd.entered")).isEqualTo("1");
        screenshot("marketing-journey");
        open("/marketing");
        screenshot("marketing-overview");

        // at phone width the pages fit
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/marketing/journeys/" + journey, "/marketing")) {
            open(page);
            Long overflow = (Long) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(overflow).as(page + " scrolls sideways").isLessThanOrEqualTo(0L);
            screenshot("marketing-phone" + page.replace('/', '-'));
        }
    }
}
