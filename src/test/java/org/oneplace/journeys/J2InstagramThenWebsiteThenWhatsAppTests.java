package org.oneplace.journeys;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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
 * J2 — Instagram, then the website, then WhatsApp: one customer, one conversation, answered on the channel that
 * suits. Driven through Instagram's and WhatsApp's webhooks, the tracking API, the management API as an agent, and
 * WireMock stand-ins of Meta's send APIs.
 */
class J2InstagramThenWebsiteThenWhatsAppTests extends OneplaceIntegrationTest {

    @Test
    void theWhatsAppQuestionLandsInTheConversationThatBeganOnInstagram() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String agent = commerce.staffToken(
                "AGENT",
                "customers:read",
                "customers:write",
                "conversations:read",
                "conversations:write",
                "orders:read");
        Channels agentView = new Channels(api, agent);
        Account instagram = channels.page("instagram");
        Account whatsapp = channels.whatsapp();

        // 1. An Instagram DM asks about the lamp in brass; the agent answers on Instagram
        String igUser = Channels.digits(16);
        long t0 = Instant.now().minusSeconds(600).toEpochMilli(); // the days between steps are compressed
        assertThat(channels.meta(
                                instagram,
                                Channels.pageText(
                                        instagram,
                                        igUser,
                                        "ig.mid." + UUID.randomUUID(),
                                        "Does the Arc lamp come in brass?",
                                        t0))
                        .status())
                .isEqualTo(200);
        String customer = channels.awaitCustomer("instagram", igUser);
        agentView.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                agentView.conversationsOf(customer).getFirst().path("id").asString();
        String igSend = "/v21.0/" + instagram.setting("pageId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(igSend))
                .willReturn(okJson(
                        "{\"recipient_id\":\"" + igUser + "\",\"message_id\":\"ig.out." + UUID.randomUUID() + "\"}")));
        Answer answer = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                agent,
                Map.of("content", "It does! Brass or chrome."));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        agentView.awaitStatus(conversation, answer.json().path("id").asString(), "sent");
        Channels.PROVIDERS.verify(postRequestedFor(urlEqualTo(igSend))
                .withRequestBody(containing("\"id\":\"" + igUser + "\""))
                .withRequestBody(containing("It does! Brass or chrome.")));

        // in the chat they give their email; the agent adds it to the customer
        String email = "lamp-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        channels.meta(
                instagram,
                Channels.pageText(
                        instagram,
                        igUser,
                        "ig.mid." + UUID.randomUUID(),
                        "It's " + email,
                        Instant.now().toEpochMilli()));
        agentView.awaitThread(customer, t -> t.size() == 3);
        // the agent confirmed it with the person (only proven identifiers ever join two records later)
        Answer added = api.post(
                "/api/v1/customers/" + customer + "/identifiers",
                agent,
                Map.of("type", "email", "value", email, "verified", true));
        assertThat(added.status()).as(added.toString()).isLessThan(300);

        // 2. Two days later they buy the lamp on the website, signed in with that email and giving a phone number
        String phone = Channels.mobile();
        String userId = "u-" + UUID.randomUUID();
        Answer identify = api.segment(
                "/v1/identify", WRITE_KEY, Map.of("userId", userId, "traits", Map.of("email", email, "phone", phone)));
        assertThat(identify.status()).as(identify.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(customerId("user_id", userId)).isEqualTo(customer));
        String sku = commerce.sku("Arc lamp, brass", 12_900);
        String warehouse = commerce.location("Warehouse", 52.5, 13.4, false);
        commerce.stock(sku, warehouse, 5);
        Answer order = commerce.order(
                UUID.randomUUID().toString(),
                Map.of(
                        "customerId",
                        customer,
                        "channel",
                        "web",
                        "fulfilment",
                        Commerce.fulfilment("ship", null),
                        "lines",
                        List.of(Commerce.line(sku, 1))));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String orderId = order.json().path("id").asString();
        assertThat(api.post(
                                "/api/v1/orders/" + orderId + "/shipment",
                                ADMIN_TOKEN,
                                Map.of("carrier", "DHL", "trackingNumber", "00340434161094042557"))
                        .status())
                .isEqualTo(200);

        // 3. A day later a WhatsApp message from that phone asks where the parcel is
        String waId = phone.substring(1);
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        waId,
                        "Lena",
                        "wamid." + UUID.randomUUID(),
                        "Where is my parcel?",
                        Instant.now().getEpochSecond()));
        List<JsonNode> thread = agentView.awaitThread(
                customer,
                t -> t.stream().anyMatch(m -> m.path("content").asString().equals("Where is my parcel?")));
        assertThat(agentView.conversationsOf(customer))
                .as("one conversation across channels")
                .hasSize(1);
        assertThat(thread.stream()
                        .map(m -> m.path("channel").asString() + ": "
                                + m.path("content").asString()))
                .containsExactly(
                        "instagram: Does the Arc lamp come in brass?",
                        "instagram: It does! Brass or chrome.",
                        "instagram: It's " + email,
                        "whatsapp: Where is my parcel?");
        assertThat(customerId("whatsapp", waId)).isEqualTo(customer);

        // the agent sees the order and its shipping status, and answers on WhatsApp (the default: last inbound)
        Answer orders = api.get("/api/v1/customers/" + customer + "/orders", agent);
        assertThat(orders.status()).as(orders.toString()).isEqualTo(200);
        assertThat(orders.raw().body()).contains(orderId).contains("shipped").contains("00340434161094042557");
        JsonNode open = api.get("/api/v1/conversations/" + conversation, agent).json();
        assertThat(open.path("lastChannel").asString()).isEqualTo("whatsapp");
        String waSend = "/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(waSend))
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.out." + UUID.randomUUID() + "\"}]}")));
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                agent,
                Map.of("content", "It left our warehouse with DHL: 00340434161094042557"));
        assertThat(reply.json().path("channel").asString()).isEqualTo("whatsapp");
        agentView.awaitStatus(conversation, reply.json().path("id").asString(), "sent");
        Channels.PROVIDERS.verify(postRequestedFor(urlEqualTo(waSend))
                .withRequestBody(containing("\"to\":\"" + waId + "\""))
                .withRequestBody(containing("00340434161094042557")));

        // and the whole story is on the customer's timeline
        Answer timeline = api.get("/api/v1/customers/" + customer + "/timeline?limit=50", agent);
        assertThat(timeline.raw().body())
                .contains("Instagram: Does the Arc lamp come in brass?")
                .contains("WhatsApp: Where is my parcel?");
    }
}
