package org.oneplace.conversation;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** Notes, bots and hand-offs, resolution with its survey, reopening, merging, canned replies and roles. */
class ConversationTests extends OneplaceIntegrationTest {

    private Channels channels;
    private Account whatsapp;
    private String send;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
        whatsapp = channels.whatsapp();
        send = "/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(send))
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.c-" + UUID.randomUUID() + "\"}]}")));
    }

    /** A customer who wrote on WhatsApp; answers {customerId, conversationId, waId}. */
    private String[] customerWriting(String text) {
        String waId = Channels.mobile().substring(1);
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        waId,
                        "Kim",
                        "wamid." + UUID.randomUUID(),
                        text,
                        Instant.now().getEpochSecond()));
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> !t.isEmpty());
        return new String[] {
            customer, channels.conversationsOf(customer).getFirst().path("id").asString(), waId
        };
    }

    private Answer postMessage(String conversation, Map<String, Object> body) {
        return api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, body);
    }

    @Test
    void aPrivateNoteNeverLeaves() {
        String[] c = customerWriting("hello");
        Answer note = postMessage(c[1], Map.of("content", "VIP — be nice", "private", true));
        assertThat(note.status()).isEqualTo(201);
        assertThat(note.json().path("private").asBoolean()).isTrue();
        assertThat(note.json().path("direction").asString()).isEqualTo("note");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> Channels.PROVIDERS.verify(
                        0, postRequestedFor(urlEqualTo(send)).withRequestBody(containing("VIP"))));
        assertThat(api.get("/api/v1/customers/" + c[0] + "/timeline", ADMIN_TOKEN)
                        .raw()
                        .body())
                .doesNotContain("VIP");
    }

    @Test
    void aBotAnswersThenHandsOverWithASummaryTheAgentSees() {
        String[] c = customerWriting("Can I change my delivery address?");
        Answer bot = postMessage(
                c[1],
                Map.of(
                        "content",
                        "I can help with that. What is the order number?",
                        "author",
                        Map.of("type", "bot", "name", "Shop assistant")));
        assertThat(bot.status()).as(bot.toString()).isEqualTo(201);
        assertThat(bot.json().path("author").path("type").asString()).isEqualTo("bot");
        assertThat(bot.json().path("author").path("name").asString()).isEqualTo("Shop assistant");
        channels.awaitStatus(c[1], bot.json().path("id").asString(), "sent");
        Answer handoff = api.post(
                "/api/v1/conversations/" + c[1] + "/handoff",
                ADMIN_TOKEN,
                Map.of("summary", "Wants a new delivery address; no order number yet"));
        assertThat(handoff.status()).as(handoff.toString()).isEqualTo(200);
        assertThat(handoff.json().path("handoffSummary").asString()).contains("new delivery address");
        assertThat(handoff.json().path("waitingOn").asString()).isEqualTo("agent");
        assertThat(handoff.json().path("assigneeId").isNull()).isTrue();
        List<JsonNode> thread = channels.messages(c[1]);
        assertThat(thread.stream()
                        .map(m -> m.path("author").path("type").asString())
                        .toList())
                .containsExactly("customer", "bot", "bot");
        assertThat(thread.getLast().path("content").asString()).startsWith("Handed over to a person:");
        assertProblem(
                postMessage(c[1], Map.of("content", "x", "author", Map.of("type", "agent"))), 400, "must be 'bot'");
    }

    @Test
    void resolvingAsksOneQuestionAndTheAnswerLandsWithoutReopening() {
        String[] c = customerWriting("Thanks, all good");
        Answer resolved = api.post("/api/v1/conversations/" + c[1] + "/resolve", ADMIN_TOKEN, Map.of());
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.json().path("status").asString()).isEqualTo("resolved");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Channels.PROVIDERS.verify(postRequestedFor(urlEqualTo(send))
                        .withRequestBody(containing("How happy are you with our help?"))
                        .withRequestBody(containing(c[2]))));

        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        c[2],
                        "Kim",
                        "wamid." + UUID.randomUUID(),
                        "5",
                        Instant.now().getEpochSecond()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode conversation =
                    api.get("/api/v1/conversations/" + c[1], ADMIN_TOKEN).json();
            assertThat(conversation.path("csatScore").asInt()).isEqualTo(5);
            assertThat(conversation.path("status").asString()).isEqualTo("resolved");
        });
        assertProblem(api.post("/api/v1/conversations/" + c[1] + "/resolve", ADMIN_TOKEN, Map.of()), 409, "resolved");

        // writing again within the reopen window reopens the same conversation
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        c[2],
                        "Kim",
                        "wamid." + UUID.randomUUID(),
                        "One more thing",
                        Instant.now().getEpochSecond()));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/api/v1/conversations/" + c[1], ADMIN_TOKEN)
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("open"));
        assertThat(channels.conversationsOf(c[0])).hasSize(1);
    }

    @Test
    void whenCustomersMergeTheirConversationsMerge() {
        String[] a = customerWriting("first person, first channel");
        String[] b = customerWriting("same person, second number");
        Answer merge = api.post(
                "/api/v1/customers/merges",
                ADMIN_TOKEN,
                Map.of("survivorId", a[0], "mergedId", b[0], "reason", "same person, told us on the phone"));
        assertThat(merge.status()).as(merge.toString()).isLessThan(300);
        List<JsonNode> open = channels.conversationsOf(a[0]).stream()
                .filter(c -> c.path("status").asString().equals("open"))
                .toList();
        assertThat(open).hasSize(1);
        assertThat(channels.messages(open.getFirst().path("id").asString()).stream()
                        .map(m -> m.path("content").asString()))
                .containsExactlyInAnyOrder("first person, first channel", "same person, second number");
        JsonNode folded = api.get("/api/v1/conversations/" + b[1], ADMIN_TOKEN).json();
        assertThat(folded.path("status").asString()).isEqualTo("merged");
        assertThat(folded.path("mergedInto").asString()).isEqualTo(a[1]);
        assertProblem(postMessage(b[1], Map.of("content", "hi")), 409, "merged into");
    }

    @Test
    void erasureRemovesConversationsMessagesAndRawPayloadsAndTheNumberLaterStartsAfresh() {
        String[] c = customerWriting("Please forget me");
        Answer export = api.get("/api/v1/customers/" + c[0] + "/export", ADMIN_TOKEN);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.json().path("conversations").toString()).contains("Please forget me");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.get("/api/v1/customers/" + c[0] + "/export", ADMIN_TOKEN)
                                .json()
                                .path("channelPayloads")
                                .path("received")
                                .toString())
                        .contains("Please forget me"));

        Answer erased = api.delete("/api/v1/customers/" + c[0] + "?confirm=" + c[0], ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isLessThan(300);
        assertThat(api.get("/api/v1/conversations/" + c[1], ADMIN_TOKEN).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/customers/lookup?type=whatsapp&value=" + c[2], ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);

        // a new message from the same number is a new, unlinked customer (PRIV-02)
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        c[2],
                        "Kim",
                        "wamid." + UUID.randomUUID(),
                        "Hi again",
                        Instant.now().getEpochSecond()));
        String again = channels.awaitCustomer("whatsapp", c[2]);
        assertThat(again).isNotEqualTo(c[0]);
        assertThat(channels.awaitThread(again, t -> t.size() == 1)
                        .getFirst()
                        .path("content")
                        .asString())
                .isEqualTo("Hi again");
    }

    @Test
    void cannedRepliesAndRoles() {
        String shortcut = "ship-" + UUID.randomUUID().toString().substring(0, 6);
        Answer created = api.post(
                "/api/v1/canned-replies",
                ADMIN_TOKEN,
                Map.of("shortcut", shortcut, "title", "Shipping times", "content", "We ship within 2 days."));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.get("/api/v1/canned-replies", ADMIN_TOKEN).raw().body()).contains(shortcut);
        assertProblem(
                api.post(
                        "/api/v1/canned-replies",
                        ADMIN_TOKEN,
                        Map.of("shortcut", shortcut, "title", "again", "content", "x")),
                409,
                shortcut);

        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String analyst = commerce.staffToken("ANALYST", "metrics:read");
        assertProblem(api.get("/api/v1/conversations", analyst), 403, "conversations:read");
        String agent = commerce.staffToken("AGENT", "conversations:read", "conversations:write");
        assertThat(api.get("/api/v1/conversations?status=open", agent).status()).isEqualTo(200);
        assertProblem(
                api.post("/api/v1/channels", agent, Map.of("type", "telegram", "name", "x", "settings", Map.of())),
                403,
                "channels:manage");
        assertProblem(api.get("/api/v1/conversations?status=pending", agent), 400, "not a status");
        assertProblem(api.get("/api/v1/conversations/" + UUID.randomUUID(), agent), 404, "no conversation");
    }
}
