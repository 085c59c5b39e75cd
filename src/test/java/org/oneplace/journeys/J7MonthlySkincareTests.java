package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J7 — the monthly skincare buyer. A customer bought the same cleanser at the till about every 30 days. Oneplace
 * learns the rhythm from the orders (in-store ones included), and a few days before the next expected purchase sends
 * one reminder on the customer's preferred channel with a promotion; the promoted price in the reminder is the price
 * the website, the app and the till then charge.
 */
class J7MonthlySkincareTests extends OneplaceIntegrationTest {

    private String journey;

    @AfterEach
    void pause() {
        if (journey != null) {
            api.post("/api/v1/journeys/" + journey + "/pause", ADMIN_TOKEN, Map.of());
        }
    }

    @Test
    void aReminderBeforeTheNextPurchaseWithThePriceEveryChannelCharges() throws Exception {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String store = shop.location("J7 Store " + UUID.randomUUID().toString().substring(0, 4), 48.1, 11.5, true);
        String cleanser = shop.sku("Gentle cleanser", 1800);
        shop.stock(cleanser, store, 50);
        Answer saved = api.put(
                "/api/v1/marketing/settings",
                ADMIN_TOKEN,
                Map.of(
                        "frequencyCap",
                        Map.of("count", 3, "period", "P7D"),
                        "quietHours",
                        Map.of("from", "21:00", "to", "08:00"),
                        "defaultTimeZone",
                        "UTC",
                        "attributionWindow",
                        "P5D"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

        String email = "noor-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        // three purchases at the till, 29 and 30 days apart: the next is expected about now
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String customer = regular("Noor Regular", email, shop, store, cleanser, now);
        JsonNode rhythm = api.get("/api/v1/customers/" + customer + "/replenishment", ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(rhythm).hasSize(1);
        assertThat(rhythm.get(0).path("sku").asString()).isEqualTo(cleanser);
        assertThat(rhythm.get(0).path("purchases").asInt()).isEqualTo(3);
        Instant expected = Instant.parse(rhythm.get(0).path("nextExpectedAt").asString());
        // the median of 29 and 30 days after the last purchase
        assertThat(expected).isEqualTo(now.minus(Duration.ofDays(31)).plus(Duration.ofHours(29 * 24 + 12)));

        // the marketer runs 20 % off the cleanser and a reminder three days ahead, SMS first unless preferred
        Answer promotion = api.post(
                "/api/v1/promotions",
                ADMIN_TOKEN,
                Map.of("name", "Cleanser month", "type", "percentage", "percentOff", 20, "skus", List.of(cleanser)));
        assertThat(promotion.status()).as(promotion.toString()).isEqualTo(201);
        Answer template = api.post(
                "/api/v1/templates",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Replenish",
                        "channel", "email",
                        "locale", "de-DE",
                        "subject", "Time for a new {{replenishment.name}}",
                        "body",
                                "<p>{{replenishment.name}}: {{replenishment.price}} instead of"
                                        + " {{replenishment.regularPrice}} ({{replenishment.promotion}})</p>"));
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        Answer created = api.post(
                "/api/v1/journeys",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Replenishment " + UUID.randomUUID().toString().substring(0, 4),
                        "entry", Map.of("type", "replenishment_due", "daysBefore", 3),
                        "steps",
                                List.of(Map.of(
                                        "id",
                                        "remind",
                                        "type",
                                        "send",
                                        "templateId",
                                        template.json().path("id").asString(),
                                        "channels",
                                        List.of("sms", "email")))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        journey = created.json().path("id").asString();
        assertThat(api.post("/api/v1/journeys/" + journey + "/activate", ADMIN_TOKEN, Map.of())
                        .status())
                .isEqualTo(200);

        MimeMessage reminder = await().atMost(Duration.ofSeconds(20))
                .until(() -> mailsTo(email), m -> !m.isEmpty())
                .getFirst();
        assertThat(reminder.getSubject()).isEqualTo("Time for a new Gentle cleanser");
        assertThat(html(reminder)).contains("14,40&nbsp;€ instead of 18,00&nbsp;€ (Cleanser month)");
        JsonNode sent = api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("channel").asString()).isEqualTo("email");

        // the same expected purchase is reminded once: another regular's reminder comes from a later scan, and
        // Noor still has one
        String witness = "sam-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        regular("Sam Witness", witness, shop, store, cleanser, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        awaitMail(witness);
        assertThat(mailsTo(email)).hasSize(1);

        // the price in the reminder is what the website quotes, the app charges and the till rings up
        JsonNode quote = api.post(
                        "/api/v1/prices/quote", ADMIN_TOKEN, Map.of("lines", List.of(Commerce.line(cleanser, 1))))
                .json();
        assertThat(quote.path("total").path("amount").asLong()).isEqualTo(1440);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("customerId", customer);
        app.put("channel", "app");
        app.put("fulfilment", Commerce.fulfilment("ship", null));
        app.put("lines", List.of(Commerce.line(cleanser, 1)));
        Answer appOrder = shop.order(UUID.randomUUID().toString(), app);
        assertThat(appOrder.status()).as(appOrder.toString()).isEqualTo(201);
        assertThat(appOrder.json().path("total").path("amount").asLong()).isEqualTo(1440);
        Answer tillOrder = till(shop, customer, store, cleanser, null);
        assertThat(tillOrder.status()).as(tillOrder.toString()).isEqualTo(201);
        assertThat(tillOrder.json().path("total").path("amount").asLong()).isEqualTo(1440);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN)
                                        .json()
                                        .path("items")
                                        .get(0)
                                        .path("attributedOrderId")
                                        .asString())
                                .isEqualTo(appOrder.json().path("id").asString()));
    }

    /** A customer who bought the cleanser at the till 90, 61 and 31 days before {@code now}, open to marketing. */
    private String regular(String name, String email, Commerce shop, String store, String cleanser, Instant now) {
        String device = "app-" + UUID.randomUUID();
        int hour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("name", name);
        traits.put("email", email);
        traits.put(
                "timezone",
                ZoneOffset.ofHours(Math.floorMod(12 - hour + 12, 24) - 12).getId());
        traits.put("preferredChannel", "email");
        assertThat(api.segment(
                                "/v1/identify",
                                WRITE_KEY,
                                Map.of("anonymousId", device, "userId", "u-" + device, "traits", traits))
                        .status())
                .isEqualTo(200);
        String customer = customerId("anonymous_id", device);
        for (String channel : List.of("email", "sms")) {
            Answer consent = api.put(
                    "/api/v1/customers/" + customer + "/consents",
                    ADMIN_TOKEN,
                    Map.of("channel", channel, "purpose", "marketing", "status", "granted", "source", "loyalty form"));
            assertThat(consent.status()).as(consent.toString()).isEqualTo(200);
        }
        for (int daysAgo : List.of(90, 61, 31)) {
            Answer sale = till(shop, customer, store, cleanser, now.minus(Duration.ofDays(daysAgo)));
            assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        }
        return customer;
    }

    private static Answer till(Commerce shop, String customer, String store, String sku, Instant placedAt) {
        Map<String, Object> sale = new LinkedHashMap<>();
        sale.put("customerId", customer);
        sale.put("channel", "store");
        sale.put("fulfilment", Commerce.fulfilment("in_store", store));
        sale.put("lines", List.of(Commerce.line(sku, 1)));
        sale.put("payment", Map.of("status", "paid"));
        if (placedAt != null) {
            sale.put("placedAt", placedAt.toString());
        }
        return shop.order(UUID.randomUUID().toString(), sale);
    }

    private static String html(MimeMessage mail) throws Exception {
        return find(mail.getContent());
    }

    private static String find(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType("text/html")) {
                    return String.valueOf(part.getContent());
                }
                String found = find(part.getContent());
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
