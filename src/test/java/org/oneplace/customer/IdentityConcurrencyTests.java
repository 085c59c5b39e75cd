package org.oneplace.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;

/** Identity resolution under concurrent requests, through the public APIs (LOAD-05, merge storm as in R3c). */
class IdentityConcurrencyTests extends OneplaceIntegrationTest {

    private <T> List<T> concurrently(int threads, List<java.util.concurrent.Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (var call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    @Test
    void twentyParallelIdentifiesWithTheSameNewEmailAndPhoneMakeOneCustomer() throws Exception {
        String email = "same" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String userId = "user-" + UUID.randomUUID();
        String phone = "+1 415 555 " + (1000 + new Random().nextInt(8999));
        List<String> devices = new ArrayList<>();
        List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String device = "device-" + UUID.randomUUID();
            devices.add(device);
            calls.add(() -> api.segment(
                            "/v1/identify",
                            WRITE_KEY,
                            Map.of(
                                    "anonymousId", device,
                                    "userId", userId,
                                    "traits", Map.of("email", email, "phone", phone)))
                    .status());
        }
        assertThat(concurrently(20, calls)).containsOnly(200);

        String customer = customerId("email", email);
        assertThat(customerId("phone", phone)).isEqualTo(customer);
        assertThat(customerId("user_id", userId)).isEqualTo(customer);
        for (String device : devices) {
            assertThat(customerId("anonymous_id", device)).isEqualTo(customer);
        }
        Answer view = api.get("/api/v1/customers/" + customer, ADMIN_TOKEN);
        assertThat(view.json().path("identifiers")).hasSize(23); // 20 devices, one user id, email and phone, once each
    }

    /**
     * A merge storm: many devices of a few people, each identify naming a device and sometimes the person's user id,
     * sent from 32 threads at once. The customers must end exactly as a union-find over the same calls predicts,
     * with every identifier on a live customer and every event kept.
     */
    @Test
    void concurrentIdentifiesOverSharedIdentifiersEndAsTheUnionFindPredicts() throws Exception {
        Random random = new Random(42);
        String run = UUID.randomUUID().toString().substring(0, 8);
        int people = 8;
        int devicesEach = 6;
        List<java.util.concurrent.Callable<Integer>> calls = new ArrayList<>();
        UnionFind oracle = new UnionFind();
        for (int i = 0; i < 240; i++) {
            int person = random.nextInt(people);
            String device = "storm-" + run + "-" + person + "-" + random.nextInt(devicesEach);
            oracle.add(device);
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("anonymousId", device);
            if (random.nextInt(3) == 0) {
                String user = "storm-user-" + run + "-" + person;
                call.put("userId", user);
                oracle.union(device, user);
            }
            calls.add(() -> api.segment("/v1/identify", WRITE_KEY, call).status());
        }
        assertThat(concurrently(32, calls)).containsOnly(200);

        Map<String, String> customerOf = new HashMap<>();
        for (String id : oracle.members()) {
            customerOf.put(id, customerId(id.startsWith("storm-user-") ? "user_id" : "anonymous_id", id));
        }
        Map<String, Set<String>> predicted = oracle.components();
        Set<String> customers = new HashSet<>();
        for (Set<String> component : predicted.values()) {
            Set<String> holders = new HashSet<>();
            component.forEach(id -> holders.add(customerOf.get(id)));
            assertThat(holders).as("one customer per component " + component).hasSize(1);
            customers.addAll(holders);
        }
        assertThat(customers).as("exactly one customer per component").hasSize(predicted.size());

        int events = 0;
        for (String customer : customers) {
            events += api.get("/api/v1/customers/" + customer + "/timeline?limit=500", ADMIN_TOKEN)
                    .json()
                    .path("items")
                    .size();
        }
        assertThat(events).as("no event lost or orphaned").isEqualTo(calls.size());
    }

    @Test
    void concurrentManualMergesOfTheSameCustomersNeitherDeadlockNorLoseIdentifiers() throws Exception {
        List<String> devices = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String device = "merge-" + UUID.randomUUID();
            devices.add(device);
            api.segment("/v1/track", WRITE_KEY, Map.of("anonymousId", device, "event", "E" + i));
            ids.add(customerId("anonymous_id", device));
        }
        List<java.util.concurrent.Callable<Integer>> merges = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = 0; j < ids.size(); j++) {
                if (i != j) {
                    Map<String, Object> body =
                            Map.of("survivorId", ids.get(i), "mergedId", ids.get(j), "reason", "storm");
                    merges.add(() -> api.post("/api/v1/customers/merges", ADMIN_TOKEN, body)
                            .status());
                }
            }
        }
        List<Integer> statuses = concurrently(16, merges);
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);

        Set<String> holders = new HashSet<>();
        for (String device : devices) {
            holders.add(customerId("anonymous_id", device));
        }
        assertThat(holders).hasSize(1);
        String survivor = holders.iterator().next();
        assertThat(api.get("/api/v1/customers/" + survivor + "/timeline", ADMIN_TOKEN)
                        .json()
                        .path("items"))
                .hasSize(6);
    }

    /** The oracle: which identifiers the calls tie together. */
    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        void add(String id) {
            parent.putIfAbsent(id, id);
        }

        String find(String id) {
            String root = id;
            while (!parent.get(root).equals(root)) {
                root = parent.get(root);
            }
            return root;
        }

        void union(String a, String b) {
            add(a);
            add(b);
            parent.put(find(a), find(b));
        }

        Set<String> members() {
            return parent.keySet();
        }

        Map<String, Set<String>> components() {
            Map<String, Set<String>> result = new HashMap<>();
            parent.keySet()
                    .forEach(id -> result.computeIfAbsent(find(id), k -> new HashSet<>())
                            .add(id));
            return result;
        }
    }
}
