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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Twilio SMS (SIG-07, STOP/START consent, status callbacks), Telegram (SIG-09, retry_after) and the phone system's
 * call events, each through its webhook and a WireMock stand-in of its send API.
 */
class SmsTelegramVoiceChannelTests extends OneplaceIntegrationTest {

    private Channels channels;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
    }

    private Map<String, String> sms(Account account, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + Channels.secret());
        params.put("AccountSid", account.setting("accountSid"));
        params.put("From", from);
        params.put("To", account.setting("fromNumber"));
        params.put("Body", body);
        params.put("NumMedia", "0");
        params.put("FromCountry", "DE"); // Twilio adds parameters without notice; they are signed like the rest
        return params;
    }

    private Answer deliver(Account account, Map<String, String> params) {
        return channels.twilio(account.webhook(), account.setting("webhookUrl"), account.setting("authToken"), params);
    }

    @Test
    void xForwardedProtoFromAnUntrustedClientDoesNotChangeTheSignedUrl() {
        // SIG-08: no webhookUrl, and no proxy trusted (the tests run with the default forward-headers strategy)
        Account configured = channels.sms(port);
        Account account = channels.withoutWebhookUrl(configured);
        String phone = Channels.mobile();
        String seen = "http://localhost:" + port + account.webhook();
        Map<String, String> params = sms(account, phone, "via the proxy");
        Map<String, String> headers = Map.of(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "X-Forwarded-Proto",
                "https",
                "X-Twilio-Signature",
                Channels.twilioSignature(account.setting("authToken"), seen.replace("http:", "https:"), params));
        assertProblem(api.send("POST", account.webhook(), headers, Channels.form(params)), 403, "signature");
        // what this server saw is what counts until the operator trusts the proxy or sets webhookUrl
        assertThat(channels.twilio(account.webhook(), seen, account.setting("authToken"), params)
                        .status())
                .isEqualTo(200);
        channels.awaitCustomer("phone", phone);
    }

    @Test
    void anSmsIsSignedOverThePublicUrlAndFoundByEveryIdentifierTwilioSends() {
        Account account = channels.sms(port);
        String phone = Channels.mobile();
        Answer answer = deliver(account, sms(account, phone, "Is my order ready?"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(answer.raw().body()).contains("<Response/>");
        String customer = channels.awaitCustomer("phone", phone);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        assertThat(thread.getFirst().path("channel").asString()).isEqualTo("sms");

        // a number in a Messaging Service pool: To is another number of the pool
        Map<String, String> pooled = sms(account, phone, "second");
        pooled.put("To", "+14155550000");
        pooled.put("MessagingServiceSid", "MG" + Channels.secret());
        assertThat(deliver(account, pooled).status()).isEqualTo(200);
        channels.awaitThread(customer, t -> t.size() == 2);

        // a number no account has, however well signed: refused
        Map<String, String> unknown = sms(account, phone, "third");
        unknown.put("To", "+14155559999");
        assertProblem(deliver(account, unknown), 403, "signature");
        // a wrong token, an altered body
        Map<String, String> params = sms(account, phone, "forged");
        assertProblem(
                channels.twilio(account.webhook(), account.setting("webhookUrl"), "wrong-token", params),
                403,
                "signature");
        Map<String, String> headers = Map.of(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "X-Twilio-Signature",
                Channels.twilioSignature(account.setting("authToken"), account.setting("webhookUrl"), params));
        params.put("Body", "altered");
        assertProblem(api.send("POST", account.webhook(), headers, Channels.form(params)), 403, "signature");
    }

    @Test
    void stopAndStartChangeTheCustomersSmsConsent() {
        Account account = channels.sms(port);
        String phone = Channels.mobile();
        deliver(account, sms(account, phone, "Hello"));
        String customer = channels.awaitCustomer("phone", phone);
        assertThat(deliver(account, sms(account, phone, "stop ")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode consents =
                    api.get("/api/v1/customers/" + customer, ADMIN_TOKEN).json().path("consents");
            assertThat(consents.toString()).contains("\"channel\":\"sms\"").contains("revoked");
            consents.forEach(c -> {
                if ("sms".equals(c.path("channel").asString())) {
                    assertThat(c.path("status").asString()).isEqualTo("revoked");
                }
            });
        });
        // carriers forbid writing to a number that sent STOP (Twilio error 21610): an agent's reply is refused
        channels.awaitThread(customer, t -> !t.isEmpty());
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        assertProblem(
                api.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        ADMIN_TOKEN,
                        Map.of("content", "Are you sure?")),
                409,
                "withdrew service messages on SMS");
        deliver(account, sms(account, phone, "START"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode consents =
                    api.get("/api/v1/customers/" + customer, ADMIN_TOKEN).json().path("consents");
            boolean serviceGranted = false;
            for (JsonNode c : consents) {
                if ("sms".equals(c.path("channel").asString())
                        && "service".equals(c.path("purpose").asString())) {
                    serviceGranted = "granted".equals(c.path("status").asString());
                }
                if ("sms".equals(c.path("channel").asString())
                        && "marketing".equals(c.path("purpose").asString())) {
                    assertThat(c.path("status").asString())
                            .as("START is no marketing opt-in")
                            .isEqualTo("revoked");
                }
            }
            assertThat(serviceGranted).isTrue();
        });
        // START lifted it: service replies go again
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "Welcome back"));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    @Test
    void anSmsReplyCarriesOurIdInItsStatusCallbackWhichTwilioSigns() {
        Account account = channels.sms(port);
        String phone = Channels.mobile();
        deliver(account, sms(account, phone, "Hi"));
        String customer = channels.awaitCustomer("phone", phone);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        String path = "/2010-04-01/Accounts/" + account.setting("accountSid") + "/Messages.json";
        String sid = "SM" + Channels.secret();
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
        String id = api.post(
                        "/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "Yes"))
                .json()
                .path("id")
                .asString();
        channels.awaitStatus(conversation, id, "sent");
        String basic = Base64.getEncoder()
                .encodeToString((account.setting("accountSid") + ":" + account.setting("authToken"))
                        .getBytes(StandardCharsets.UTF_8));
        String callback = account.setting("webhookUrl") + "/status?m=" + id;
        Channels.PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo(path))
                        .withHeader("Authorization", equalTo("Basic " + basic))
                        .withRequestBody(containing("To=" + phone.replace("+", "%2B")))
                        .withRequestBody(containing(
                                "StatusCallback=" + java.net.URLEncoder.encode(callback, StandardCharsets.UTF_8))));

        Map<String, String> status = new LinkedHashMap<>();
        status.put("MessageSid", sid);
        status.put("AccountSid", account.setting("accountSid"));
        status.put("MessageStatus", "delivered");
        status.put("To", phone);
        Answer answer =
                channels.twilio(account.webhook() + "/status?m=" + id, callback, account.setting("authToken"), status);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        channels.awaitStatus(conversation, id, "delivered");
    }

    private static String update(long updateId, String userId, String text) {
        return """
                {"update_id":%d,"message":{"message_id":%d,"from":{"id":%s,"is_bot":false,"first_name":"Yuki",
                "last_name":"Tanaka"},"chat":{"id":%s,"type":"private"},"date":%d,"text":%s}}
                """.formatted(
                updateId, updateId % 100_000, userId, userId, Instant.now().getEpochSecond(), Channels.quote(text));
    }

    @Test
    void telegramNeedsTheSecretHeaderAndNeverLogsTheBotToken() throws Exception {
        Account account = channels.telegram();
        String user = Channels.digits(9);
        long updateId = Long.parseLong(Channels.digits(9));
        String body = update(updateId, user, "こんにちは 🌸");
        assertProblem(channels.telegram(account, null, body), 403, "signature");
        assertProblem(channels.telegram(account, "wrong", body), 403, "signature");
        assertThat(channels.telegram(account, account.setting("secretToken"), body)
                        .status())
                .isEqualTo(200);
        assertThat(channels.telegram(account, account.setting("secretToken"), body)
                        .status())
                .isEqualTo(200);
        String customer = channels.awaitCustomer("telegram", user);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        assertThat(thread.getFirst().path("content").asString()).isEqualTo("こんにちは 🌸");

        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        String path = "/bot" + account.setting("botToken") + "/sendMessage";
        String scenario = "tg-" + UUID.randomUUID();
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                                        + "\"parameters\":{\"retry_after\":1}}"))
                .willSetStateTo("ok"));
        Channels.PROVIDERS.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("ok")
                .willReturn(okJson("{\"ok\":true,\"result\":{\"message_id\":77,\"chat\":{\"id\":" + user + "}}}")));
        String id = api.post(
                        "/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "Hai"))
                .json()
                .path("id")
                .asString();
        JsonNode sent = channels.awaitStatus(conversation, id, "sent");
        assertThat(sent.path("externalId").asString()).isEqualTo(user + ":77");
        Channels.PROVIDERS.verify(
                2, postRequestedFor(urlEqualTo(path)).withRequestBody(containing("\"chat_id\":\"" + user + "\"")));
        String log = Files.readString(Path.of("target/test-logs/oneplace.log"));
        assertThat(log).doesNotContain(account.setting("botToken")).doesNotContain(account.setting("secretToken"));
    }

    @Test
    void callEventsJoinTheCallersConversationAndAreRefusedWithoutTheToken() {
        Account voice = channels.voice();
        Account whatsapp = channels.whatsapp();
        String waId = Channels.mobile().substring(1);
        String customer = channels.customerWrites(whatsapp, waId, "Ola", "My charge is wrong");

        String callId = "call-" + UUID.randomUUID();
        Map<String, Object> newCall = Map.of(
                "event",
                "newCall",
                "callId",
                callId,
                "from",
                "+" + waId,
                "to",
                "+493012345678",
                "direction",
                "inbound");
        assertProblem(
                api.send(
                        "POST",
                        "/webhooks/voice",
                        Map.of("Content-Type", "application/json", "X-Oneplace-Channel-Token", "wrong"),
                        org.oneplace.Api.JSON.writeValueAsString(newCall)),
                403,
                "signature");
        assertThat(channels.call(voice, newCall).status()).isEqualTo(200);
        assertThat(channels.call(
                                voice,
                                Map.of(
                                        "event",
                                        "answer",
                                        "callId",
                                        callId,
                                        "from",
                                        "+" + waId,
                                        "to",
                                        "+493012345678",
                                        "direction",
                                        "inbound",
                                        "agent",
                                        "sam@example.com"))
                        .status())
                .isEqualTo(200);
        assertThat(channels.call(
                                voice,
                                Map.of(
                                        "event",
                                        "hangup",
                                        "callId",
                                        callId,
                                        "from",
                                        "+" + waId,
                                        "to",
                                        "+493012345678",
                                        "direction",
                                        "inbound",
                                        "durationSeconds",
                                        192,
                                        "notes",
                                        "Refund promised"))
                        .status())
                .isEqualTo(200);
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 4);
        assertThat(channels.conversationsOf(customer)).hasSize(1);
        assertThat(thread.subList(1, 4).stream()
                        .map(m -> m.path("content").asString())
                        .toList())
                .containsExactly(
                        "Incoming call from +" + waId,
                        "Call answered by sam@example.com",
                        "Call ended after 3 min 12 s. Notes: Refund promised");
        assertThat(thread.get(1).path("kind").asString()).isEqualTo("call");
        assertThat(thread.get(1).path("channel").asString()).isEqualTo("phone");
    }
}
