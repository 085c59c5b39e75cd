package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J1 — The cart that waits (laptop → app → store → chat → return in another store), through the public interfaces:
 * the Segment-compatible tracking API for the laptop and the app, the management API for the shop's backend, the
 * store associate and the support agent (each with their own role's token). The chat itself (step 6) is at the API
 * level until the conversation module lands: the agent finds the customer by the identity the web chat carries.
 */
class J1CartThatWaitsTests extends OneplaceIntegrationTest {

    @Test
    void theCartWaitsOnEveryDeviceTheStoreSeesItAndAReturnWorksAnywhere() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String associate = shop.staffToken(
                "ASSOCIATE",
                "customers:read",
                "customers:write",
                "catalog:read",
                "inventory:manage",
                "orders:read",
                "orders:write");
        String agent = shop.staffToken(
                "AGENT", "customers:read", "customers:write", "catalog:read", "orders:read", "orders:write");
        String appKey = api.post(
                        "/api/v1/write-keys",
                        ADMIN_TOKEN,
                        Map.of("name", "mobile app " + UUID.randomUUID(), "source", "app"))
                .json()
                .path("key")
                .asString();
        String jacketM = Commerce.unique("TJ-M");
        String jacketL = Commerce.unique("TJ-L");
        shop.product("Trail Jacket", 12900, "EUR", Map.of(jacketM, "M", jacketL, "L"));
        // S1 about 3 km from where the customer stands, S2 about 40 km
        String s1 = shop.location("Trail Store Centre", 48.164, 11.575, true);
        String s2 = shop.location("Trail Store Airport", 48.497, 11.575, true);
        shop.stock(jacketM, s1, 4);
        shop.stock(jacketM, s2, 0);
        String laptop = "laptop-" + UUID.randomUUID();
        String phoneDevice = "app-" + UUID.randomUUID();
        String userId = "u1-" + UUID.randomUUID();
        String email = "jo" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";

        // 1. on the laptop, anonymous: views the jacket in M and adds it to the cart; then signs in
        ok(api.segment(
                "/v1/page",
                WRITE_KEY,
                Map.of("anonymousId", laptop, "name", "Trail Jacket", "properties", Map.of("path", "/p/trail"))));
        ok(api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "event",
                        "Product Viewed",
                        "properties",
                        Map.of("sku", jacketM, "name", "Trail Jacket", "variant", "M"))));
        String laptopCustomer = customerId("anonymous_id", laptop);
        Answer added = api.post(
                "/api/v1/customers/" + laptopCustomer + "/cart/lines",
                ADMIN_TOKEN,
                Map.of("sku", jacketM, "quantity", 1, "channel", "web"));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        ok(api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "userId",
                        userId,
                        "traits",
                        Map.of("email", email, "phone", "+1 415 555 0142", "name", "Jo Walker"))));

        // 2. later, the app on another device: anonymous first, then signed in as the same user — the cart is there
        ok(api.segment("/v1/screen", appKey, Map.of("anonymousId", phoneDevice, "name", "Home")));
        ok(api.segment("/v1/identify", appKey, Map.of("anonymousId", phoneDevice, "userId", userId)));
        String appCustomer = customerId("anonymous_id", phoneDevice);
        JsonNode appCart = api.get("/api/v1/customers/" + appCustomer + "/cart", ADMIN_TOKEN)
                .json();
        assertThat(appCart.path("lines")).hasSize(1);
        assertThat(appCart.path("lines").get(0).path("sku").asString()).isEqualTo(jacketM);
        assertThat(appCart.path("lines").get(0).path("options").path("size").asString())
                .isEqualTo("M");

        // 3. where is the jacket in M near me? S1 first, with its quantity; S2 has none
        JsonNode near = api.get(
                        "/api/v1/inventory/availability?sku=" + jacketM + "&lat=48.137&lon=11.575&radiusKm=60",
                        ADMIN_TOKEN)
                .json();
        assertThat(near.get(0).path("locationCode").asString()).isEqualTo(s1);
        assertThat(near.get(0).path("available").asInt()).isEqualTo(4);
        assertThat(near.get(1).path("locationCode").asString()).isEqualTo(s2);
        assertThat(near.get(1).path("available").asInt()).isZero();

        // 4. in S1 the associate looks the customer up by phone (or email): one person, the cart, what was viewed
        JsonNode byPhone = lookup("phone", "+1 (415) 555-0142", associate);
        JsonNode byEmail = lookup("email", email, associate);
        String customer = byPhone.path("id").asString();
        assertThat(byEmail.path("id").asString()).isEqualTo(customer);
        JsonNode storeCart =
                api.get("/api/v1/customers/" + customer + "/cart", associate).json();
        assertThat(storeCart.path("lines").get(0).path("name").asString()).isEqualTo("Trail Jacket");
        assertThat(storeCart.path("lines").get(0).path("options").path("size").asString())
                .isEqualTo("M");
        assertThat(summaries(customer, associate, ""))
                .contains(
                        "web Viewed product Trail Jacket (M)",
                        "web Viewed page Trail Jacket",
                        "app Viewed screen Home");

        // 5. bought at the till in S1: S1's stock drops by one and the jacket leaves the online cart
        Map<String, Object> till = new LinkedHashMap<>();
        till.put("customerId", customer);
        till.put("channel", "store");
        till.put("fulfilment", Commerce.fulfilment("in_store", s1));
        till.put("lines", List.of(Commerce.line(jacketM, 1)));
        till.put("payment", Map.of("status", "paid", "reference", "till-S1-0001"));
        Answer bought = new Commerce(api, associate).order(UUID.randomUUID().toString(), till);
        assertThat(bought.status()).as(bought.toString()).isEqualTo(201);
        assertThat(shop.level(jacketM, s1).path("onHand").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/customers/" + appCustomer + "/cart", ADMIN_TOKEN)
                        .json()
                        .path("lines"))
                .isEmpty();

        // 6. a week later, web chat on the laptop: the agent finds the customer by the laptop's identity and sees
        // the in-store purchase — store, date, item, size, price — without asking for an order number
        JsonNode chatCustomer = lookup("anonymous_id", laptop, agent);
        assertThat(chatCustomer.path("id").asString()).isEqualTo(customer);
        JsonNode orders = api.get("/api/v1/customers/" + customer + "/orders", agent)
                .json()
                .path("items");
        assertThat(orders).hasSize(1);
        JsonNode purchase = orders.get(0);
        assertThat(purchase.path("fulfilment").asString()).isEqualTo("in_store");
        assertThat(purchase.path("locationCode").asString()).isEqualTo(s1);
        assertThat(purchase.path("createdAt").asString()).isNotBlank();
        JsonNode line = purchase.path("lines").get(0);
        assertThat(line.path("name").asString()).isEqualTo("Trail Jacket");
        assertThat(line.path("options").path("size").asString()).isEqualTo("M");
        assertThat(line.path("total").path("amount").asLong()).isEqualTo(12900);
        assertThat(summaries(customer, agent, "&kind=order"))
                .anySatisfy(s -> assertThat(s).startsWith("store Bought in store at Trail Store Centre"));

        // 7. the agent starts a return in the chat; the customer brings the jacket to S2
        Answer started = api.post(
                "/api/v1/returns",
                agent,
                Map.of(
                        "orderId",
                        purchase.path("id").asString(),
                        "customerId",
                        customer,
                        "lines",
                        List.of(Commerce.line(jacketM, 1)),
                        "reason",
                        "seam defect",
                        "channel",
                        "webchat"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        Answer received = api.post(
                "/api/v1/returns/" + started.json().path("id").asString() + "/receive",
                associate,
                Map.of("locationCode", s2));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);
        assertThat(shop.level(jacketM, s2).path("onHand").asInt()).isEqualTo(1);
        JsonNode order = api.get("/api/v1/orders/" + purchase.path("id").asString(), agent)
                .json();
        assertThat(order.path("refunded").path("amount").asLong()).isEqualTo(12900);
        assertThat(order.path("paymentStatus").asString()).isEqualTo("refunded");
        assertThat(summaries(customer, agent, "&kind=order"))
                .anySatisfy(s -> assertThat(s).startsWith("webchat Return started for order #"))
                .anySatisfy(s -> assertThat(s)
                        .contains("Return received at Trail Store Airport")
                        .contains("refund 129.00 EUR"));
    }

    private JsonNode lookup(String type, String value, String token) {
        Answer answer = api.get(
                "/api/v1/customers/lookup?type=" + type + "&value="
                        + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8),
                token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private List<String> summaries(String customer, String token, String filter) {
        List<String> seen = new ArrayList<>();
        api.get("/api/v1/customers/" + customer + "/timeline?limit=200" + filter, token)
                .json()
                .path("items")
                .forEach(i -> seen.add(
                        i.path("channel").asString() + " " + i.path("summary").asString()));
        return seen;
    }

    private static void ok(Api.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
}
