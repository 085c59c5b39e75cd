package org.oneplace.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** Counts, receipts and safety stock through the API, and the BackInStock event they publish. */
class StockRulesTests extends OneplaceIntegrationTest {

    @Autowired
    BackInStockRecorder recorder;

    @Test
    void stockRisingFromNothingIsAnnouncedOnce() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Sold-out sneaker", 8900);
        String store = shop.location("Sneaker store", 50.1, 8.7, true);
        shop.stock(sku, store, 0);
        assertThat(api.post(
                                "/api/v1/inventory/" + sku + "/" + store + "/adjustments",
                                ADMIN_TOKEN,
                                Map.of("delta", 3, "reason", "receipt"))
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(3);
        // more units while it is in stock: not news
        api.post(
                "/api/v1/inventory/" + sku + "/" + store + "/adjustments",
                ADMIN_TOKEN,
                Map.of("delta", 2, "reason", "receipt"));
        // the first news arrives, and no second one follows
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !recorder.received(sku).isEmpty());
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(recorder.received(sku)).hasSize(1));
        List<BackInStock> events = recorder.received(sku);
        assertThat(events.getFirst().locationCode()).isEqualTo(store);
        assertThat(events.getFirst().available()).isEqualTo(3);
    }

    @Test
    void safetyStockIsKeptFromOnlinePromisesAndCountsCannotUndercutReservations() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Safety item", 1000);
        String store = shop.location("Safety store", 50.1, 8.7, true);
        api.put("/api/v1/inventory/" + sku + "/" + store, ADMIN_TOKEN, Map.of("onHand", 5, "safetyStock", 2));
        assertThat(shop.level(sku, store).path("available").asInt()).isEqualTo(3);
        assertProblem(
                api.post("/api/v1/reservations", ADMIN_TOKEN, Map.of("sku", sku, "locationCode", store, "quantity", 4)),
                409,
                "has 3 available");
        assertThat(api.post(
                                "/api/v1/reservations",
                                ADMIN_TOKEN,
                                Map.of("sku", sku, "locationCode", store, "quantity", 3))
                        .status())
                .isEqualTo(201);
        assertProblem(
                api.put("/api/v1/inventory/" + sku + "/" + store, ADMIN_TOKEN, Map.of("onHand", 2)),
                409,
                "3 units are reserved there");
        assertProblem(
                api.put("/api/v1/inventory/NO-SUCH-SKU/" + store, ADMIN_TOKEN, Map.of("onHand", 2)),
                404,
                "no variant with the SKU 'NO-SUCH-SKU'");
        assertProblem(
                api.put("/api/v1/inventory/" + sku + "/NOWHERE", ADMIN_TOKEN, Map.of("onHand", 2)), 404, "NOWHERE");
    }

    @Test
    void rolesDecideWhoMayChangeStockAndSell() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Guarded item", 1000);
        String store = shop.location("Guarded store", 50.1, 8.7, true);
        String analyst = shop.staffToken("ANALYST", "metrics:read");
        String agent = shop.staffToken("AGENT", "catalog:read", "orders:read", "orders:write");
        assertProblem(
                api.put("/api/v1/inventory/" + sku + "/" + store, agent, Map.of("onHand", 5)), 403, "inventory:manage");
        assertProblem(api.get("/api/v1/inventory/" + sku, analyst), 403, "catalog:read");
        assertProblem(
                new Commerce(api, analyst)
                        .order(
                                "k-" + sku,
                                Map.of(
                                        "customerId",
                                        java.util.UUID.randomUUID(),
                                        "channel",
                                        "web",
                                        "fulfilment",
                                        Map.of("type", "ship"),
                                        "lines",
                                        List.of(Commerce.line(sku, 1)))),
                403,
                "orders:write");
    }
}
