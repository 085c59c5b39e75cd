package org.oneplace.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;
import static org.oneplace.Commerce.fulfilment;
import static org.oneplace.Commerce.line;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Checkout: Idempotency-Key (IDEM-01…07), the last unit (LOAD-01), lines sharing an item (LOAD-02), returns (BAD-18). */
class CheckoutTests extends OneplaceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private Commerce commerce;
    private String sku;
    private String store;
    private String customer;

    @BeforeEach
    void shop() {
        commerce = new Commerce(api, ADMIN_TOKEN);
        sku = commerce.sku("Lamp", 4900);
        store = commerce.location("Store A " + UUID.randomUUID(), 52.52, 13.40, true);
        commerce.stock(sku, store, 10);
        customer = newCustomer();
    }

    private String newCustomer() {
        String device = "checkout-" + UUID.randomUUID();
        assertThat(api.segment("/v1/page", WRITE_KEY, Map.of("anonymousId", device))
                        .status())
                .isEqualTo(200);
        return customerId("anonymous_id", device);
    }

    private Map<String, Object> pickupOf(int quantity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("channel", "app");
        body.put("fulfilment", fulfilment("pickup", store));
        body.put("lines", List.of(line(sku, quantity)));
        return body;
    }

    @Test
    void theSameKeyAndBodyAnswerTheSameOrderOnce() {
        String key = UUID.randomUUID().toString();
        Api.Answer first = commerce.order(key, pickupOf(2));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.raw().headers().firstValue("Location"))
                .hasValue("/api/v1/orders/" + first.json().path("id").asString());
        Api.Answer second = commerce.order(key, pickupOf(2));
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.raw().body()).isEqualTo(first.raw().body());
        assertThat(second.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/customers/" + customer + "/orders", ADMIN_TOKEN)
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(1);

        // IDEM-02: the same key with another body
        assertProblem(commerce.order(key, pickupOf(3)), 422, "Idempotency-Key already used with a different request");
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsWithOneKeyHaveOneEffect() throws Exception {
        String key = UUID.randomUUID().toString();
        List<Api.Answer> answers = race(8, i -> commerce.order(key, pickupOf(1)));
        assertThat(answers)
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(201));
        assertThat(answers.stream().map(a -> a.json().path("id").asString()).distinct())
                .hasSize(1);
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void keysBelongToTheTokenThatSentThem() {
        String key = UUID.randomUUID().toString();
        Api.Answer created = api.post(
                "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "storefront " + key, "scopes", List.of("orders:write")));
        String storefront = created.json().path("secret").asString();
        Api.Answer mine = commerce.order(key, pickupOf(1));
        Api.Answer theirs = new Commerce(api, storefront).order(key, pickupOf(1));
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(201);
        assertThat(theirs.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(theirs.json().path("id").asString())
                .isNotEqualTo(mine.json().path("id").asString());
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isEqualTo(2);
    }

    @Test
    void aFailedAttemptLeavesTheKeyFreeAndAMissingKeyIsRefused() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> broken = pickupOf(1);
        broken.remove("channel");
        assertProblem(commerce.order(key, broken), 400, "channel");
        Api.Answer fixed = commerce.order(key, pickupOf(1));
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(201);
        assertThat(fixed.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();

        Api.Answer missing = api.post("/api/v1/orders", ADMIN_TOKEN, pickupOf(1));
        assertProblem(missing, 400, "needs an Idempotency-Key header");
        assertThat(missing.detail()).contains("README");
    }

    @Test
    void aKeyPastItsRetentionCountsAsNew() {
        String key = UUID.randomUUID().toString();
        assertThat(commerce.order(key, pickupOf(1)).status()).isEqualTo(201);
        // the retention (24 h) has passed for this key
        jdbc.sql("update idempotency_key set expires_at = now() - interval '1 second' where key = :key")
                .param("key", key)
                .update();
        Api.Answer again = commerce.order(key, pickupOf(2));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(commerce.level(sku, store).path("reserved").asInt()).isEqualTo(3);
    }

    @Test
    void theLastUnitIsSoldOnceToFiftyBuyers() throws Exception {
        String last = commerce.sku("Last lamp", 4900);
        commerce.stock(last, store, 1);
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            buyers.add(newCustomer());
        }
        List<Api.Answer> answers = race(50, i -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("customerId", buyers.get(i));
            body.put("channel", "web");
            body.put("fulfilment", fulfilment("pickup", store));
            body.put("lines", List.of(line(last, 1)));
            return commerce.order(UUID.randomUUID().toString(), body);
        });
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        List<Api.Answer> refused =
                answers.stream().filter(a -> a.status() != 201).toList();
        assertThat(refused).hasSize(49);
        String storeName = api.get("/api/v1/locations", ADMIN_TOKEN)
                .json()
                .valueStream()
                .filter(l -> l.path("code").asString().equals(store))
                .findFirst()
                .orElseThrow()
                .path("name")
                .asString();
        refused.forEach(a -> assertProblem(a, 409, "'" + last + "' has 0 available at '" + storeName + "'"));
        JsonNode level = commerce.level(last, store);
        assertThat(level.path("available").asInt()).isZero();
        assertThat(level.path("reserved").asInt()).isEqualTo(1);
        assertThat(level.path("onHand").asInt()).isEqualTo(1);
    }

    @Test
    void twoLinesOfOneItemAreCheckedTogether() {
        String item = commerce.sku("Shared item", 1000);
        commerce.stock(item, store, 5);
        Map<String, Object> body = pickupOf(1);
        body.put("lines", List.of(line(item, 3), line(item, 3)));
        assertProblem(commerce.order(UUID.randomUUID().toString(), body), 409, "'" + item + "' has 5 available");
        assertThat(commerce.level(item, store).path("reserved").asInt()).isZero();
    }

    @Test
    void aTillPurchaseTakesStockFromTheStoreAndAReturnCannotExceedIt() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("channel", "store");
        body.put("fulfilment", fulfilment("in_store", store));
        body.put("lines", List.of(line(sku, 2)));
        body.put("payment", Map.of("status", "paid", "reference", "till-42"));
        Api.Answer order = commerce.order(UUID.randomUUID().toString(), body);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().path("status").asString()).isEqualTo("completed");
        assertThat(commerce.level(sku, store).path("onHand").asInt()).isEqualTo(8);
        String orderId = order.json().path("id").asString();

        // BAD-18: more than was bought
        assertProblem(
                api.post(
                        "/api/v1/returns",
                        ADMIN_TOKEN,
                        Map.of("orderId", orderId, "lines", List.of(line(sku, 3)), "reason", "too many")),
                409,
                "cannot return 3 of '" + sku + "': 2 were purchased");
        // someone else's order is not found for this customer
        assertProblem(
                api.post(
                        "/api/v1/returns",
                        ADMIN_TOKEN,
                        Map.of("orderId", orderId, "customerId", newCustomer(), "lines", List.of(line(sku, 1)))),
                404,
                "There is no order");
        // a real return: 1 now, 1 later, then nothing more
        Api.Answer first =
                api.post("/api/v1/returns", ADMIN_TOKEN, Map.of("orderId", orderId, "lines", List.of(line(sku, 1))));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().path("refund").path("amount").asLong()).isEqualTo(4900);
        assertThat(api.post("/api/v1/returns", ADMIN_TOKEN, Map.of("orderId", orderId, "lines", List.of(line(sku, 1))))
                        .status())
                .isEqualTo(201);
        assertProblem(
                api.post("/api/v1/returns", ADMIN_TOKEN, Map.of("orderId", orderId, "lines", List.of(line(sku, 1)))),
                409,
                "2 were purchased and 2 are returned already");
    }

    @Test
    void aDeliveryOrderReservesWhereStockIsAndShipsFromThere() {
        String warehouse = commerce.location("Warehouse " + UUID.randomUUID(), 50.0, 8.0, false);
        String item = commerce.sku("Rug", 19900);
        commerce.stock(item, warehouse, 3);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("channel", "web");
        body.put("fulfilment", Map.of("type", "ship"));
        body.put("lines", List.of(line(item, 2)));
        Api.Answer order = commerce.order(UUID.randomUUID().toString(), body);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(order.json().path("lines").get(0).path("locationCode").asString())
                .isEqualTo(warehouse);
        String id = order.json().path("id").asString();
        Api.Answer shipped = api.post(
                "/api/v1/orders/" + id + "/shipment",
                ADMIN_TOKEN,
                Map.of("carrier", "DHL", "trackingNumber", "JD0001"));
        assertThat(shipped.json().path("status").asString()).isEqualTo("shipped");
        JsonNode level = commerce.level(item, warehouse);
        assertThat(level.path("onHand").asInt()).isEqualTo(1);
        assertThat(level.path("reserved").asInt()).isZero();
        assertThat(api.post("/api/v1/orders/" + id + "/delivered", ADMIN_TOKEN, Map.of())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("delivered");
        List<String> steps = new ArrayList<>();
        api.get("/api/v1/customers/" + customer + "/timeline?kind=order", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(i -> steps.add(i.path("summary").asString()));
        assertThat(steps).anySatisfy(s -> assertThat(s).contains("shipped with DHL, tracking number JD0001"));
    }

    interface Call {
        Api.Answer run(int i) throws Exception;
    }

    /** Runs the calls at once: every thread waits on one latch, then all go. */
    static List<Api.Answer> race(int n, Call call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Api.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.run(index);
                }));
            }
            start.countDown();
            List<Api.Answer> answers = new ArrayList<>();
            for (Future<Api.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }
}
