package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Regression tests of the hostile-input probe (issue 12): text PostgreSQL cannot store is a 400 naming the field,
 * never a 500 or a 503 that an SDK retries forever; provider webhooks carrying it are repaired, not lost; nobody aims
 * an outbound connection at this machine or its network; an erased person does not come back through a replayed
 * webhook.
 */
class HostileInputTests extends OneplaceIntegrationTest {

    private Channels channels;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
    }

    private Api.Answer track(String path, String json) {
        return api.send(
                "POST",
                path,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8))),
                json);
    }

    private static void assertPointer(Api.Answer answer, String pointer) {
        assertProblem(answer, 400, "cannot be stored");
        assertThat(answer.raw().headers().firstValue("Retry-After")).isEmpty();
        assertThat(answer.json().path("pointer").asString()).isEqualTo(pointer);
    }

    @Test
    void aNulCharacterInTrackingIsA400NamingTheFieldNotA503() {
        String anonymousId = "anon-" + UUID.randomUUID();
        assertPointer(
                track(
                        "/v1/identify",
                        "{\"anonymousId\":\"" + anonymousId + "\",\"traits\":{\"name\":\"Ana\\u0000Lee\"}}"),
                "/traits/name");
        assertPointer(
                track(
                        "/v1/track",
                        "{\"anonymousId\":\"" + anonymousId
                                + "\",\"event\":\"Viewed\",\"properties\":{\"a\\u0000\":1}}"),
                "/properties/a\u0000");

        // a batch with one bad event stores nothing of it: the answer names the event and the field
        String good = "anon-" + UUID.randomUUID();
        String batch = "{\"batch\":[{\"type\":\"track\",\"event\":\"Fine\",\"anonymousId\":\"" + good + "\"},"
                + "{\"type\":\"track\",\"event\":\"Bad\",\"anonymousId\":\"" + good
                + "\",\"properties\":{\"note\":\"x\\u0000\"}}]}";
        Api.Answer answer = track("/v1/batch", batch);
        assertPointer(answer, "/batch/1/properties/note");
        assertThat(answer.detail()).contains("/batch/1/properties/note");
        assertThat(api.get("/api/v1/customers/lookup?type=anonymous_id&value=" + good, ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aLoneSurrogateNeverCollidesWithAQuestionMark() {
        String base = "collide-" + UUID.randomUUID();
        assertPointer(track("/v1/identify", "{\"userId\":\"" + base + "\\ud800\"}"), "/userId");
        // a well-formed pair is a character like any other
        assertThat(track("/v1/identify", "{\"userId\":\"" + base + "\\ud83d\\ude00\"}")
                        .status())
                .isEqualTo(200);
        assertThat(track("/v1/identify", "{\"userId\":\"" + base + "?\"}").status())
                .isEqualTo(200);
        String questionMark = customer("user_id", base + "?").path("id").asString();
        String emoji = customer("user_id", base + "\ud83d\ude00").path("id").asString();
        assertThat(questionMark).isNotEqualTo(emoji);
    }

    @Test
    void rawBytesThatDecodeToNulOrASurrogateAreRefused() throws Exception {
        String anonymousId = "anon-" + UUID.randomUUID();
        for (byte[] bad :
                List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            byte[] prefix = ("{\"anonymousId\":\"" + anonymousId + "\",\"traits\":{\"name\":\"A")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + port + "/api/v1/customers/" + UUID.randomUUID()))
                                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                    .header("Content-Type", "application/json")
                                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        }
    }

    @Test
    void theManagementApiAnswers400ForNulEverywhereItReadsText() {
        String customerId =
                channels.customerWrites(channels.whatsapp(), Channels.mobile().substring(1), "Ana", "hi");
        assertPointer(
                api.patch(
                        "/api/v1/customers/" + customerId, ADMIN_TOKEN, Map.of("traits", Map.of("city", "Ber\u0000"))),
                "/traits/city");
        assertProblem(api.get("/api/v1/customers?q=%00", ADMIN_TOKEN), 400, "parameter 'q'");
        assertProblem(
                api.get("/api/v1/customers/lookup?type=email&value=a%00@b.test", ADMIN_TOKEN),
                400,
                "parameter 'value'");
        assertPointer(
                api.post(
                        "/api/v1/products",
                        ADMIN_TOKEN,
                        Map.of(
                                "name",
                                "Mug\u0000",
                                "variants",
                                List.of(Map.of(
                                        "sku",
                                        "SKU-" + UUID.randomUUID(),
                                        "price",
                                        Map.of("amount", 100, "currency", "EUR"))))),
                "/name");
        assertPointer(
                api.send(
                        "PUT",
                        "/api/v1/customers/" + customerId + "/consents",
                        Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json"),
                        "{\"channel\":\"email\",\"purpose\":\"marketing\",\"status\":\"granted\","
                                + "\"evidence\":\"signed \\ud800\"}"),
                "/evidence");
    }

    @Test
    void aWebhookCarryingNulIsStoredRepairedAndNotLost() {
        Account whatsapp = channels.whatsapp();
        String waId = Channels.mobile().substring(1);
        // the escapes as a provider writes them (a Java string would turn the lone surrogate into '?' on the wire)
        String body = Channels.whatsappText(
                        whatsapp,
                        waId,
                        "Ana\u0000",
                        "wamid." + UUID.randomUUID(),
                        "hello\u0000world LONE!",
                        Instant.now().getEpochSecond())
                .replace("LONE", "\\ud800");
        Api.Answer answer = channels.meta(whatsapp, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        String customerId = channels.awaitCustomer("whatsapp", waId);
        List<JsonNode> thread = channels.awaitThread(customerId, t -> t.size() == 1);
        assertThat(thread.getFirst().path("content").asString()).isEqualTo("helloworld \uFFFD!");
        String metrics = api.send("GET", "/actuator/prometheus", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null)
                .raw()
                .body();
        assertThat(metrics).contains("oneplace_webhooks_repaired_total{channel=\"whatsapp\"}");
    }

    // ---- numbers and permissions ----------------------------------------------------------------------------

    @Test
    void numbersBeyondTheirBoundsAre400sNever500s() {
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String sku = commerce.sku("Overflow mug", 1_000);
        assertProblem(
                api.put(
                        "/api/v1/variants/" + sku + "/price",
                        ADMIN_TOKEN,
                        Map.of("amount", Long.MAX_VALUE, "currency", "EUR")),
                400,
                "amount must be between");
        assertProblem(
                api.put(
                        "/api/v1/variants/" + sku + "/price",
                        ADMIN_TOKEN,
                        Map.of("amount", Long.MIN_VALUE, "currency", "EUR")),
                400,
                "amount must be between");
        // the largest price there is, times the largest quantity, still prices
        assertThat(api.put(
                                "/api/v1/variants/" + sku + "/price",
                                ADMIN_TOKEN,
                                Map.of("amount", 1_000_000_000_000L, "currency", "EUR"))
                        .status())
                .isEqualTo(200);
        Api.Answer quote =
                api.post("/api/v1/prices/quote", ADMIN_TOKEN, Map.of("lines", List.of(Commerce.line(sku, 10_000))));
        assertThat(quote.status()).as(quote.toString()).isEqualTo(200);

        String store = commerce.location("Overflow store", 52.5, 13.4, true);
        commerce.stock(sku, store, 10_000_000);
        assertProblem(
                api.post(
                        "/api/v1/inventory/" + sku + "/" + store + "/adjustments",
                        ADMIN_TOKEN,
                        Map.of("delta", 1_000_000, "reason", "receipt")),
                400,
                "at most 10000000");
        assertProblem(
                api.get("/api/v1/inventory/availability?sku=" + sku + "&lat=NaN&lon=13&radiusKm=5", ADMIN_TOKEN),
                400,
                "'lat'");
        assertProblem(
                api.post(
                        "/api/v1/sla-policies",
                        ADMIN_TOKEN,
                        Map.of("name", "forever " + UUID.randomUUID(), "firstResponse", "P100000D")),
                400,
                "at most 366 days");
    }

    @Test
    void addingAVerifiedIdentifierThatMergesNeedsTheMergePermission() {
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String agent = commerce.staffToken("AGENT", "customers:read", "customers:write");
        String ana = "ana-" + UUID.randomUUID() + "@example.com";
        String bob = "bob-" + UUID.randomUUID() + "@example.com";
        // Ana is an anonymous visitor, Bob signed in (his address is verified by his user id): two user ids would
        // refuse to merge whoever asked (409), and an unverified address moves without a merge
        assertThat(track(
                                "/v1/identify",
                                "{\"anonymousId\":\"" + UUID.randomUUID() + "\",\"traits\":{\"email\":\"" + ana
                                        + "\"}}")
                        .status())
                .isEqualTo(200);
        assertThat(track(
                                "/v1/identify",
                                "{\"userId\":\"" + UUID.randomUUID() + "\",\"traits\":{\"email\":\"" + bob + "\"}}")
                        .status())
                .isEqualTo(200);
        String anaId = customer("email", ana).path("id").asString();
        String bobId = customer("email", bob).path("id").asString();

        Api.Answer refused = api.post(
                "/api/v1/customers/" + anaId + "/identifiers",
                agent,
                Map.of("type", "email", "value", bob, "verified", true));
        assertProblem(refused, 403, "customers:merge");
        assertThat(customer("email", bob).path("id").asString()).isEqualTo(bobId);
        assertThat(customer("email", ana).path("id").asString()).isEqualTo(anaId);

        // an identifier nobody holds is added as before
        String other = "ana2-" + UUID.randomUUID() + "@example.com";
        assertThat(api.post(
                                "/api/v1/customers/" + anaId + "/identifiers",
                                agent,
                                Map.of("type", "email", "value", other, "verified", true))
                        .status())
                .isEqualTo(200);
        // and an address that is no address is refused on every path that takes one
        assertProblem(
                api.post(
                        "/api/v1/customers/" + anaId + "/identifiers",
                        agent,
                        Map.of("type", "email", "value", "<script>alert(4)</script>@x.test")),
                400,
                "not a valid email address");
    }

    // ---- SSRF -------------------------------------------------------------------------------------------------

    @Test
    void noChannelCanBeAimedAtThisMachineOrItsNetwork() {
        for (String url : List.of(
                "http://127.0.0.2:9/v21.0",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:8080",
                "http://0x7f000001",
                "http://2130706434",
                "http://0177.0.0.1",
                "http://127.1",
                "http://10.0.0.5",
                "http://192.168.1.1",
                "http://100.64.0.1",
                "http://[::ffff:127.0.0.2]",
                "http://[fd00:ec2::254]",
                "http://0.0.0.0:80",
                "ftp://example.com",
                "http://user:pw@example.com")) {
            Api.Answer answer = api.post(
                    "/api/v1/channels",
                    ADMIN_TOKEN,
                    Map.of(
                            "type",
                            "telegram",
                            "name",
                            "ssrf " + UUID.randomUUID(),
                            "settings",
                            Map.of("botToken", "1:AA" + Channels.secret(), "secretToken", "s", "apiBaseUrl", url)));
            assertThat(answer.status()).as(url + " → " + answer).isEqualTo(400);
            assertThat(answer.detail()).as(url).contains("apiBaseUrl");
        }
        Api.Answer imap = api.post(
                "/api/v1/channels",
                ADMIN_TOKEN,
                Map.of(
                        "type",
                        "email",
                        "name",
                        "ssrf mail " + UUID.randomUUID(),
                        "settings",
                        Map.of("address", "help-" + UUID.randomUUID() + "@example.com", "imapHost", "127.0.0.3")));
        assertProblem(imap, 400, "ONEPLACE_OUTBOUND_ALLOW");
    }

    @Test
    void aChannelsTokenNeverGoesToAChangedAddressWithoutBeingEnteredAgain() {
        Account whatsapp = channels.whatsapp();
        String elsewhere = Channels.providerUrl() + "/elsewhere";
        assertProblem(
                api.patch(
                        "/api/v1/channels/" + whatsapp.id(),
                        ADMIN_TOKEN,
                        Map.of("settings", Map.of("apiBaseUrl", elsewhere))),
                400,
                "enter [accessToken, appSecret, verifyToken] again");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("apiBaseUrl", elsewhere);
        settings.put("accessToken", "EAAG" + Channels.secret());
        settings.put("appSecret", whatsapp.setting("appSecret"));
        settings.put("verifyToken", whatsapp.setting("verifyToken"));
        Api.Answer changed = api.patch("/api/v1/channels/" + whatsapp.id(), ADMIN_TOKEN, Map.of("settings", settings));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        // and a destination that is not allowed is refused on PATCH as on POST
        settings.put("apiBaseUrl", "http://169.254.169.254");
        assertProblem(
                api.patch("/api/v1/channels/" + whatsapp.id(), ADMIN_TOKEN, Map.of("settings", settings)),
                400,
                "169.254.169.254");
    }

    // ---- erasure stays erasure -------------------------------------------------------------------------------

    @Test
    void anErasedPersonDoesNotComeBackThroughAReplayedWebhook() throws Exception {
        // WhatsApp
        Account whatsapp = channels.whatsapp();
        String waId = Channels.mobile().substring(1);
        String body = Channels.whatsappText(
                whatsapp,
                waId,
                "Ana",
                "wamid." + UUID.randomUUID(),
                "hello",
                Instant.now().getEpochSecond());
        assertThat(channels.meta(whatsapp, body).status()).isEqualTo(200);
        erase(channels.awaitCustomer("whatsapp", waId));
        assertThat(channels.meta(whatsapp, body).status()).isEqualTo(200);

        // Telegram
        Account telegram = channels.telegram();
        String chatId = Channels.digits(9);
        String update = """
                {"update_id":%d,"message":{"message_id":7,"from":{"id":%s,"is_bot":false,"first_name":"Yuki"},
                "chat":{"id":%s,"type":"private"},"date":%d,"text":"hi"}}
                """.formatted(
                        Long.parseLong(Channels.digits(9)),
                        chatId,
                        chatId,
                        Instant.now().getEpochSecond());
        assertThat(channels.telegram(telegram, telegram.setting("secretToken"), update)
                        .status())
                .isEqualTo(200);
        erase(channels.awaitCustomer("telegram", chatId));
        assertThat(channels.telegram(telegram, telegram.setting("secretToken"), update)
                        .status())
                .isEqualTo(200);

        // SMS (Twilio): a replay of the same MessageSid, signed as Twilio signs it
        Account sms = channels.sms(port);
        String phone = Channels.mobile();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM" + Channels.secret());
        params.put("AccountSid", sms.setting("accountSid"));
        params.put("From", phone);
        params.put("To", sms.setting("fromNumber"));
        params.put("Body", "hello");
        assertThat(channels.twilio(sms.webhook(), sms.setting("webhookUrl"), sms.setting("authToken"), params)
                        .status())
                .isEqualTo(200);
        erase(channels.awaitCustomer("phone", phone));
        assertThat(channels.twilio(sms.webhook(), sms.setting("webhookUrl"), sms.setting("authToken"), params)
                        .status())
                .isEqualTo(200);

        // Messenger and Instagram: the same message id (mid) again
        Map<String, String> pageSenders = new LinkedHashMap<>();
        for (String type : List.of("messenger", "instagram")) {
            Account page = channels.page(type);
            String sender = Channels.digits(16);
            String text = Channels.pageText(page, sender, "m_" + UUID.randomUUID(), "hi", System.currentTimeMillis());
            assertThat(channels.meta(page, text).status()).isEqualTo(200);
            erase(channels.awaitCustomer(type, sender));
            assertThat(channels.meta(page, text).status()).isEqualTo(200);
            pageSenders.put(type, sender);
        }

        // e-mail: the same Message-ID delivered again by the customer's mail server
        String shop = "replay-" + UUID.randomUUID() + "@shop.example";
        channels.email(shop);
        String from = "erin-" + UUID.randomUUID() + "@example.com";
        String messageId = "<" + UUID.randomUUID() + "@mail.example>";
        Channels.mail(from, shop, "Hello", "hello", messageId, Map.of());
        erase(channels.awaitCustomer("email", from));
        Channels.mail(from, shop, "Hello", "hello", messageId, Map.of());

        // nobody comes back: the replays were acknowledged and dropped
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
            assertThat(lookup("whatsapp", waId)).isEqualTo(404);
            assertThat(lookup("telegram", chatId)).isEqualTo(404);
            assertThat(lookup("phone", phone)).isEqualTo(404);
            pageSenders.forEach(
                    (type, sender) -> assertThat(lookup(type, sender)).isEqualTo(404));
            assertThat(lookup("email", from)).isEqualTo(404);
        });

        // a new message from the same number is a new person (PRIV-02), not a replay
        channels.customerWrites(whatsapp, waId, "Ana", "I am back");
    }

    @Test
    void aRetriedCheckoutOfAnErasedPersonReplaysANoteAndCreatesNothing() {
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        String sku = commerce.sku("Erasure mug", 1_500);
        String store = commerce.location("Erasure store", 48.1, 11.6, true);
        commerce.stock(sku, store, 5);
        String email = "erased-" + UUID.randomUUID() + "@example.com";
        assertThat(track(
                                "/v1/identify",
                                "{\"userId\":\"" + UUID.randomUUID() + "\",\"traits\":{\"email\":\"" + email
                                        + "\",\"name\":\"Erin Erased\"}}")
                        .status())
                .isEqualTo(200);
        String customerId = customer("email", email).path("id").asString();
        String key = UUID.randomUUID().toString();
        Map<String, Object> order = Map.of(
                "customerId",
                customerId,
                "channel",
                "store",
                "fulfilment",
                Commerce.fulfilment("in_store", store),
                "lines",
                List.of(Commerce.line(sku, 1)));
        Api.Answer placed = commerce.order(key, order);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.raw().body()).contains(customerId);

        Api.Answer erased = api.delete("/api/v1/customers/" + customerId + "?confirm=" + customerId, ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isIn(200, 204);

        Api.Answer replay = commerce.order(key, order);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.raw().body())
                .contains("erased")
                .doesNotContain(customerId)
                .doesNotContain("Erin");
        assertThat(commerce.level(sku, store).path("onHand").asInt()).isEqualTo(4);
    }

    private int lookup(String type, String value) {
        return api.get(
                        "/api/v1/customers/lookup?type=" + type + "&value="
                                + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8),
                        ADMIN_TOKEN)
                .status();
    }

    private void erase(String customerId) {
        // wait until the message is threaded, so its raw request is linked to the person being erased
        channels.awaitThread(customerId, t -> t.size() == 1);
        Api.Answer erased = api.delete("/api/v1/customers/" + customerId + "?confirm=" + customerId, ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isIn(200, 204);
    }
}
