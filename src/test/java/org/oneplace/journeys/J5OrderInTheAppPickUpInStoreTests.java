package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J5 — Order in the app, pick up in store: both units reserved at S1 at once; S1's queue shows the order with the
 * customer's name; ready → the customer is told by e-mail (the channel they consented to) with a pickup code; the
 * counter finds the order by code and hands it over. And the no-show: nobody comes, the order is cancelled and the
 * stock released. Through the tracking API, the management API and a real SMTP server (GreenMail).
 */
class J5OrderInTheAppPickUpInStoreTests extends OneplaceIntegrationTest {

    private Commerce shop;
    private String associate;
    private String s1;
    private String cream;
    private String brush;

    @BeforeEach
    void store() {
        shop = new Commerce(api, ADMIN_TOKEN);
        associate = shop.staffToken(
                "ASSOCIATE", "customers:read", "catalog:read", "inventory:manage", "orders:read", "orders:write");
        s1 = shop.location("Pickup Store " + UUID.randomUUID().toString().substring(0, 4), 52.52, 13.40, true);
        cream = shop.sku("Day cream", 2400);
        brush = shop.sku("Brush", 1200);
        shop.stock(cream, s1, 2);
        shop.stock(brush, s1, 5);
    }

    @Test
    void theOrderWaitsAtTheCounterTheCustomerIsToldAndCollectsIt() throws Exception {
        String name = "Mia Pickup " + UUID.randomUUID().toString().substring(0, 4);
        String email = "mia-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String customer = appCustomer(name, email);
        Answer consent = api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", "email", "purpose", "transactional", "status", "granted", "source", "app signup"));
        assertThat(consent.status()).as(consent.toString()).isEqualTo(200);

        // 1. two creams in the app for pickup at S1: both reserved there at once — nobody else can buy them
        Answer placed = shop.order(UUID.randomUUID().toString(), pickup(customer, 2));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String order = placed.json().path("id").asString();
        assertThat(shop.level(cream, s1).path("available").asInt()).isZero();
        assertProblem(
                shop.order(UUID.randomUUID().toString(), pickup(appCustomer("Other", null), 1)),
                409,
                "has 0 available");

        // 2. S1's queue shows it with the customer's name; staff mark it ready; the customer gets the code by e-mail
        JsonNode queue = api.get("/api/v1/locations/" + s1 + "/pickups?status=waiting", associate)
                .json();
        assertThat(queue).anySatisfy(p -> {
            assertThat(p.path("orderId").asString()).isEqualTo(order);
            assertThat(p.path("customerName").asString()).isEqualTo(name);
        });
        Answer ready = api.post("/api/v1/orders/" + order + "/pickup/ready", associate, Map.of());
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        String code = ready.json().path("code").asString();
        assertThat(code).matches("\\d{6}");
        MimeMessage notice = awaitMail(email);
        String text = String.valueOf(notice.getContent());
        assertThat(notice.getSubject()).contains("ready for pickup");
        Matcher shown = Pattern.compile("pickup code: (\\d{6})").matcher(text);
        assertThat(shown.find()).isTrue();
        assertThat(shown.group(1)).isEqualTo(code);
        assertThat(awaitNotice(order)).isEqualTo("sent by email");

        // 3. at the counter: found by the code, handed over with it (a wrong code is refused)
        JsonNode found = api.get("/api/v1/locations/" + s1 + "/pickups?q=" + code, associate)
                .json();
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("orderId").asString()).isEqualTo(order);
        JsonNode byName = api.get("/api/v1/locations/" + s1 + "/pickups?q=" + name.split(" ")[2], associate)
                .json();
        assertThat(byName).hasSize(1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertProblem(
                api.post("/api/v1/orders/" + order + "/pickup/handover", associate, Map.of("code", wrong)),
                403,
                "does not match");
        Answer handed = api.post("/api/v1/orders/" + order + "/pickup/handover", associate, Map.of("code", code));
        assertThat(handed.status()).as(handed.toString()).isEqualTo(200);
        assertThat(handed.json().path("status").asString()).isEqualTo("collected");
        JsonNode level = shop.level(cream, s1);
        assertThat(level.path("onHand").asInt()).isZero();
        assertThat(level.path("reserved").asInt()).isZero();
    }

    @Test
    void nobodyComesSoTheOrderIsCancelledAndTheStockReleased() throws Exception {
        String customer = appCustomer("No Show", null);
        Answer placed = shop.order(UUID.randomUUID().toString(), pickup(customer, 2));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String order = placed.json().path("id").asString();
        assertThat(shop.level(cream, s1).path("available").asInt()).isZero();
        Answer ready = api.post(
                "/api/v1/orders/" + order + "/pickup/ready",
                associate,
                Map.of("pickupBy", Instant.now().plusSeconds(2).toString()));
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        // no consent to any channel: nobody is messaged, and the counter can see that
        assertThat(awaitNotice(order)).startsWith("not sent: the customer has not consented");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/api/v1/orders/" + order, associate)
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("cancelled"));
        assertThat(shop.level(cream, s1).path("available").asInt()).isEqualTo(2);
        assertProblem(
                api.post("/api/v1/orders/" + order + "/pickup/handover", associate, Map.of("identityChecked", true)),
                409,
                "not waiting at the counter");
    }

    private Map<String, Object> pickup(String customer, int creams) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("channel", "app");
        body.put("fulfilment", Commerce.fulfilment("pickup", s1));
        body.put("lines", List.of(Commerce.line(cream, creams), Commerce.line(brush, 1)));
        return body;
    }

    private String appCustomer(String name, String email) {
        String device = "app-" + UUID.randomUUID();
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("name", name);
        if (email != null) {
            traits.put("email", email);
        }
        Answer identify = api.segment(
                "/v1/identify", WRITE_KEY, Map.of("anonymousId", device, "userId", "u-" + device, "traits", traits));
        assertThat(identify.status()).isEqualTo(200);
        return customerId("anonymous_id", device);
    }

    private String awaitNotice(String order) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get("/api/v1/orders/" + order + "/pickup", associate)
                                .json()
                                .path("notice")
                                .asString(),
                        notice -> !notice.equals("being sent"));
    }
}
