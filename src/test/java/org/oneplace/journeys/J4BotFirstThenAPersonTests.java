package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J4 — Bot first, then a person: a visitor browsing product pages (tracking API) opens the web chat with the same
 * anonymous id (the widget's endpoints); a bot answers twice through the API and hands over; the person sees the
 * bot transcript and the pages the visitor was on before the chat, and answers without asking again.
 */
class J4BotFirstThenAPersonTests extends OneplaceIntegrationTest {

    @Test
    void thePersonSeesTheBotTranscriptAndTheBrowsingBeforeTheChat() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String bot = commerce.staffToken("AGENT", "conversations:read", "conversations:write");
        String agent = commerce.staffToken("AGENT", "customers:read", "conversations:read", "conversations:write");
        Account chat = channels.webchat("https://shop.example");

        // 1. a visitor browses product pages
        String visitor = "visitor-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(600);
        List<String> pages = List.of("Lamps", "Brass Lamp", "Shipping");
        for (int i = 0; i < pages.size(); i++) {
            Answer page = api.segment(
                    "/v1/page",
                    WRITE_KEY,
                    Map.of(
                            "anonymousId",
                            visitor,
                            "name",
                            pages.get(i),
                            "timestamp",
                            start.plusSeconds(60L * i).toString()));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
        }

        // and opens the web chat, which shares the analytics anonymous id
        String token = channels.chatSession(chat, Map.of("anonymousId", visitor));
        assertThat(channels.chat(token, "Does the brass lamp ship to Norway?").status())
                .isEqualTo(202);
        String customer = channels.awaitCustomer("anonymous_id", visitor);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();

        // a bot answers two questions
        Map<String, Object> asBot = Map.of("type", "bot", "name", "Shop assistant");
        api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                bot,
                Map.of("content", "Yes, we ship to Norway in 3–5 days.", "author", asBot));
        assertThat(channels.chat(token, "And can I pay on delivery there?").status())
                .isEqualTo(202);
        channels.awaitThread(customer, t -> t.size() == 3);
        api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                bot,
                Map.of("content", "Payment on delivery is not available in Norway.", "author", asBot));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(channels.chatLines(token)).hasSize(4));

        // 2. the bot hands over
        Answer handoff = api.post(
                "/api/v1/conversations/" + conversation + "/handoff",
                bot,
                Map.of("summary", "Wants the brass lamp shipped to Norway and to pay on delivery (not offered)."));
        assertThat(handoff.status()).as(handoff.toString()).isEqualTo(200);

        // the person sees the whole transcript …
        List<JsonNode> thread = new Channels(api, agent).messages(conversation);
        assertThat(thread.stream()
                        .map(m -> m.path("author").path("type").asString() + ": "
                                + m.path("content").asString())
                        .toList())
                .containsExactly(
                        "customer: Does the brass lamp ship to Norway?",
                        "bot: Yes, we ship to Norway in 3–5 days.",
                        "customer: And can I pay on delivery there?",
                        "bot: Payment on delivery is not available in Norway.",
                        "bot: Handed over to a person: Wants the brass lamp shipped to Norway and to pay on delivery"
                                + " (not offered).");
        assertThat(api.get("/api/v1/conversations/" + conversation, agent)
                        .json()
                        .path("handoffSummary")
                        .asString())
                .contains("Norway");

        // … and the pages the visitor was on before the chat, newest first
        Answer timeline = api.get("/api/v1/customers/" + customer + "/timeline?kind=tracking&limit=10", agent);
        List<String> seen = new ArrayList<>();
        timeline.json().path("items").forEach(i -> seen.add(i.path("summary").asString()));
        assertThat(seen).containsSubsequence("Viewed page Shipping", "Viewed page Brass Lamp", "Viewed page Lamps");

        // the person answers without asking the question again; the visitor sees it in the widget
        api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                agent,
                Map.of("content", "I can reserve it for you and you pay by card on pickup — shall I?"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(channels.chatLines(token)
                                .getLast()
                                .path("content")
                                .asString())
                        .startsWith("I can reserve it for you"));
    }
}
