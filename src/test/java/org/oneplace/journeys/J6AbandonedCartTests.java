package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J6 — the abandoned cart that follows up elsewhere. A customer fills a cart on the website and leaves; they agreed to
 * marketing e-mail, not SMS. After the journey's wait one e-mail goes out (SMS is first in the journey's order, and
 * skipped for want of consent), with the cart's lines at today's price and tracked links; unless they bought in the
 * meantime (nothing), or the item sold out (nothing, and the reason recorded). An order after the click is attributed
 * to the e-mail. Through the tracking API, the cart and order API, the marketing API and a real SMTP server
 * (GreenMail).
 */
class J6AbandonedCartTests extends OneplaceIntegrationTest {

    private final List<String> journeys = new ArrayList<>();
    private Commerce shop;
    private String store;
    private String serum;
    private String template;

    @BeforeEach
    void shop() {
        shop = new Commerce(api, ADMIN_TOKEN);
        store = shop.location("J6 Store " + UUID.randomUUID().toString().substring(0, 4), 48.85, 2.35, true);
        serum = shop.sku("Night serum", 3450);
        shop.stock(serum, store, 20);
        settings(3, "P7D");
        Answer created = api.post(
                "/api/v1/templates",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Cart reminder",
                        "channel", "email",
                        "locale", "en-IE",
                        "subject", "{{customer.firstName}}, your cart is waiting",
                        "body", """
                                <p>Hello {{customer.firstName}},</p>
                                <ul>{{#cart.lines}}<li>{{name}} × {{quantity}} at {{price}}</li>{{/cart.lines}}</ul>
                                <p>Total {{cart.total}}. <a href="https://shop.example/cart?from=mail">Back to your cart</a></p>
                                """));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        template = created.json().path("id").asString();
    }

    @AfterEach
    void pauseJourneys() {
        // journeys stay live in the shared application otherwise, and would write to other tests' customers
        journeys.forEach(id -> api.post("/api/v1/journeys/" + id + "/pause", ADMIN_TOKEN, Map.of()));
        settings(3, "P7D");
    }

    @Test
    void oneEmailNotBySmsThenTheOrderIsAttributedToIt() throws Exception {
        String journey = cartJourney(Map.of());
        String email = unique("ada") + "@example.com";
        String customer = webCustomer("Ada Lovelace", email, middayZone());
        consent(customer, "email", "granted");
        consent(customer, "sms", "denied");

        addToCart(customer, serum, 2);
        MimeMessage mail = awaitMail(email);
        assertThat(mail.getSubject()).isEqualTo("Ada, your cart is waiting");
        String html = part(mail, "text/html");
        String text = part(mail, "text/plain");
        assertThat(html).contains("Night serum × 2 at €34.50").contains("Total €69.00");
        assertThat(text).contains("Night serum × 2 at €34.50");
        assertThat(mail.getHeader("List-Unsubscribe")[0]).startsWith("<https://oneplace.test/u/");
        assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        Matcher link =
                Pattern.compile("https://oneplace\\.test/r/([A-Za-z0-9_-]+)").matcher(html);
        assertThat(link.find()).as(html).isTrue();
        assertThat(html).doesNotContain("https://shop.example/cart");

        JsonNode sent = onlyMessage(customer);
        assertThat(sent.path("status").asString()).isEqualTo("sent");
        assertThat(sent.path("channel").asString()).isEqualTo("email");
        // and only one: the outcome is recorded in the step that ends the run, so nothing can follow it
        assertThat(mailsTo(email)).hasSize(1);

        // the click is recorded and goes only where the e-mail pointed
        HttpResponse<String> click = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/r/" + link.group(1)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isEqualTo(302);
        assertThat(click.headers().firstValue("Location")).hasValue("https://shop.example/cart?from=mail");
        assertThat(onlyMessage(customer).path("status").asString()).isEqualTo("clicked");

        // an order within the attribution window is credited to the e-mail
        Answer order = shop.order(
                UUID.randomUUID().toString(),
                Map.of("customerId", customer, "channel", "web", "fulfilment", Commerce.fulfilment("ship", null)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String orderId = order.json().path("id").asString();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                onlyMessage(customer).path("attributedOrderId").asString())
                        .isEqualTo(orderId));
        JsonNode step = report(journey).get(0);
        assertThat(step.path("stepId").asString()).isEqualTo("remind");
        assertThat(step.path("entered").asLong()).isEqualTo(1);
        assertThat(step.path("sent").asLong()).isEqualTo(1);
        assertThat(step.path("clicked").asLong()).isEqualTo(1);
        assertThat(step.path("converted").asLong()).isEqualTo(1);
        assertThat(step.path("revenue").asLong()).isEqualTo(6900);
        // and the manager's analytics count it on the e-mail channel
        Instant decided = Instant.parse(onlyMessage(customer).path("at").asString());
        JsonNode onEmail = api.get(
                        "/api/v1/analytics/marketing?from=" + decided + "&to=" + decided.plusMillis(1), ADMIN_TOKEN)
                .json()
                .path("items")
                .get(0);
        assertThat(onEmail.path("channel").asString()).isEqualTo("email");
        assertThat(List.of(
                        onEmail.path("sent").asLong(),
                        onEmail.path("clicked").asLong(),
                        onEmail.path("converted").asLong(),
                        onEmail.path("revenue").path("amount").asLong()))
                .containsExactly(1L, 1L, 1L, 6900L);

        // the customer's timeline tells the story too
        JsonNode timeline = api.get("/api/v1/customers/" + customer + "/timeline?kind=marketing", ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(timeline.toString()).contains("marketing_clicked");

        // one click from the mail client unsubscribes: the consent ledger says so
        String unsubscribe = mail.getHeader("List-Unsubscribe")[0]
                .replaceAll("[<>]", "")
                .replace("https://oneplace.test", "http://localhost:" + port);
        HttpResponse<String> unsubscribed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(unsubscribe))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unsubscribed.statusCode()).isEqualTo(200);
        JsonNode consents = api.get("/api/v1/customers/" + customer + "/consents", ADMIN_TOKEN)
                .json();
        assertThat(consents.toString()).contains("revoked");
    }

    @Test
    void boughtInTheMeantimeSoNothingIsSent() throws Exception {
        cartJourney(Map.of());
        String email = unique("bea") + "@example.com";
        String customer = webCustomer("Bea Buyer", email, middayZone());
        consent(customer, "email", "granted");
        addToCart(customer, serum, 1);
        Answer order = shop.order(
                UUID.randomUUID().toString(),
                Map.of(
                        "customerId",
                        customer,
                        "channel",
                        "store",
                        "fulfilment",
                        Commerce.fulfilment("in_store", store)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        // a second customer leaves a cart after the order: once their reminder is out, Bea's would have been too
        String witnessEmail = unique("wit") + "@example.com";
        String witness = webCustomer("Wit Ness", witnessEmail, middayZone());
        consent(witness, "email", "granted");
        addToCart(witness, serum, 1);
        awaitMail(witnessEmail);
        assertThat(mailsTo(email)).isEmpty();
        assertThat(messages(customer)).isEmpty();
    }

    @Test
    void theItemSoldOutSoThereIsNoComeBackForIt() throws Exception {
        String journey = cartJourney(Map.of());
        String rare = shop.sku("Limited palette", 5900);
        shop.stock(rare, store, 1);
        String email = unique("cy") + "@example.com";
        String customer = webCustomer("Cy Late", email, middayZone());
        consent(customer, "email", "granted");
        addToCart(customer, rare, 1);
        shop.stock(rare, store, 0);
        JsonNode skipped = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> !m.isEmpty())
                .get(0);
        assertThat(skipped.path("status").asString()).isEqualTo("skipped");
        assertThat(skipped.path("reason").asString()).isEqualTo("nothing_to_offer");
        assertThat(mailsTo(email)).isEmpty();
        assertThat(report(journey)
                        .get(0)
                        .path("skipped")
                        .path("nothing_to_offer")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aSecondSendTheSameDayIsCappedAndTheReasonKept() throws Exception {
        settings(1, "P1D");
        cartJourney(Map.of());
        String email = unique("di") + "@example.com";
        String customer = webCustomer("Di Twice", email, middayZone());
        consent(customer, "email", "granted");
        addToCart(customer, serum, 1);
        awaitMail(email);
        // the first run ended once its outcome is recorded; a new cart change starts a second run, which the cap stops
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages(customer).stream()
                        .anyMatch(m -> m.path("status").asString().equals("sent")));
        addToCart(customer, serum, 1);
        JsonNode capped = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> m.size() == 2)
                .get(0);
        assertThat(capped.path("status").asString()).isEqualTo("skipped");
        assertThat(capped.path("reason").asString()).isEqualTo("frequency_cap");
        assertThat(mailsTo(email)).hasSize(1);
    }

    @Test
    void aSendDueAtTwoInTheMorningWaitsForTheEndOfQuietHours() throws Exception {
        cartJourney(Map.of());
        String email = unique("eve") + "@example.com";
        // a zone where it is 02:xx now
        ZoneOffset night = ZoneOffset.ofHours(Math.floorMod(2 - nowUtcHour() + 12, 24) - 12);
        String customer = webCustomer("Eve Night", email, night.getId());
        consent(customer, "email", "granted");
        addToCart(customer, serum, 1);
        JsonNode deferred = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> !m.isEmpty())
                .get(0);
        assertThat(deferred.path("status").asString()).isEqualTo("deferred");
        Instant due = Instant.parse(deferred.path("dueAt").asString());
        assertThat(due.atOffset(night).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
        assertThat(due.atOffset(night).toLocalDate())
                .as("the same night's morning")
                .isEqualTo(Instant.now().atOffset(night).toLocalDate());
        assertThat(mailsTo(email)).isEmpty();
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        Map<String, Object> zeroWait =
                journeyBody(Map.of(), List.of(Map.of("id", "w", "type", "wait", "duration", "PT0S"), send("remind")));
        Answer zero = api.post("/api/v1/journeys", ADMIN_TOKEN, zeroWait);
        assertThat(zero.status()).as(zero.toString()).isEqualTo(400);
        assertThat(zero.json().path("field").asString()).isEqualTo("steps[0].duration");

        Map<String, Object> loop = journeyBody(
                Map.of(),
                List.of(
                        Map.of(
                                "id",
                                "a",
                                "type",
                                "condition",
                                "rule",
                                Map.of("trait", "vip"),
                                "then",
                                "b",
                                "else",
                                "c"),
                        send("b"),
                        Map.of(
                                "id",
                                "c",
                                "type",
                                "condition",
                                "rule",
                                Map.of("trait", "vip"),
                                "then",
                                "a",
                                "else",
                                "b")));
        Answer looped = api.post("/api/v1/journeys", ADMIN_TOKEN, loop);
        assertThat(looped.status()).as(looped.toString()).isEqualTo(400);
        assertThat(looped.detail()).contains("loop");

        Map<String, Object> unreachable =
                journeyBody(Map.of(), List.of(send("remind"), Map.of("id", "done", "type", "exit"), send("never")));
        Answer orphan = api.post("/api/v1/journeys", ADMIN_TOKEN, unreachable);
        assertThat(orphan.status()).as(orphan.toString()).isEqualTo(400);
        assertThat(orphan.json().path("field").asString()).isEqualTo("steps[2]");

        Answer unknownVariable = api.post(
                "/api/v1/templates",
                ADMIN_TOKEN,
                Map.of("name", "Bad", "channel", "sms", "body", "Hi {{customer.firstName}}\nYour {{basket.total}}"));
        assertThat(unknownVariable.status()).as(unknownVariable.toString()).isEqualTo(422);
        assertThat(unknownVariable.detail()).contains("Line 2").contains("basket.total");

        Answer partial = api.post(
                "/api/v1/templates", ADMIN_TOKEN, Map.of("name", "Bad", "channel", "sms", "body", "{{> /etc/passwd}}"));
        assertThat(partial.status()).as(partial.toString()).isEqualTo(422);

        Answer segment = api.post(
                "/api/v1/segments",
                ADMIN_TOKEN,
                Map.of("name", "Bad", "rules", Map.of("all", List.of(Map.of("event", "x", "atLeast", -1)))));
        assertThat(segment.status()).as(segment.toString()).isEqualTo(400);
        assertThat(segment.json().path("field").asString()).isEqualTo("rules.all[0].atLeast");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String cartJourney(Map<String, Object> extra) {
        Answer created = api.post("/api/v1/journeys", ADMIN_TOKEN, journeyBody(extra, List.of(send("remind"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("status").asString()).isEqualTo("draft");
        String id = created.json().path("id").asString();
        journeys.add(id);
        Answer live = api.post("/api/v1/journeys/" + id + "/activate", ADMIN_TOKEN, Map.of());
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        return id;
    }

    private Map<String, Object> journeyBody(Map<String, Object> extra, List<Map<String, Object>> steps) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Abandoned cart " + UUID.randomUUID().toString().substring(0, 4));
        body.put("entry", Map.of("type", "cart_abandoned", "after", "PT1S"));
        body.put("steps", steps);
        body.put("exitOn", List.of("order_placed"));
        body.putAll(extra);
        return body;
    }

    private Map<String, Object> send(String id) {
        return Map.of("id", id, "type", "send", "templateId", template, "channels", List.of("sms", "email"));
    }

    private void settings(int cap, String period) {
        Answer saved = api.put(
                "/api/v1/marketing/settings",
                ADMIN_TOKEN,
                Map.of(
                        "frequencyCap", Map.of("count", cap, "period", period),
                        "quietHours", Map.of("from", "21:00", "to", "08:00"),
                        "defaultTimeZone", "UTC",
                        "attributionWindow", "P5D",
                        "agentReplyWindow", "PT24H"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static int nowUtcHour() {
        return Instant.now().atOffset(ZoneOffset.UTC).getHour();
    }

    /** A zone where it is midday now, so quiet hours never get in the way of the test's timing. */
    private static String middayZone() {
        return ZoneOffset.ofHours(Math.floorMod(12 - nowUtcHour() + 12, 24) - 12)
                .getId();
    }

    private String webCustomer(String name, String email, String zone) {
        String device = "web-" + UUID.randomUUID();
        Answer identify = api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        device,
                        "userId",
                        "u-" + device,
                        "traits",
                        Map.of(
                                "name",
                                name,
                                "email",
                                email,
                                "phone",
                                "+4915112345" + (int) (Math.random() * 900 + 100),
                                "timezone",
                                zone)));
        assertThat(identify.status()).isEqualTo(200);
        return customerId("anonymous_id", device);
    }

    private void consent(String customer, String channel, String status) {
        Answer consent = api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", channel, "purpose", "marketing", "status", status, "source", "checkout form"));
        assertThat(consent.status()).as(consent.toString()).isEqualTo(200);
    }

    private void addToCart(String customer, String sku, int quantity) {
        Answer added = api.post(
                "/api/v1/customers/" + customer + "/cart/lines",
                ADMIN_TOKEN,
                Map.of("sku", sku, "quantity", quantity, "channel", "web"));
        assertThat(added.status()).as(added.toString()).isIn(200, 201);
    }

    private List<JsonNode> messages(String customer) {
        Answer answer = api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    private JsonNode onlyMessage(String customer) {
        List<JsonNode> messages = messages(customer);
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private JsonNode report(String journey) {
        Answer answer = api.get("/api/v1/journeys/" + journey + "/report", ADMIN_TOKEN);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("items");
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        return find(mail.getContent(), type);
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return String.valueOf(part.getContent());
                }
                String found = find(part.getContent(), type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
