package org.oneplace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * R1–R4 (PERFORMANCE.md §2.2): tracking ingest, batch ingest, identify, merge, the merge-storm correctness gate and
 * the timeline, each against raw JDBC on the same tables in the same round.
 */
final class CustomerBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RAW_EVENT = """
            INSERT INTO tracking_event (customer_id, id, first_customer_id, message_id, call, type, name, channel,
                                        write_key_id, anonymous_id, occurred_at, received_at, properties)
            VALUES (?, ?, ?, ?, 'track', 'product_viewed', 'Product Viewed', 'web', ?, ?, now(), now(), CAST(? AS jsonb))
            """;
    private static final String PROPERTIES =
            "{\"sku\":\"TRAIL-JACKET-M\",\"name\":\"Trail Jacket\",\"variant\":\"M\",\"price\":12900,\"currency\":\"EUR\"}";

    private final String jdbc;
    private final String base;
    private final String token;
    private final String basic;
    private final HttpLoad load = new HttpLoad();
    private final HttpClient http = HttpClient.newHttpClient();
    private final UUID rawCustomer = UUID.randomUUID();
    private final UUID rawWriteKey = UUID.randomUUID();
    private final AtomicLong sequence = new AtomicLong();

    CustomerBench(String jdbc, String base, String token, String writeKey) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    // ---- requests

    private HttpRequest segment(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** A ~300 B track call from one of 20,000 devices (most known after the first seconds, some new). */
    HttpRequest track() {
        int device = ThreadLocalRandom.current().nextInt(20_000);
        return segment("/v1/track", trackJson("bench-device-" + device));
    }

    private String trackJson(String anonymousId) {
        return "{\"type\":\"track\",\"anonymousId\":\"" + anonymousId + "\",\"event\":\"Product Viewed\","
                + "\"messageId\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + Instant.now()
                + "\",\"properties\":" + PROPERTIES + ",\"context\":{\"library\":{\"name\":\"bench\"}}}";
    }

    HttpRequest batch() {
        StringBuilder body = new StringBuilder("{\"batch\":[");
        int device = ThreadLocalRandom.current().nextInt(20_000);
        for (int i = 0; i < 100; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(trackJson("bench-device-" + ((device + i) % 20_000)));
        }
        return segment("/v1/batch", body.append("]}").toString());
    }

    /** identify with 2–3 identifiers, half of them new. */
    HttpRequest identify() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String person = random.nextBoolean()
                ? "known-" + random.nextInt(5_000)
                : "new-" + sequence.incrementAndGet() + "-" + UUID.randomUUID();
        String body = "{\"type\":\"identify\",\"anonymousId\":\"anon-" + person + "\",\"userId\":\"user-" + person
                + "\",\"traits\":{\"email\":\"" + person + "@bench.example\",\"name\":\"Bench " + person + "\"}}";
        return segment("/v1/identify", body);
    }

    // ---- R1, R2, R3a: one round each, against the raw rates of the same round

    Map<String, Object> ingestRound(Duration round) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        double rawSingle = rawSingleInsert(16, round.dividedBy(2));
        HttpLoad.Result r1 = load.run(this::track, 64, round);
        double rawBatch = rawBatchInsert(1000, round.dividedBy(2));
        HttpLoad.Result r2 = load.run(this::batch, 16, round);
        HttpLoad.Result r3a = load.run(this::identify, 32, round);
        row.put("rawSingleInsertRowsPerSecond16Conns", rawSingle);
        row.put("rawBatchInsertRowsPerSecond1000PerCommit", rawBatch);
        row.put("trackEventsPerSecond64Clients", r1.perSecond());
        row.put("trackErrors", r1.errors());
        row.put("trackP99Ms", r1.p99Millis());
        row.put("batchEventsPerSecond16Clients", r2.perSecond() * 100);
        row.put("batchErrors", r2.errors());
        row.put("identifyPerSecond32Clients", r3a.perSecond());
        row.put("identifyErrors", r3a.errors());
        row.put("R1", r1.perSecond() / rawSingle);
        row.put("R2", r2.perSecond() * 100 / rawBatch);
        row.put("R3a", r3a.perSecond() / rawSingle);
        return row;
    }

    double rawSingleInsert(int threads, Duration duration) throws Exception {
        LongAdder rows = new LongAdder();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(jdbc);
                        PreparedStatement insert = c.prepareStatement(RAW_EVENT)) {
                    while (System.nanoTime() < deadline) {
                        bindEvent(insert, rawCustomer);
                        insert.executeUpdate();
                        rows.increment();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return rows.sum() / ((System.nanoTime() - start) / 1e9);
    }

    double rawBatchInsert(int batch, Duration duration) throws SQLException {
        long rows = 0;
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (Connection c = DriverManager.getConnection(jdbc + "&reWriteBatchedInserts=true");
                PreparedStatement insert = c.prepareStatement(RAW_EVENT)) {
            c.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < batch; i++) {
                    bindEvent(insert, rawCustomer);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                rows += batch;
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private void bindEvent(PreparedStatement insert, UUID customer) throws SQLException {
        UUID id = UUID.randomUUID();
        insert.setObject(1, customer);
        insert.setObject(2, id);
        insert.setObject(3, customer);
        insert.setString(4, id.toString());
        insert.setObject(5, rawWriteKey);
        insert.setString(6, "raw-device");
        insert.setString(7, PROPERTIES);
    }

    // ---- R3b: merging two customers of 1,000 events each, against the raw bulk update of those rows

    Map<String, Object> merges(int count) throws Exception {
        Histogram api = new Histogram(3);
        Histogram raw = new Histogram(3);
        for (int i = 0; i < count; i++) {
            String a = "merge-a-" + UUID.randomUUID();
            String b = "merge-b-" + UUID.randomUUID();
            UUID survivor = customerWithEvents(a, 1000);
            UUID merged = customerWithEvents(b, 1000);
            String body = "{\"survivorId\":\"" + survivor + "\",\"mergedId\":\"" + merged + "\",\"reason\":\"bench\"}";
            long t0 = System.nanoTime();
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/customers/merges"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            api.recordValue((System.nanoTime() - t0) / 1_000);
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("merge answered " + answer.statusCode() + " " + answer.body());
            }
            raw.recordValue(rawBulkUpdateMicros());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mergeP99Ms", api.getValueAtPercentile(99) / 1000.0);
        result.put("mergeP50Ms", api.getValueAtPercentile(50) / 1000.0);
        result.put("rawUpdate1000RowsP99Ms", raw.getValueAtPercentile(99) / 1000.0);
        result.put("R3b", (double) api.getValueAtPercentile(99) / raw.getValueAtPercentile(99));
        return result;
    }

    /** A customer with {@code events} tracked events, sent in batches of 100. */
    UUID customerWithEvents(String anonymousId, int events) throws Exception {
        for (int sent = 0; sent < events; sent += 100) {
            StringBuilder body = new StringBuilder("{\"batch\":[");
            for (int i = 0; i < 100; i++) {
                body.append(i > 0 ? "," : "").append(trackJson(anonymousId));
            }
            HttpResponse<String> answer =
                    http.send(segment("/v1/batch", body.append("]}").toString()), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("batch answered " + answer.statusCode() + " " + answer.body());
            }
        }
        return UUID.fromString(lookup("anonymous_id", anonymousId).path("id").asString());
    }

    private long rawBulkUpdateMicros() throws SQLException {
        UUID from = UUID.randomUUID();
        UUID to = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(jdbc + "&reWriteBatchedInserts=true");
                PreparedStatement insert = c.prepareStatement(RAW_EVENT)) {
            c.setAutoCommit(false);
            for (int i = 0; i < 1000; i++) {
                bindEvent(insert, from);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE tracking_event SET customer_id = ? WHERE customer_id = ?")) {
                long t0 = System.nanoTime();
                update.setObject(1, to);
                update.setObject(2, from);
                if (update.executeUpdate() != 1000) {
                    throw new IllegalStateException("raw update did not move 1000 rows");
                }
                c.commit();
                return (System.nanoTime() - t0) / 1_000;
            }
        }
    }

    // ---- R3c: the merge storm, a correctness gate

    Map<String, Object> storm(int calls, int people, int devicesEach) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> parent = new HashMap<>();
        List<String> bodies = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < calls; i++) {
            int person = random.nextInt(people);
            String device = "storm-" + run + "-" + person + "-" + random.nextInt(devicesEach);
            parent.putIfAbsent(device, device);
            String body = "{\"type\":\"identify\",\"anonymousId\":\"" + device + "\"";
            if (random.nextInt(3) == 0) {
                String user = "storm-user-" + run + "-" + person;
                parent.putIfAbsent(user, user);
                parent.put(find(parent, device), find(parent, user));
                body += ",\"userId\":\"" + user + "\"";
            }
            bodies.add(body + "}");
        }
        LongAdder failed = new LongAdder();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    try {
                        if (http.send(segment("/v1/identify", bodies.get(i)), HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                != 200) {
                            failed.increment();
                        }
                    } catch (Exception e) {
                        failed.increment();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Set<String>> components = new HashMap<>();
        parent.keySet()
                .forEach(id -> components
                        .computeIfAbsent(find(parent, id), k -> new HashSet<>())
                        .add(id));
        Set<String> customers = new HashSet<>();
        int split = 0;
        int orphans = 0;
        for (Set<String> component : components.values()) {
            Set<String> holders = new HashSet<>();
            for (String id : component) {
                JsonNode customer = lookup(id.startsWith("storm-user-") ? "user_id" : "anonymous_id", id);
                if (customer == null) {
                    orphans++;
                } else {
                    holders.add(customer.path("id").asString());
                }
            }
            if (holders.size() > 1) {
                split++;
            }
            customers.addAll(holders);
        }
        long events = 0;
        for (String customer : customers) {
            events += timelineCount(customer);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("calls", calls);
        result.put("failedCalls", failed.sum());
        result.put("identifiesPerSecond", calls / seconds);
        result.put("predictedCustomers", components.size());
        result.put("customers", customers.size());
        result.put("splitComponents", split);
        result.put("orphanIdentifiers", orphans);
        result.put("eventsStored", events);
        result.put(
                "passed",
                failed.sum() == 0
                        && split == 0
                        && orphans == 0
                        && customers.size() == components.size()
                        && events == calls);
        return result;
    }

    private static String find(Map<String, String> parent, String id) {
        String root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        return root;
    }

    private long timelineCount(String customer) throws Exception {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = get("/api/v1/customers/" + customer + "/timeline?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            count += page.path("items").size();
            cursor = page.path("nextCursor").isNull()
                    ? null
                    : page.path("nextCursor").asString();
        } while (cursor != null);
        return count;
    }

    // ---- R4: the timeline's first page against the same queries over raw JDBC

    Map<String, Object> timeline(UUID customer, Duration duration) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/customers/" + customer + "/timeline?limit=50"))
                .header("Authorization", "Bearer " + token)
                .build();
        Map<String, Object> result = new LinkedHashMap<>();
        for (int clients : new int[] {1, 16}) {
            HttpLoad.Result api = load.run(request, clients, duration);
            double raw = rawTimelineP99(customer, clients, duration);
            result.put("apiP99Ms" + clients, api.p99Millis());
            result.put("apiPerSecond" + clients, api.perSecond());
            result.put("rawCompositeP99Ms" + clients, raw);
            result.put("R4_" + clients, api.p99Millis() / raw);
        }
        return result;
    }

    /** The queries the timeline runs (the person's ids, events, consents), one round trip each. */
    private double rawTimelineP99(UUID customer, int clients, Duration duration) throws Exception {
        Histogram all = new Histogram(3);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> parts = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        for (int t = 0; t < clients; t++) {
            Histogram histogram = new Histogram(3);
            parts.add(histogram);
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(jdbc);
                        PreparedStatement cluster = c.prepareStatement("""
                                WITH RECURSIVE up(id, merged_into, erased_at, depth) AS (
                                    SELECT id, merged_into, erased_at, 0 FROM customer WHERE id = ?
                                    UNION ALL
                                    SELECT c.id, c.merged_into, c.erased_at, up.depth + 1
                                      FROM customer c JOIN up ON c.id = up.merged_into WHERE up.depth < 1000),
                                down(id, depth) AS (
                                    SELECT id, 0 FROM up WHERE merged_into IS NULL AND erased_at IS NULL
                                    UNION ALL
                                    SELECT c.id, down.depth + 1 FROM customer c JOIN down ON c.merged_into = down.id
                                     WHERE down.depth < 1000)
                                SELECT id FROM down ORDER BY depth, id""");
                        PreparedStatement events = c.prepareStatement("""
                                SELECT e.id, e.occurred_at, e.channel, e.call, e.type, e.name,
                                       e.properties ->> 'name', e.properties ->> 'variant', e.properties ->> 'title',
                                       e.properties ->> 'path', e.properties ->> 'order_id'
                                  FROM unnest(?::uuid[]) AS c(id)
                                  CROSS JOIN LATERAL (SELECT * FROM tracking_event t WHERE t.customer_id = c.id
                                                       ORDER BY t.occurred_at DESC, t.id DESC LIMIT 51) e
                                 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 51""");
                        PreparedStatement consents = c.prepareStatement("""
                                SELECT r.* FROM unnest(?::uuid[]) AS c(id)
                                  CROSS JOIN LATERAL (SELECT * FROM consent_record WHERE customer_id = c.id
                                                       ORDER BY at DESC, id DESC LIMIT 51) r
                                 ORDER BY r.at DESC, r.id DESC LIMIT 51""")) {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        cluster.setObject(1, customer);
                        List<UUID> ids = new ArrayList<>();
                        try (ResultSet rs = cluster.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getObject(1, UUID.class));
                            }
                        }
                        var array = c.createArrayOf("uuid", ids.toArray());
                        events.setArray(1, array);
                        drain(events);
                        consents.setArray(1, array);
                        drain(consents);
                        histogram.recordValue((System.nanoTime() - t0) / 1_000);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        parts.forEach(all::add);
        return all.getValueAtPercentile(99) / 1000.0;
    }

    private static void drain(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    // ---- helpers

    private JsonNode lookup(String type, String value) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/customers/lookup?type=" + type + "&value=" + value))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
