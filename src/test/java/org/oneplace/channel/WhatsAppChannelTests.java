package org.oneplace.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The WhatsApp Cloud API channel end to end: Meta's handshake and signatures (SIG-01…05, SIG-10), redelivery and
 * races (LOAD-08/09), quarantine (BAD-02), replies through a WireMock stand-in of the send API with our id in
 * {@code biz_opaque_callback_data}, monotonic statuses, the outbox's policy for 500, 429 and timeouts (FLT-06…08),
 * limits (TXT-09), emoji (TXT-01) and double submits (IDEM-09).
 */
class WhatsAppChannelTests extends OneplaceIntegrationTest {

    private Channels channels;
    private Account account;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
        account = channels.whatsapp();
    }

    private String inbound(String waId, String text) {
        String wamid = "wamid." + UUID.randomUUID();
        String body = Channels.whatsappText(
                account, waId, "Ana", wamid, text, Instant.now().getEpochSecond());
        Answer answer = channels.meta(account, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return wamid;
    }

    /** A customer writes on WhatsApp; answers the conversation it opened. */
    private String conversationWith(String waId, String text) {
        inbound(waId, text);
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> t.size() == 1);
        return channels.conversationsOf(customer).getFirst().path("id").asString();
    }

    private String stubSend(String wamid) {
        String path = "/v21.0/" + account.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .willReturn(
                        okJson("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"1\",\"wa_id\":\"1\"}],"
                                + "\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
        return path;
    }

    @Test
    void theVerifyHandshakeEchoesTheChallengeOnlyForTheRightToken() {
        String token = account.setting("verifyToken");
        Answer ok = api.get(
                account.webhook() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + token, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw().body()).isEqualTo("1158201444");
        assertThat(ok.contentType()).startsWith("text/plain");
        Answer shared =
                api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=42&hub.verify_token=" + token, null);
        assertThat(shared.raw().body()).isEqualTo("42");

        for (String query : List.of(
                "hub.mode=subscribe&hub.challenge=7&hub.verify_token=wrong",
                "hub.mode=subscribe&hub.challenge=7",
                "hub.mode=subscribe&hub.challenge=7&hub.verify_token=",
                "hub.mode=unsubscribe&hub.challenge=7&hub.verify_token=" + token)) {
            Answer refused = api.get(account.webhook() + "?" + query, null);
            assertProblem(refused, 403, "verify token");
            assertThat(refused.raw().body()).doesNotContain("\"7\"");
        }
    }

    @Test
    void forgedOrAlteredDeliveriesAreRefusedAndNothingIsStored() {
        String waId = Channels.mobile().substring(1);
        String body = Channels.whatsappText(account, waId, "Eve", "wamid.forged", "hello", 1_700_000_000L);
        String secret = account.setting("appSecret");
        Account other = channels.whatsapp();
        List<String> signatures = new ArrayList<>();
        signatures.add(null);
        signatures.add("sha1=" + Channels.metaSignature(secret, body).substring(7));
        signatures.add(Channels.metaSignature("not-the-secret", body));
        signatures.add(Channels.metaSignature(secret, body).toUpperCase().replace("SHA256=", "sha256="));
        signatures.add(Channels.metaSignature(secret, body + " "));
        signatures.add(Channels.metaSignature(other.setting("appSecret"), body)); // SIG-05: B's secret on A's path
        for (String signature : signatures) {
            assertProblem(channels.meta(account.webhook(), body, signature), 403, "signature");
        }
        // on the shared path, B's secret does not make a payload naming A's number authentic either
        assertProblem(
                channels.meta("/webhooks/whatsapp", body, Channels.metaSignature(other.setting("appSecret"), body)),
                403,
                "signature");
        assertThat(api.get("/api/v1/customers/lookup?type=whatsapp&value=" + waId, ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anAuthenticButUnreadablePayloadIsAcknowledgedAndQuarantined() {
        String truncated = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":";
        Answer answer = channels.meta(account, truncated);
        assertThat(answer.status()).as("Meta would retry a non-200 for 7 days").isEqualTo(200);
        Answer metrics =
                api.send("GET", "/actuator/prometheus", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null);
        assertThat(metrics.raw().body()).contains("oneplace_webhooks_quarantined_total{channel=\"whatsapp\"");
    }

    @Test
    void aMessageFindsOrCreatesTheCustomerAndARedeliveryIsStoredOnce() {
        String waId = Channels.mobile().substring(1);
        long at = Instant.now().getEpochSecond();
        String body =
                Channels.whatsappText(account, waId, "Ana Lima", "wamid.once-" + UUID.randomUUID(), "Hola 👋", at);
        assertThat(channels.meta(account, body).status()).isEqualTo(200);
        assertThat(channels.meta(account, body).status()).as("SIG-10 replay").isEqualTo(200);

        String customer = channels.awaitCustomer("whatsapp", waId);
        assertThat(customer(customer.isEmpty() ? "x" : "phone", "+" + waId)
                        .path("id")
                        .asString())
                .as("a valid wa_id is also the customer's phone")
                .isEqualTo(customer);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        JsonNode message = thread.getFirst();
        assertThat(message.path("content").asString()).isEqualTo("Hola 👋");
        assertThat(message.path("channel").asString()).isEqualTo("whatsapp");
        assertThat(message.path("direction").asString()).isEqualTo("in");
        assertThat(message.path("author").path("type").asString()).isEqualTo("customer");
        assertThat(message.path("createdAt").asString())
                .isEqualTo(Instant.ofEpochSecond(at).toString());
        // a redelivery a while later (a new envelope, the same wamid) still makes no second message
        String again = body.replace("\"15550001111\"", "\"15550001112\"");
        assertThat(channels.meta(account, again).status()).isEqualTo(200);
        channels.assertThreadStays(customer, 1);
        assertThat(channels.conversationsOf(customer)).hasSize(1);
    }

    @Test
    void theSameDeliveryFiveTimesAtOnceMakesOneMessage() throws Exception {
        String waId = Channels.mobile().substring(1);
        String body = Channels.whatsappText(
                account,
                waId,
                "Ana",
                "wamid.race-" + UUID.randomUUID(),
                "once",
                Instant.now().getEpochSecond());
        List<Integer> statuses = parallel(5, i -> channels.meta(account, body).status());
        assertThat(statuses).containsOnly(200);
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> t.size() == 1);
        channels.assertThreadStays(customer, 1);
    }

    @Test
    void anAlbumOfTenParallelDeliveriesIsOneConversationInProviderOrder() throws Exception {
        String waId = Channels.mobile().substring(1);
        long start = Instant.now().getEpochSecond() - 100;
        parallel(10, i -> {
            String body = """
                    {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                    "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                    "contacts":[{"profile":{"name":"Ana"},"wa_id":"%s"}],
                    "messages":[{"from":"%s","id":"wamid.album-%s-%d","timestamp":"%d","type":"image",
                    "image":{"id":"media-%d","mime_type":"image/jpeg","caption":"photo %d"}}]}}]}]}
                    """.formatted(account.setting("phoneNumberId"), waId, waId, waId, i, start + i, i, i);
            return channels.meta(account, body).status();
        });
        String customer = channels.awaitCustomer("whatsapp", waId);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 10);
        assertThat(channels.conversationsOf(customer)).hasSize(1);
        assertThat(thread.stream().map(m -> m.path("content").asString()).toList())
                .containsExactly(
                        "photo 0", "photo 1", "photo 2", "photo 3", "photo 4", "photo 5", "photo 6", "photo 7",
                        "photo 8", "photo 9");
        assertThat(thread.getFirst().path("attachments").get(0).path("mimeType").asString())
                .isEqualTo("image/jpeg");
    }

    @Test
    void aReplyGoesThroughTheSendApiAndItsStatusesOnlyMoveForward() {
        String waId = Channels.mobile().substring(1);
        String conversation = conversationWith(waId, "Do you have it in brass?");
        String wamid = "wamid.out-" + UUID.randomUUID();
        String path = stubSend(wamid);

        Answer posted = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "Yes — brass and chrome 👩🏽‍💻"));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        String id = posted.json().path("id").asString();
        assertThat(posted.json().path("status").asString()).isEqualTo("queued");
        JsonNode sent = channels.awaitStatus(conversation, id, "sent");
        assertThat(sent.path("externalId").asString()).isEqualTo(wamid);
        Channels.PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo(path))
                        .withHeader("Authorization", equalTo("Bearer " + account.setting("accessToken")))
                        .withRequestBody(containing("\"to\":\"" + waId + "\""))
                        .withRequestBody(containing("Yes — brass and chrome 👩🏽‍💻"))
                        .withRequestBody(containing("\"biz_opaque_callback_data\":\"" + id + "\"")));

        long now = Instant.now().getEpochSecond();
        channels.meta(account, Channels.whatsappStatus(account, wamid, "read", id, now));
        channels.awaitStatus(conversation, id, "read");
        channels.meta(account, Channels.whatsappStatus(account, wamid, "delivered", id, now - 5));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> channels.awaitStatus(conversation, id, "read"));
    }

    @Test
    void aReplyOverTheLengthLimitIsRefusedBeforeAnyProviderCall() {
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        String path = stubSend("wamid.limit-" + UUID.randomUUID());
        assertProblem(
                api.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        ADMIN_TOKEN,
                        Map.of("content", "x".repeat(4097))),
                400,
                "WhatsApp text messages are limited to 4096 characters");
        Answer atLimit = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "😀".repeat(4096)));
        assertThat(atLimit.status())
                .as("4096 characters, emoji counted once each")
                .isEqualTo(201);
        channels.awaitStatus(conversation, atLimit.json().path("id").asString(), "sent");
        Channels.PROVIDERS.verify(1, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void aDoubleSubmitWithTheSameClientIdSendsOnce() {
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        String path = stubSend("wamid.idem-" + UUID.randomUUID());
        Map<String, Object> reply =
                Map.of("content", "On its way", "clientId", UUID.randomUUID().toString());
        Answer first = api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, reply);
        Answer second = api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, reply);
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        channels.awaitStatus(conversation, first.json().path("id").asString(), "sent");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> Channels.PROVIDERS.verify(1, postRequestedFor(urlEqualTo(path))));
    }

    @Test
    void aServerErrorIsUnknownUntilTheStatusWebhookNamesOurMessage() {
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        String path = "/v21.0/" + account.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"code\":1,\"message\":\"oops\"}}")));
        String id = api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "A"))
                .json()
                .path("id")
                .asString();
        JsonNode unknown = channels.awaitStatus(conversation, id, "unknown");
        assertThat(unknown.path("error").asString()).contains("500");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> Channels.PROVIDERS.verify(1, postRequestedFor(urlEqualTo(path))));
        // the provider did take it after all: its status webhook carries our id
        channels.meta(
                account,
                Channels.whatsappStatus(
                        account,
                        "wamid.late-" + id,
                        "delivered",
                        id,
                        Instant.now().getEpochSecond()));
        JsonNode delivered = channels.awaitStatus(conversation, id, "delivered");
        assertThat(delivered.path("externalId").asString()).isEqualTo("wamid.late-" + id);
    }

    @Test
    void aProviderThatNeverAnswersLeavesTheMessageUnknownAndItIsNotResentBlindly() {
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        String path = "/v21.0/" + account.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .willReturn(okJson("{\"messages\":[{\"id\":\"x\"}]}").withFixedDelay(4000)));
        String id = api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "B"))
                .json()
                .path("id")
                .asString();
        JsonNode unknown = channels.awaitStatus(conversation, id, "unknown");
        assertThat(unknown.path("error").asString()).contains("may have been sent");
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> Channels.PROVIDERS.verify(1, postRequestedFor(urlEqualTo(path))));
    }

    @Test
    void aRateLimitIsWaitedOutAndTheMessageIsSentOnce() {
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        String path = "/v21.0/" + account.setting("phoneNumberId") + "/messages";
        String scenario = "rate-" + UUID.randomUUID();
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"code\":130429,\"message\":\"Rate limit hit\"}}"))
                .willSetStateTo("open"));
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("open")
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.after-429\"}]}")));
        String id = api.post("/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "C"))
                .json()
                .path("id")
                .asString();
        channels.awaitStatus(conversation, id, "sent");
        Channels.PROVIDERS.verify(2, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void outsideTheTwentyFourHourWindowOnlyTemplatesCouldBeSent() {
        // the customer wrote on another WhatsApp number of the business, never on this one
        String conversation = conversationWith(Channels.mobile().substring(1), "hi");
        Account other = channels.whatsapp();
        assertProblem(
                api.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        ADMIN_TOKEN,
                        Map.of("content", "Hello", "channel", other.id())),
                409,
                "24 hours");
    }

    @Test
    void outsideTheWindowAnApprovedTemplateGoesOutInWhatsAppsTemplateFormat() {
        // the customer last wrote 25 hours ago
        String waId = Channels.mobile().substring(1);
        channels.meta(
                account,
                Channels.whatsappText(
                        account,
                        waId,
                        "Ana",
                        "wamid." + UUID.randomUUID(),
                        "Where is my order?",
                        Instant.now().minus(Duration.ofHours(25)).getEpochSecond()));
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        String messages = "/api/v1/conversations/" + conversation + "/messages";
        assertProblem(api.post(messages, ADMIN_TOKEN, Map.of("content", "It ships today")), 409, "template");

        String path = stubSend("wamid.template-" + UUID.randomUUID());
        Map<String, Object> template =
                Map.of("name", "order_update", "language", "en_US", "parameters", List.of("Ana", "#1042"));
        Answer posted = api.post(messages, ADMIN_TOKEN, Map.of("template", template));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
        assertThat(posted.json().path("content").asString()).isEqualTo("Template order_update (en_US): Ana · #1042");
        channels.awaitStatus(conversation, posted.json().path("id").asString(), "sent");
        Channels.PROVIDERS.verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                        """
                        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                         "template":{"name":"order_update","language":{"code":"en_US"},
                           "components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},
                                                                       {"type":"text","text":"#1042"}]}]},
                         "biz_opaque_callback_data":"%s"}""".formatted(waId, posted.json().path("id").asString()), true, false)));

        assertProblem(
                api.post(
                        messages,
                        ADMIN_TOKEN,
                        Map.of("template", Map.of("name", "Order Update!", "language", "en_US"))),
                400,
                "template name must be as approved");
        assertProblem(
                api.post(messages, ADMIN_TOKEN, Map.of("template", template, "private", true)),
                400,
                "templates cannot be private notes");
        assertProblem(api.post(messages, ADMIN_TOKEN, Map.of("channel", "whatsapp")), 400, "write some content");
    }

    @Test
    void secretsAreWriteOnly() {
        Answer one = api.get("/api/v1/channels/" + account.id(), ADMIN_TOKEN);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("settings").has("appSecret")).isFalse();
        assertThat(one.json().path("secretsSet").toString()).contains("appSecret", "accessToken", "verifyToken");
        Answer all = api.get("/api/v1/channels", ADMIN_TOKEN);
        assertThat(all.raw().body())
                .doesNotContain(account.setting("appSecret"))
                .doesNotContain(account.setting("accessToken"))
                .doesNotContain(account.setting("verifyToken"));
        assertProblem(
                api.post(
                        "/api/v1/channels",
                        ADMIN_TOKEN,
                        Map.of("type", "whatsapp", "name", "half", "settings", Map.of("phoneNumberId", "1"))),
                400,
                "need the settings");
    }

    private static <T> List<T> parallel(int n, java.util.function.IntFunction<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
