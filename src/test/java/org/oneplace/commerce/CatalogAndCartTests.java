package org.oneplace.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** Catalog, the one pricing engine, availability near a position, and the cart that follows the customer. */
class CatalogAndCartTests extends OneplaceIntegrationTest {

    private Commerce commerce;

    @BeforeEach
    void commerce() {
        commerce = new Commerce(api, ADMIN_TOKEN);
    }

    @Test
    void aPromotionGivesTheSamePriceToEveryChannelThatAsks() {
        String sku = commerce.sku("Cleanser", 1999);
        String code = "SKIN" + UUID.randomUUID().toString().substring(0, 6);
        Api.Answer promotion = api.post(
                "/api/v1/promotions",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Skincare 15%",
                        "type",
                        "percentage",
                        "percentOff",
                        15,
                        "skus",
                        List.of(sku),
                        "code",
                        code));
        assertThat(promotion.status()).as(promotion.toString()).isEqualTo(201);

        Map<String, Object> request = Map.of("lines", List.of(Commerce.line(sku, 3)), "codes", List.of(code));
        JsonNode web = api.post("/api/v1/prices/quote", ADMIN_TOKEN, request).json();
        JsonNode till = api.post("/api/v1/prices/quote", ADMIN_TOKEN, request).json();
        // 3 × 19.99 = 59.97; 15 % = 8.9955 → 9.00 (half even in cents)
        assertThat(web.path("subtotal").path("amount").asLong()).isEqualTo(5997);
        assertThat(web.path("discount").path("amount").asLong()).isEqualTo(900);
        assertThat(web.path("total").path("amount").asLong()).isEqualTo(5097);
        assertThat(till.path("total")).isEqualTo(web.path("total"));
        assertThat(web.path("lines").get(0).path("promotion").asString()).isEqualTo("Skincare 15%");

