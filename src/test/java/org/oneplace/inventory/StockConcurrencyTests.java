package org.oneplace.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * Stock under concurrency through the API: a mixed 30-second load (LOAD-03) and reservations expiring while they are
 * being committed (LOAD-04). After each, every item's ledger sums to its level and the level to what the clients saw.
 */
class StockConcurrencyTests extends OneplaceIntegrationTest {

    private static final int INITIAL = 40;

    private Commerce commerce;

    @BeforeEach
    void commerce() {
        commerce = new Commerce(api, ADMIN_TOKEN);
    }

    @Test
    void aMixedLoadNeverOversellsAndTheLedgerBalances() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            skus.add(commerce.sku("Load item " + i, 1000));
        }
        List<String> locations = List.of(
                commerce.location("Load A", 52.0, 13.0, true),
                commerce.location("Load B", 52.1, 13.1, true),
                commerce.location("Load C", 52.2, 13.2, true));
        for (String sku : skus) {
            for (String location : locations) {
                commerce.stock(sku, location, INITIAL);
            }
        }
        Map<String, AtomicInteger> sold = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> restocked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 200; c++) {
                clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (Instant.now().isBefore(end)) {
                        String sku = skus.get(random.nextInt(skus.size()));
                        String location = locations.get(random.nextInt(locations.size()));
                        String item = sku + "@" + location;
                        int roll = random.nextInt(10);
                        if (roll == 0) {
                            int units = 1 + random.nextInt(3);
                            Api.Answer restock = api.post(
                                    "/api/v1/inventory/" + sku + "/" + location + "/adjustments",
                                    ADMIN_TOKEN,
                                    Map.of("delta", units, "reason", "receipt"));
                            expect(restock, 200, unexpected);
                            if (restock.status() == 200) {
                                restocked
                                        .computeIfAbsent(item, k -> new AtomicInteger())
                                        .addAndGet(units);
                            }
                            continue;
                        }
                        int units = 1 + random.nextInt(2);
                        Api.Answer reserved = api.post(
                                "/api/v1/reservations",
                                ADMIN_TOKEN,
                                Map.of("sku", sku, "locationCode", location, "quantity", units));
                        if (reserved.status() == 409) {
                            continue; // sold out here for now: a clean refusal
                        }
                        expect(reserved, 201, unexpected);
                        String id = reserved.json().path("id").asString();
                        boolean sell = random.nextBoolean();
                        Api.Answer closed = api.post(
                                "/api/v1/reservations/" + id + (sell ? "/commit" : "/release"), ADMIN_TOKEN, Map.of());
                        expect(closed, 200, unexpected);
                        if (sell && closed.status() == 200) {
                            sold.computeIfAbsent(item, k -> new AtomicInteger()).addAndGet(units);
                        }
                    }
                });
            }
        }
        assertThat(unexpected).isEmpty();
        for (String sku : skus) {
            for (String location : locations) {
                String item = sku + "@" + location;
                JsonNode level = commerce.level(sku, location);
                int expected = INITIAL
                        - sold.getOrDefault(item, new AtomicInteger()).get()
                        + restocked.getOrDefault(item, new AtomicInteger()).get();
                assertThat(level.path("onHand").asInt()).as(item).isEqualTo(expected);
                assertThat(level.path("reserved").asInt()).as(item).isZero();
                assertLedgerBalances(sku, location, level);
            }
        }
        assertThat(sold.values().stream().mapToInt(AtomicInteger::get).sum()).isPositive();
    }

    @Test
    void aReservationExpiringWhileItIsCommittedIsCountedOnce() throws Exception {
        String sku = commerce.sku("Expiring item", 1000);
        String location = commerce.location("Expiry store", 48.0, 11.0, true);
        commerce.stock(sku, location, 100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Api.Answer reserved = api.post(
                    "/api/v1/reservations",
                    ADMIN_TOKEN,
                    Map.of("sku", sku, "locationCode", location, "quantity", 1, "ttlSeconds", 1));
            assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
            ids.add(reserved.json().path("id").asString());
        }
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                long wait = 700 + i * 40L; // spread the commits across the expiry instant and the expiry job's runs
                clients.submit(() -> {
                    Thread.sleep(wait);
                    Api.Answer answer = api.post("/api/v1/reservations/" + id + "/commit", ADMIN_TOKEN, Map.of());
                    if (answer.status() == 200) {
                        committed.incrementAndGet();
                    } else {
                        Api.assertProblem(answer, 409, "no longer held");
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        assertThat(committed.get() + refused.get()).isEqualTo(ids.size());
        // the expiry job gives back what was not committed
        JsonNode level = waitForNoReservations(sku, location);
        assertThat(level.path("onHand").asInt()).isEqualTo(100 - committed.get());
        for (String id : ids) {
            String status = api.get("/api/v1/reservations/" + id, ADMIN_TOKEN)
                    .json()
                    .path("status")
                    .asString();
            assertThat(status).isIn("committed", "expired");
        }
        assertLedgerBalances(sku, location, level);
    }

    private JsonNode waitForNoReservations(String sku, String location) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode level = commerce.level(sku, location);
        while (level.path("reserved").asInt() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            level = commerce.level(sku, location);
        }
        assertThat(level.path("reserved").asInt()).isZero();
        return level;
    }

    private void assertLedgerBalances(String sku, String location, JsonNode level) {
        int onHand = 0;
        int reserved = 0;
        Long after = null;
        while (true) {
            JsonNode page = api.get(
                            "/api/v1/inventory/" + sku + "/" + location + "/movements?limit=5000"
                                    + (after == null ? "" : "&after=" + after),
                            ADMIN_TOKEN)
                    .json();
            for (JsonNode movement : page) {
                onHand += movement.path("onHandDelta").asInt();
                reserved += movement.path("reservedDelta").asInt();
                after = movement.path("id").asLong();
            }
            if (page.size() < 5000) {
                break;
            }
        }
        assertThat(onHand)
                .as("ledger on hand of " + sku + "@" + location)
                .isEqualTo(level.path("onHand").asInt());
        assertThat(reserved)
                .as("ledger reserved of " + sku + "@" + location)
                .isEqualTo(level.path("reserved").asInt());
    }

    private static void expect(Api.Answer answer, int status, ConcurrentLinkedQueue<String> unexpected) {
        if (answer.status() != status) {
            unexpected.add(answer.toString());
        }
    }
}
