package org.oneplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Connects channel accounts through the API and plays the providers: signs webhooks the way Meta, Twilio, Telegram
 * and a phone system do, and runs one WireMock stand-in for their send APIs. Every account gets names, secrets and
 * numbers of its own, so tests never share provider state.
 */
public final class Channels {

    /** The providers' send APIs, one server for all tests (paths carry each account's own ids). */
    public static final WireMockServer PROVIDERS = start();

    private final Api api;
    private final String token;

    public Channels(Api api, String token) {
        this.api = api;
        this.token = token;
    }

    private static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return server;
    }

    public static String providerUrl() {
        return "http://localhost:" + PROVIDERS.port();
    }

    /** A connected account: its id and the settings it was created with (secrets included, the test knows them). */
    public record Account(String id, String type, Map<String, String> settings) {
        public String setting(String key) {
            return settings.get(key);
        }

        public String webhook() {
            return "/webhooks/" + ("sms".equals(type) ? "twilio/sms" : "phone".equals(type) ? "voice" : type) + "/"
                    + id;
        }
    }

    public Account create(String type, Map<String, String> settings) {
        Api.Answer answer = api.post(
                "/api/v1/channels",
                token,
                Map.of(
                        "type",
                        type,
                        "name",
                        type + " " + UUID.randomUUID().toString().substring(0, 8),
                        "settings",
                        settings));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return new Account(answer.json().path("id").asString(), type, settings);
    }

    public Account whatsapp() {
        return create(
                "whatsapp",
                Map.of(
                        "phoneNumberId", digits(15),
                        "accessToken", "EAAG" + secret(),
                        "appSecret", secret(),
                        "verifyToken", secret(),
                        "apiBaseUrl", providerUrl() + "/v21.0"));
    }

    public Account page(String type) {
        return create(
                type,
                Map.of(
                        "pageId", digits(15),
                        "pageAccessToken", "EAAP" + secret(),
                        "appSecret", secret(),
                        "verifyToken", secret(),
                        "apiBaseUrl", providerUrl() + "/v21.0"));
    }

    public Account sms(int port) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(
                "accountSid",
                "AC" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 16));
        settings.put("authToken", secret());
        settings.put("fromNumber", "+1415555" + digits(4));
        settings.put("apiBaseUrl", providerUrl());
        Account account = create("sms", settings);
        // the public URL Twilio calls is the account's own webhook on this server
        Map<String, String> withUrl = new LinkedHashMap<>(settings);
        withUrl.put("webhookUrl", "http://localhost:" + port + account.webhook());
        Api.Answer answer = api.patch(
                "/api/v1/channels/" + account.id(),
                token,
                Map.of("settings", Map.of("webhookUrl", withUrl.get("webhookUrl"))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Account(account.id(), "sms", withUrl);
    }

    /** The account with its {@code webhookUrl} cleared: verified over the URL the server sees. */
    public Account withoutWebhookUrl(Account account) {
        Api.Answer answer =
                api.patch("/api/v1/channels/" + account.id(), token, Map.of("settings", Map.of("webhookUrl", "")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        Map<String, String> settings = new LinkedHashMap<>(account.settings());
        settings.remove("webhookUrl");
        return new Account(account.id(), account.type(), settings);
    }

    public Account telegram() {
        return create(
                "telegram",
                Map.of("botToken", digits(9) + ":AA" + secret(), "secretToken", secret(), "apiBaseUrl", providerUrl()));
    }

    public Account voice() {
        return create("phone", Map.of("token", secret()));
    }

    /** A web chat that pages on these origins may embed, verifying signed-in users with the identity secret. */
    public Account webchat(String allowedOrigins) {
        return create("webchat", Map.of("allowedOrigins", allowedOrigins, "identitySecret", secret()));
    }

    /** Starts a visitor's chat session as the widget does; answers the session token. */
    public String chatSession(Account webchat, Map<String, Object> visitor) {
        Api.Answer answer = api.send(
                "POST",
                "/widget/" + webchat.id() + "/sessions",
                Map.of("Content-Type", "application/json"),
                Api.JSON.writeValueAsString(visitor));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().path("token").asString();
    }

    public Api.Answer chat(String token, String text) {
        return api.send(
                "POST",
                "/widget/messages",
                Map.of("Content-Type", "application/json", "X-Widget-Session", token),
                Api.JSON.writeValueAsString(
                        Map.of("text", text, "clientId", UUID.randomUUID().toString())));
    }

    /** What the visitor's widget shows: their messages and the replies, oldest first. */
    public List<JsonNode> chatLines(String token) {
        Api.Answer answer = api.send("GET", "/widget/messages", Map.of("X-Widget-Session", token), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    public static String identityHash(String secret, String userId) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret, userId.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- playing the providers ----------------------------------------------------------------------------

    public static String metaSignature(String secret, String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** POSTs a Meta webhook signed with the account's app secret. */
    public Api.Answer meta(Account account, String body) {
        return meta(account.webhook(), body, metaSignature(account.setting("appSecret"), body));
    }

    public Api.Answer meta(String path, String body, @Nullable String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        return api.send("POST", path, headers, body);
    }

    /** A WhatsApp Cloud API webhook carrying one text message. */
    public static String whatsappText(Account account, String waId, String name, String wamid, String text, long at) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"%s"},
                "contacts":[{"profile":{"name":%s},"wa_id":"%s"}],
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":%s}}]}}]}]}
                """.formatted(
                        digits(15), account.setting("phoneNumberId"), quote(name), waId, waId, wamid, at, quote(text));
    }

    /** A WhatsApp status webhook for one of our messages. */
    public static String whatsappStatus(Account account, String wamid, String status, @Nullable String ours, long at) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"1"%s}]}}]}]}
                """.formatted(
                        account.setting("phoneNumberId"),
                        wamid,
                        status,
                        at,
                        ours == null ? "" : ",\"biz_opaque_callback_data\":\"" + ours + "\"");
    }

    /** A Messenger Platform webhook (Messenger: object page; Instagram: object instagram) with one message. */
    public static String pageText(Account account, String senderId, String mid, String text, long atMillis) {
        return """
                {"object":"%s","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"%s"},"recipient":{"id":"%s"},
                "timestamp":%d,"message":{"mid":"%s","text":%s}}]}]}
                """.formatted(
                        "messenger".equals(account.type()) ? "page" : "instagram",
                        account.setting("pageId"),
                        atMillis,
                        senderId,
                        account.setting("pageId"),
                        atMillis,
                        mid,
                        quote(text));
    }

    /** POSTs a form to a Twilio webhook path signed over {@code url} with the auth token. */
    public Api.Answer twilio(String path, String url, String authToken, Map<String, String> params) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("X-Twilio-Signature", twilioSignature(authToken, url, params));
        return api.send("POST", path, headers, form(params));
    }

    public static String twilioSignature(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        return Base64.getEncoder()
                .encodeToString(hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    public Api.Answer telegram(Account account, @Nullable String secret, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (secret != null) {
            headers.put("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return api.send("POST", "/webhooks/telegram/" + account.id(), headers, body);
    }

    /** A call starting ({@code newCall}) between the customer's number and the business's. */
    public Api.Answer newCall(Account voice, String from, String to, String direction) {
        return call(
                voice,
                Map.of(
                        "event", "newCall",
                        "callId", "call-" + UUID.randomUUID(),
                        "from", from,
                        "to", to,
                        "direction", direction));
    }

    public Api.Answer call(Account account, Map<String, Object> event) {
        return api.send(
                "POST",
                "/webhooks/voice",
                Map.of("Content-Type", "application/json", "X-Oneplace-Channel-Token", account.setting("token")),
                Api.JSON.writeValueAsString(event));
    }

    public Account email(String address) {
        return create(
                "email",
                Map.of(
                        "address",
                        address,
                        "smtpHost",
                        "localhost",
                        "smtpPort",
                        String.valueOf(OneplaceIntegrationTest.MAIL.getSmtp().getPort())));
    }

    /**
     * Sends a mail as a customer's mail server would, to Oneplace's SMTP listener; answers its Message-ID. Extra
     * headers (In-Reply-To, Auto-Submitted …) go as given; a null Message-ID sends none.
     */
    public static String mail(
            String from,
            String to,
            String subject,
            String text,
            @Nullable String messageId,
            Map<String, String> headers)
            throws jakarta.mail.MessagingException {
        java.util.Properties props = new java.util.Properties();
        props.put("mail.smtp.host", "localhost");
        props.put("mail.smtp.port", String.valueOf(OneplaceIntegrationTest.SMTP_LISTENER_PORT));
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(props);
        jakarta.mail.internet.MimeMessage mail = new jakarta.mail.internet.MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                if (messageId == null) {
                    removeHeader("Message-ID");
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        mail.setFrom(new jakarta.mail.internet.InternetAddress(from));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        mail.setSubject(subject, "UTF-8");
        mail.setText(text, "UTF-8");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            mail.setHeader(h.getKey(), h.getValue());
        }
        jakarta.mail.Transport.send(mail);
        return messageId;
    }

    // ---- reading back through the API ---------------------------------------------------------------------

    /** The customer's conversations, most recent first. */
    public List<JsonNode> conversationsOf(String customerId) {
        Api.Answer answer = api.get("/api/v1/conversations?customerId=" + customerId, token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    public List<JsonNode> messages(String conversationId) {
        Api.Answer answer = api.get("/api/v1/conversations/" + conversationId + "/messages?limit=500", token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    /** Waits until the customer holding the identifier exists, and answers their id. */
    public String awaitCustomer(String type, String value) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Answer answer = api.get(
                    "/api/v1/customers/lookup?type=" + type + "&value="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8),
                    token);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            id[0] = answer.json().path("id").asString();
        });
        return id[0];
    }

    /** Waits until the customer's open conversation has messages matching the condition; answers the thread. */
    public List<JsonNode> awaitThread(String customerId, Predicate<List<JsonNode>> condition) {
        List<List<JsonNode>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> conversations = conversationsOf(customerId);
            assertThat(conversations).isNotEmpty();
            List<JsonNode> thread = messages(conversations.getFirst().path("id").asString());
            assertThat(condition).accepts(thread);
            seen.add(thread);
        });
        return seen.getLast();
    }

    /**
     * Asserts that the customer's latest conversation has exactly {@code size} messages and still has them a second
     * later: a redelivery or a retry made nothing more.
     */
    public void assertThreadStays(String customerId, int size) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(messages(conversationsOf(customerId)
                                .getFirst()
                                .path("id")
                                .asString()))
                        .hasSize(size));
    }

    /** Waits until a message reaches a status; answers it. */
    public JsonNode awaitStatus(String conversationId, String messageId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode message = messages(conversationId).stream()
                    .filter(m -> m.path("id").asString().equals(messageId))
                    .findFirst()
                    .orElseThrow();
            assertThat(message.path("status").asString()).as(message.toString()).isEqualTo(status);
            found[0] = message;
        });
        return found[0];
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A WhatsApp text from a customer, sent now, as Meta's webhook delivers it. */
    public Api.Answer whatsappNow(Account whatsapp, String waId, String name, String text) {
        return meta(
                whatsapp,
                whatsappText(
                        whatsapp,
                        waId,
                        name,
                        "wamid." + UUID.randomUUID(),
                        text,
                        Instant.now().getEpochSecond()));
    }

    /** A customer's first WhatsApp message, sent now; answers the customer once it is threaded. */
    public String customerWrites(Account whatsapp, String waId, String name, String text) {
        whatsappNow(whatsapp, waId, name, text);
        String customer = awaitCustomer("whatsapp", waId);
        awaitThread(customer, t -> t.size() == 1);
        return customer;
    }

    /** Lowercase hex SHA-256 of a value, as session tokens are stored. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static String digits(int n) {
        StringBuilder digits = new StringBuilder();
        java.util.Random random = new java.util.Random();
        digits.append(1 + random.nextInt(9));
        while (digits.length() < n) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** A mobile number in the German range +49 151 …, valid for libphonenumber. */
    public static String mobile() {
        return "+49151" + digits(8);
    }

    public static String quote(String text) {
        return Api.JSON.writeValueAsString(text);
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
