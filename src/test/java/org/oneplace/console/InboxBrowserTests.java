package org.oneplace.console;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inbox in headless Chromium: a WhatsApp message arriving through its webhook appears without a reload, the
 * thread grows live, hostile content stays text, and a reply typed in the composer goes out through the provider;
 * a customer's call pops the caller up for the agent.
 */
class InboxBrowserTests extends BrowserTest {

    @Test
    void liveArrivalEscapedContentAndAReplyFromTheComposer() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        String send = "/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(send))
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.ui-" + UUID.randomUUID() + "\"}]}")));
        open("/inbox");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        open("/inbox");
        assertThat(browser.getTitle()).startsWith("Inbox");

        String name = "Zoë " + UUID.randomUUID().toString().substring(0, 6);
        String waId = Channels.mobile().substring(1);
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        waId,
                        name,
                        "wamid." + UUID.randomUUID(),
                        "Is the lamp in stock?",
                        Instant.now().getEpochSecond()));
        WebDriverWait wait = waiting(Duration.ofSeconds(20));
        By row = By.xpath("//ol[@class='conversations']//bdi[text()='" + name + "']");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(browser.getCurrentUrl()).as("no reload, no navigation").endsWith("/inbox");
        // the list may re-render between finding the row and clicking it; the wait then finds it again
        wait.until(d -> {
            d.findElement(row).click();
            return true;
        });
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("thread")));
        assertThat(text("#thread")).contains("Is the lamp in stock?");

        // hostile content arrives while the conversation is open: it shows as text, nothing runs
        String hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        waId,
                        name,
                        "wamid." + UUID.randomUUID(),
                        hostile,
                        Instant.now().getEpochSecond() + 1));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "<img src=x onerror=alert(1)>"));
        assertThat(browser.findElements(By.cssSelector("#thread img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#thread script"))).isEmpty();
        assertThat(ExpectedConditions.alertIsPresent().apply(browser)).isNull();

        // a reply from the composer (Ctrl+Enter) goes out on WhatsApp and its status shows
        WebElement content = browser.findElement(By.id("content"));
        content.sendKeys("Yes, two left in brass.");
        content.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "Yes, two left in brass."));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Channels.PROVIDERS.verify(
                        postRequestedFor(urlEqualTo(send)).withRequestBody(containing("Yes, two left in brass."))));
        wait.until(d -> d.findElements(By.cssSelector("#thread li.out .status")).stream()
                .anyMatch(e -> e.getText().equals("sent")));
    }

    @Test
    void anIncomingCallPopsTheCallerUpWithTheirLatestActivity() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        Account voice = channels.voice();
        String name = "Ola " + UUID.randomUUID().toString().substring(0, 6);
        String waId = Channels.mobile().substring(1);
        String customer = channels.customerWrites(whatsapp, waId, name, "My charge is wrong");

        open("/inbox");
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        open("/inbox");
        WebDriverWait wait = waiting(Duration.ofSeconds(20));
        assertThat(browser.findElement(By.id("call")).isDisplayed()).isFalse();

        // an outgoing call does not pop anything up; the customer's call that follows does
        channels.newCall(voice, "+493012345678", "+" + waId, "outbound");
        channels.awaitThread(customer, t -> t.size() == 2);
        assertThat(browser.findElement(By.id("call")).isDisplayed()).isFalse();
        channels.newCall(voice, "+" + waId, "+493012345678", "inbound");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-open")));
        String card = text("#call");
        assertThat(card).contains("Incoming call", name, "+" + waId);
        assertThat(browser.findElements(By.cssSelector("#call ol.timeline li")))
                .as("their latest activity")
                .isNotEmpty();
        assertThat(browser.getCurrentUrl()).as("no reload, no navigation").endsWith("/inbox");
        assertThat(browser.switchTo().activeElement().getAttribute("id"))
                .as("the keyboard is on the card")
                .isEqualTo("call-open");

        browser.findElement(By.id("call-open")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "Incoming call from +" + waId));
        assertThat(text("#thread")).contains("My charge is wrong");
    }
}