        // without the code: the price book's price
        JsonNode plain = api.post("/api/v1/prices/quote", ADMIN_TOKEN, Map.of("lines", List.of(Commerce.line(sku, 3))))
                .json();
        assertThat(plain.path("total").path("amount").asLong()).isEqualTo(5997);
        assertProblem(
                api.post(
                        "/api/v1/prices/quote",
                        ADMIN_TOKEN,
                        Map.of("lines", List.of(Commerce.line(sku, 1)), "codes", List.of("NOPE-" + code))),
                400,
                "is unknown, ended or not valid yet");
    }

    @Test
    void automaticFixedPromotionsByCategoryRunOnlyInsideTheirWindow() {
        String category = "outdoor-" + UUID.randomUUID();
        String sku = Commerce.unique("TENT");
        Api.Answer product = api.post(
                "/api/v1/products",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Tent",
                        "category",
                        category,
                        "variants",
                        List.of(Map.of("sku", sku, "price", Map.of("amount", 900, "currency", "EUR")))));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        java.time.Instant now = java.time.Instant.now();
        // running now: 10.00 off each unit, but never below zero
        api.post(
                "/api/v1/promotions",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Ten off outdoor",
                        "type", "fixed",
                        "amountOff", Map.of("amount", 1000, "currency", "EUR"),
                        "categories", List.of(category),
                        "startsAt", now.minusSeconds(60).toString(),
                        "endsAt", now.plusSeconds(3600).toString()));
        // starts tomorrow: not yet
        api.post(
                "/api/v1/promotions",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Tomorrow 50%",
                        "type",
                        "percentage",
                        "percentOff",
                        50,
                        "categories",
                        List.of(category),
                        "startsAt",
                        now.plusSeconds(86_400).toString()));
        JsonNode quote = api.post("/api/v1/prices/quote", ADMIN_TOKEN, Map.of("lines", List.of(Commerce.line(sku, 2))))
                .json();
        assertThat(quote.path("discount").path("amount").asLong()).isEqualTo(1800);
        assertThat(quote.path("total").path("amount").asLong()).isZero();
        assertThat(quote.path("lines").get(0).path("promotion").asString()).isEqualTo("Ten off outdoor");
        assertProblem(
                api.post(
                        "/api/v1/promotions",
                        ADMIN_TOKEN,
                        Map.of(
                                "name",
                                "Broken",
                                "type",
                                "percentage",
                                "amountOff",
                                Map.of("amount", 1, "currency", "EUR"))),
                400,
                "needs 'percentOff'");
    }

    @Test
    void badQuantitiesAreRefusedWithOneClearReasonAndChangeNothing() {
        String sku = commerce.sku("Lamp", 4900);
        String store = commerce.location("Quantity store", 52.5, 13.4, true);
        commerce.stock(sku, store, 5);
        String customer = customerId("email", "qty-" + UUID.randomUUID() + "@example.com", true);
        for (String quantity : List.of("-1", "0", "1.5", "2147483648", "\"1e9\"", "1e9", "null", "10001")) {
            String body = "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
            Api.Answer cart = api.post("/api/v1/customers/" + customer + "/cart/lines", ADMIN_TOKEN, body);
            assertProblem(cart, 400, "must be a whole number between 1 and 10000");
            Api.Answer order = commerce.order(
                    UUID.randomUUID().toString(),
                    "{\"customerId\":\"" + customer + "\",\"channel\":\"web\",\"fulfilment\":{\"type\":\"pickup\","
                            + "\"locationCode\":\"" + store + "\"},\"lines\":[" + body + "]}");
            assertProblem(order, 400, "must be a whole number between 1 and 10000");
        }
        assertThat(api.get("/api/v1/customers/" + customer + "/cart", ADMIN_TOKEN)
                        .json()
                        .path("lines")
                        .size())
                .isZero();
        assertThat(commerce.level(sku, store).path("available").asInt()).isEqualTo(5);
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isZero();
    }

    @Test
    void moneyIsWholeMinorUnitsOfOneRealCurrency() {
        String sku = Commerce.unique("M");
        Map<String, Object> variant = new LinkedHashMap<>();
        variant.put("sku", sku);
        for (Object[] bad : new Object[][] {
            {Map.of("amount", -100, "currency", "EUR"), "negative"},
            {Map.of("amount", 100, "currency", "XXX"), "not a currency prices can be paid in"},
            {Map.of("amount", 100, "currency", "EURO"), "not an ISO 4217 currency code"},
            {Map.of("amount", 10.005, "currency", "EUR"), "amount"},
        }) {
            variant.put("price", bad[0]);
            Api.Answer answer = api.post(
                    "/api/v1/products", ADMIN_TOKEN, Map.of("name", "Bad money", "variants", List.of(variant)));
            assertProblem(answer, 400, (String) bad[1]);
        }
        // one cart, one currency
        String euro = commerce.sku("Euro thing", 1000);
        String dollar = Commerce.unique("USD");
        commerce.product("Dollar thing", 1000, "USD", Map.of(dollar, "one size"));
        String customer = customerId("email", "money-" + UUID.randomUUID() + "@example.com", true);
        assertThat(api.post("/api/v1/customers/" + customer + "/cart/lines", ADMIN_TOKEN, Commerce.line(euro, 1))
                        .status())
                .isEqualTo(200);
        assertProblem(
                api.post("/api/v1/customers/" + customer + "/cart/lines", ADMIN_TOKEN, Commerce.line(dollar, 1)),
                409,
                "different currencies");
    }

    @Test
    void availabilityNearAPositionListsTheNearestStoreFirst() {
        String sku = commerce.sku("Trail Jacket", 12900);
        // around Munich (48.137, 11.575): one store ~3 km away, one ~40 km, one ~300 km (outside the radius)
        String near = commerce.location("Near store", 48.164, 11.575, true);
        String far = commerce.location("Far store", 48.497, 11.575, true);
        String outside = commerce.location("Outside store", 50.84, 11.575, true);
        commerce.stock(sku, near, 2);
        commerce.stock(sku, far, 0);
        commerce.stock(sku, outside, 9);
        JsonNode items = api.get(
                        "/api/v1/inventory/availability?sku=" + sku + "&lat=48.137&lon=11.575&radiusKm=60", ADMIN_TOKEN)
                .json();
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).path("locationCode").asString()).isEqualTo(near);
        assertThat(items.get(0).path("available").asInt()).isEqualTo(2);
        assertThat(items.get(0).path("distanceKm").asDouble()).isBetween(2.5, 3.5);
        assertThat(items.get(1).path("locationCode").asString()).isEqualTo(far);
        assertThat(items.get(1).path("available").asInt()).isZero();
        assertThat(items.get(1).path("distanceKm").asDouble()).isBetween(35.0, 45.0);
        assertProblem(
                api.get("/api/v1/inventory/availability?sku=" + sku + "&lat=95&lon=11&radiusKm=5", ADMIN_TOKEN),
                400,
                "'lat' must be between -90 and 90");
    }

    @Test
    void theAnonymousCartJoinsTheSignedInCartWhenTheCustomersMerge() {
        String jacket = commerce.sku("Jacket", 12900);
        String socks = commerce.sku("Socks", 900);
        String hat = commerce.sku("Hat", 1900);
        String store = commerce.location("Cart store", 52.5, 13.4, true);
        commerce.stock(jacket, store, 10);
        commerce.stock(socks, store, 10);
        String userId = "cart-user-" + UUID.randomUUID();
        String device = "device-" + UUID.randomUUID();

        // signed in earlier on another device: 2 jackets and a hat
        String known = customerId("user_id", userId, true);
        addToCart(known, jacket, 2);
        addToCart(known, hat, 1);
        // anonymous on this device: 1 jacket and 3 socks
        assertThat(api.segment("/v1/page", WRITE_KEY, Map.of("anonymousId", device, "name", "Home"))
                        .status())
                .isEqualTo(200);
        String anonymous = customerId("anonymous_id", device);
        addToCart(anonymous, jacket, 1);
        addToCart(anonymous, socks, 3);

        // sign in on this device: one customer, one cart — same SKU the larger quantity, the rest joined
        assertThat(api.segment("/v1/identify", WRITE_KEY, Map.of("anonymousId", device, "userId", userId))
                        .status())
                .isEqualTo(200);
        JsonNode cart =
                api.get("/api/v1/customers/" + anonymous + "/cart", ADMIN_TOKEN).json();
        assertThat(cart.path("customerId").asString()).isEqualTo(known);
        Map<String, Integer> lines = new LinkedHashMap<>();
        cart.path("lines")
                .forEach(l ->
                        lines.put(l.path("sku").asString(), l.path("quantity").asInt()));
        assertThat(lines).containsExactlyInAnyOrderEntriesOf(Map.of(jacket, 2, socks, 3, hat, 1));
        // the hat has no stock anywhere: flagged, not removed
        List<String> outOfStock = new ArrayList<>();
        cart.path("lines").forEach(l -> {
            if (l.path("outOfStock").asBoolean()) {
                outOfStock.add(l.path("sku").asString());
            }
        });
        assertThat(outOfStock).containsExactly(hat);
        assertThat(cart.path("total").path("amount").asLong()).isEqualTo(2 * 12900 + 3 * 900 + 1900);

        // and the cart's history is on the timeline
        JsonNode timeline = api.get("/api/v1/customers/" + known + "/timeline?kind=cart", ADMIN_TOKEN)
                .json()
                .path("items");
        List<String> summaries = new ArrayList<>();
        timeline.forEach(i -> summaries.add(i.path("summary").asString()));
        assertThat(summaries).contains("Cart: added Socks (one size) ×3", "Cart: added Hat (one size) ×1");
    }

    private void addToCart(String customer, String sku, int quantity) {
        Api.Answer answer = api.post(
                "/api/v1/customers/" + customer + "/cart/lines",
                ADMIN_TOKEN,
                Map.of("sku", sku, "quantity", quantity, "channel", "web"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    /** A customer holding an identifier, created through the API if nobody holds it yet. */
    private String customerId(String type, String value, boolean create) {
        Api.Answer found = api.get("/api/v1/customers/lookup?type=" + type + "&value=" + value, ADMIN_TOKEN);
        if (found.status() == 200 || !create) {
            return found.json().path("id").asString();
        }
        String anonymous = "seed-" + UUID.randomUUID();
        Map<String, Object> identify = new LinkedHashMap<>();
        identify.put("anonymousId", anonymous);
        if (type.equals("user_id")) {
            identify.put("userId", value);
        } else {
            identify.put("traits", Map.of(type, value));
        }
        assertThat(api.segment("/v1/identify", WRITE_KEY, identify).status()).isEqualTo(200);
        return customerId(type, value);
    }
}
