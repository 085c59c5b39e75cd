package org.oneplace.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.BrowserTest;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget embedded in a shop's page on another origin (served by WireMock), in headless Chromium: it shares the
 * page's analytics anonymous id, sends the visitor's message, and shows the agent's reply live — as text.
 */
class WidgetBrowserTests extends BrowserTest {

    @Test
    void aVisitorChatsFromTheShopsPageAndSeesTheReplyLive() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        String shop = Channels.providerUrl();
        Account chat = channels.webchat(shop);
        String visitor = "visitor-" + UUID.randomUUID();
        String page = "/shop-" + UUID.randomUUID() + ".html";
        Channels.PROVIDERS.stubFor(get(urlEqualTo(page))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("""
                        <!DOCTYPE html><html lang="en"><head><title>Lamp shop</title></head><body>
                        <h1>Brass lamp</h1>
                        <script>localStorage.setItem('ajs_anonymous_id', JSON.stringify('%s'));</script>
                        <script src="http://localhost:%d/widget.js" data-channel="%s"></script>
                        </body></html>
                        """.formatted(visitor, port, chat.id()))));

        browser.get(shop + page);
        WebDriverWait wait = waiting(Duration.ofSeconds(20));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("oneplace-chat-open")))
                .click();
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("oneplace-chat-input")));
        input.sendKeys("Is the brass lamp dimmable?");
        browser.findElement(By.id("oneplace-chat-send")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("oneplace-chat-messages"), "Is the brass lamp dimmable?"));

        String customer = channels.awaitCustomer("anonymous_id", visitor);
        List<tools.jackson.databind.JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        assertThat(thread.getFirst().path("channel").asString()).isEqualTo("webchat");
        String conversation = thread.getFirst().path("conversationId").asString();
        String reply = "Yes — with any dimmer. <img src=x onerror=alert(1)>";
        assertThat(api.post(
                                "/api/v1/conversations/" + conversation + "/messages",
                                ADMIN_TOKEN,
                                Map.of("content", reply))
                        .status())
                .isEqualTo(201);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("oneplace-chat-messages"), reply));
        assertThat(browser.findElements(By.cssSelector("#oneplace-chat-messages img")))
                .isEmpty();
        assertThat(ExpectedConditions.alertIsPresent().apply(browser)).isNull();
        assertThat(browser.getCurrentUrl()).as("no reload").isEqualTo(shop + page);
    }
}
