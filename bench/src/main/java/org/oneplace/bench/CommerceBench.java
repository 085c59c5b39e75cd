package org.oneplace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * R5 and the commerce benchmarks of issue 5 (PERFORMANCE.md): reservations on one hot SKU, checkout on hot SKUs
 * across locations, and "in stock near me" over many stores — each against raw JDBC on the same database in the
 * same run, with the no-oversell correctness gates.
 */
final class CommerceBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String jdbc;
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    CommerceBench(String jdbc, String base, String token) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
    }

    // ---- R5 reservations ----------------------------------------------------------------------------------------

    /**
     * 64 clients reserve one unit each of a SKU with {@code units} at one store until it is sold out; the raw baseline
     * is the conditional UPDATE at 64 connections on a table of its own. Gates: exactly {@code units} reservations
     * succeed, the level is never negative, sold-out answers are 409s.
     */
    Map<String, Object> reservations(int units) throws Exception {
        String sku = sku("R5 item", 1000);
        String store = location("R5 store", 52.5, 13.4);
        put("/api/v1/inventory/" + sku + "/" + store, "{\"onHand\":" + units + "}");
        String body = "{\"sku\":\"" + sku + "\",\"locationCode\":\"" + store + "\",\"quantity\":1,\"ttlSeconds\":3600}";
        LongAdder ok = new LongAdder();
        LongAdder soldOut = new LongAdder();
        LongAdder other = new LongAdder();
        Histogram okLatency = new Histogram(3);
        Histogram soldOutLatency = new Histogram(3);
        long start = System.nanoTime();
        long[] soldOutAt = {0};
        runClients(64, () -> {
            // keep asking until a few sold-out answers per client were measured
            int refusals = 0;
            while (refusals < 20) {
                long t0 = System.nanoTime();
                HttpResponse<String> response = post("/api/v1/reservations", body);
                long micros = (System.nanoTime() - t0) / 1000;
                if (response.statusCode() == 201) {
                    ok.increment();
                    synchronized (okLatency) {
                        okLatency.recordValue(micros);
                    }
                } else if (response.statusCode() == 409) {
                    soldOut.increment();
                    refusals++;
                    synchronized (soldOutLatency) {
                        soldOutLatency.recordValue(micros);
                        if (soldOutAt[0] == 0) {
                            soldOutAt[0] = System.nanoTime();
                        }
                    }
                } else {
                    other.increment();
                    refusals++;
                }
            }
        });
        double seconds = ((soldOutAt[0] == 0 ? System.nanoTime() : soldOutAt[0]) - start) / 1e9;
        double appRate = ok.sum() / seconds;
        double rawRate = rawConditionalUpdate(units, 64);
        JsonNode level = get("/api/v1/inventory/" + sku + "/" + store);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("units", units);
        result.put("reservationsPerSecond64Clients", appRate);
        result.put("rawConditionalUpdatesPerSecond64Conns", rawRate);
        result.put("R5", appRate / rawRate);
        result.put("succeeded", ok.sum());
        result.put("soldOutAnswers", soldOut.sum());
        result.put("otherAnswers", other.sum());
        result.put("successP99Ms", okLatency.getValueAtPercentile(99) / 1000.0);
        result.put("soldOutP99Ms", soldOutLatency.getValueAtPercentile(99) / 1000.0);
        result.put("onHand", level.path("onHand").asInt());
        result.put("reserved", level.path("reserved").asInt());
        result.put("available", level.path("available").asInt());
        boolean passed = ok.sum() == units
                && other.sum() == 0
                && level.path("reserved").asInt() == units
                && level.path("available").asInt() == 0
                && soldOutLatency.getValueAtPercentile(99) <= 5 * Math.max(1, okLatency.getValueAtPercentile(99));
        result.put("passed", passed);
        return result;
    }

    /**
     * Reservations with a one-second life while the expiry job runs: when the dust settles nothing is reserved and
     * every unit is available again ({@code reserved + available == initial}), and the ledger sums to the level.
     */
    Map<String, Object> expiries(int units, Duration duration) throws Exception {
        String sku = sku("R5 expiring item", 1000);
        String store = location("R5 expiry store", 52.5, 13.4);
        put("/api/v1/inventory/" + sku + "/" + store, "{\"onHand\":" + units + "}");
        String body = "{\"sku\":\"" + sku + "\",\"locationCode\":\"" + store + "\",\"quantity\":1,\"ttlSeconds\":1}";
        LongAdder ok = new LongAdder();
        LongAdder other = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        runClients(16, () -> {
            while (System.nanoTime() < deadline) {
                int status = post("/api/v1/reservations", body).statusCode();
                if (status == 201) {
                    ok.increment();
                } else if (status != 409) {
                    other.increment();
                }
            }
        });
        Instant settle = Instant.now().plusSeconds(60);
        JsonNode level = get("/api/v1/inventory/" + sku + "/" + store);
        while (level.path("reserved").asInt() > 0 && Instant.now().isBefore(settle)) {
            Thread.sleep(500);
            level = get("/api/v1/inventory/" + sku + "/" + store);
        }
        int ledgerOnHand = 0;
        int ledgerReserved = 0;
        try (Connection c = DriverManager.getConnection(jdbc);
                PreparedStatement sum = c.prepareStatement(
                        "select coalesce(sum(on_hand_delta), 0), coalesce(sum(reserved_delta), 0) from stock_movement"
                                + " where sku = ? and location_code = ?")) {
            sum.setString(1, sku);
            sum.setString(2, store);
            try (ResultSet rs = sum.executeQuery()) {
                rs.next();
                ledgerOnHand = rs.getInt(1);
                ledgerReserved = rs.getInt(2);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("reservationsMade", ok.sum());
        result.put("otherAnswers", other.sum());
        result.put("reserved", level.path("reserved").asInt());
        result.put("available", level.path("available").asInt());
        result.put("ledgerOnHand", ledgerOnHand);
        result.put("ledgerReserved", ledgerReserved);
        result.put(
                "passed",
                other.sum() == 0
                        && level.path("reserved").asInt()
                                        + level.path("available").asInt()
                                == units
                        && ledgerOnHand == units
                        && ledgerReserved == 0);
        return result;
    }

    private double rawConditionalUpdate(int units, int connections) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.execute("create table if not exists bench_stock (sku text primary key, available int not null check"
                    + " (available >= 0))");
            s.execute("delete from bench_stock");
            s.execute("insert into bench_stock values ('R5', " + units + ")");
        }
        LongAdder sold = new LongAdder();
        long start = System.nanoTime();
        runClients(connections, () -> {
            try (Connection c = DriverManager.getConnection(jdbc);
                    PreparedStatement update = c.prepareStatement(
                            "update bench_stock set available = available - 1 where sku = 'R5' and available >= 1")) {
                while (update.executeUpdate() == 1) {
                    sold.increment();
                }
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sold.sum() != units) {
            throw new IllegalStateException("raw baseline sold " + sold.sum() + " of " + units);
        }
        return sold.sum() / seconds;
    }

    // ---- checkout -----------------------------------------------------------------------------------------------

    /**
     * 64 buyers order one unit each of 10 hot SKUs for pickup at 3 stores (POST /orders with Idempotency-Key); the
     * raw baseline runs the statements a checkout needs (conditional UPDATE, order row, line row) in one transaction
     * per order at 64 connections. Gate: zero oversell (every item's reserved equals the units ordered there).
     */
    Map<String, Object> checkout(Duration duration) throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            skus.add(sku("Checkout item " + i, 1500));
        }
        List<String> stores = List.of(
                location("Checkout A", 52.5, 13.4),
                location("Checkout B", 52.6, 13.5),
                location("Checkout C", 52.7, 13.6));
        int perItem = 100_000;
        for (String sku : skus) {
            for (String store : stores) {
                put("/api/v1/inventory/" + sku + "/" + store, "{\"onHand\":" + perItem + "}");
            }
        }
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String device = "bench-buyer-" + UUID.randomUUID();
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/page"))
                            .header("Content-Type", "application/json")
                            .header(
                                    "Authorization",
                                    "Basic " + java.util.Base64.getEncoder().encodeToString("wk_bench:".getBytes()))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"anonymousId\":\"" + device + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("page: " + page.body());
            }
            buyers.add(get("/api/v1/customers/lookup?type=anonymous_id&value=" + device)
                    .path("id")
                    .asString());
        }
        Map<String, LongAdder> ordered = new java.util.concurrent.ConcurrentHashMap<>();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        runClients(64, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String buyer = buyers.get(random.nextInt(buyers.size()));
            while (System.nanoTime() < deadline) {
                String sku = skus.get(random.nextInt(skus.size()));
                String store = stores.get(random.nextInt(stores.size()));
                String body = "{\"customerId\":\"" + buyer
                        + "\",\"channel\":\"app\",\"fulfilment\":{\"type\":\"pickup\"," + "\"locationCode\":\"" + store
                        + "\"},\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]}";
                HttpResponse<String> response = http.send(
                        request("/api/v1/orders")
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    ok.increment();
                    ordered.computeIfAbsent(sku + "@" + store, k -> new LongAdder())
                            .increment();
                } else {
                    failed.increment();
                }
            }
        });
        double appRate = ok.sum() / ((System.nanoTime() - start) / 1e9);
        boolean exact = true;
        for (String sku : skus) {
            for (String store : stores) {
                JsonNode level = get("/api/v1/inventory/" + sku + "/" + store);
                long expected =
                        ordered.getOrDefault(sku + "@" + store, new LongAdder()).sum();
                exact &= level.path("reserved").asLong() == expected
                        && level.path("onHand").asInt() == perItem;
            }
        }
        double rawRate = rawCheckout(duration);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ordersPerSecond64Buyers", appRate);
        result.put("rawCheckoutTransactionsPerSecond64Conns", rawRate);
        result.put("ratio", appRate / rawRate);
        result.put("orders", ok.sum());
        result.put("failedOrders", failed.sum());
        result.put("passed", exact && failed.sum() == 0);
        return result;
    }

    private double rawCheckout(Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.execute("create table if not exists bench_item (sku text, location text, available int not null"
                    + " check (available >= 0), primary key (sku, location))");
            s.execute("create table if not exists bench_order (id uuid primary key, customer uuid, total bigint,"
                    + " created_at timestamptz)");
            s.execute("create table if not exists bench_order_line (order_id uuid, sku text, quantity int,"
                    + " location text)");
            s.execute("delete from bench_item");
            s.execute("insert into bench_item select 'S' || i, 'L' || j, 100000 from generate_series(0, 9) i,"
                    + " generate_series(0, 2) j");
        }
        LongAdder done = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        runClients(64, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try (Connection c = DriverManager.getConnection(jdbc);
                    PreparedStatement take = c.prepareStatement("update bench_item set available = available - 1"
                            + " where sku = ? and location = ? and available >= 1");
                    PreparedStatement order = c.prepareStatement("insert into bench_order values (?, ?, 1500, now())");
                    PreparedStatement line = c.prepareStatement("insert into bench_order_line values (?, ?, 1, ?)")) {
                c.setAutoCommit(false);
                while (System.nanoTime() < deadline) {
                    String sku = "S" + random.nextInt(10);
                    String location = "L" + random.nextInt(3);
                    UUID id = UUID.randomUUID();
                    take.setString(1, sku);
                    take.setString(2, location);
                    if (take.executeUpdate() == 1) {
                        order.setObject(1, id);
                        order.setObject(2, UUID.randomUUID());
                        order.executeUpdate();
                        line.setObject(1, id);
                        line.setString(2, sku);
                        line.setString(3, location);
                        line.executeUpdate();
                    }
                    c.commit();
                    done.increment();
                }
            }
        });
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    // ---- availability near me -----------------------------------------------------------------------------------

    /**
     * "In stock near me" over {@code stores} stores × {@code skus} SKUs (a stock row for each pair, written straight
     * into the tables for speed): p99 of GET /inventory/availability at 1 client vs the same query over JDBC.
     */
    Map<String, Object> availability(int stores, int skus, Duration duration) throws Exception {
        String prefix = "NEAR-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        // the catalog, locations and stock in bulk through SQL: the API would take hours for millions of rows
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            UUID product = UUID.randomUUID();
            s.execute("insert into product (id, name, created_at, updated_at) values ('" + product
                    + "', 'Near item', now(), now())");
            s.execute("insert into variant (sku, product_id, price_amount, currency, created_at, updated_at)"
                    + " select '" + prefix + "' || i, '" + product + "', 1000, 'EUR', now(), now()"
                    + " from generate_series(1, " + skus + ") i");
            // stores spread over Germany (lat 47.5–54.5, lon 6–15)
            s.execute("insert into location (code, name, type, latitude, longitude, pickup, created_at)"
                    + " select '" + prefix + "L' || i, 'Store ' || i, 'store', 47.5 + random() * 7, 6 + random() * 9,"
                    + " true, now() from generate_series(1, " + stores + ") i");
            s.execute("insert into stock (sku, location_code, on_hand, updated_at)"
                    + " select '" + prefix + "' || i, '" + prefix + "L' || j, (random() * 5)::int, now()"
                    + " from generate_series(1, " + skus + ") i, generate_series(1, " + stores + ") j");
            s.execute("analyze stock");
            s.execute("analyze location");
        }
        Histogram app = new Histogram(3);
        Histogram raw = new Histogram(3);
        String query = """
                select * from (
                    select l.code, l.name, l.type, l.pickup,
                           greatest(s.on_hand - s.reserved - s.safety_stock, 0) as available,
                           2 * 6371 * asin(sqrt(
                               power(sin(radians(l.latitude - ?) / 2), 2)
                               + cos(radians(?)) * cos(radians(l.latitude))
                                 * power(sin(radians(l.longitude - ?) / 2), 2))) as distance_km
                    from stock s join location l on l.code = s.location_code
                    where s.sku = ?
                ) near
                where distance_km <= 50
                order by distance_km, code limit 20
                """;
        long appDeadline = System.nanoTime() + duration.toNanos();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < appDeadline) {
            double lat = 48 + random.nextDouble() * 6;
            double lon = 7 + random.nextDouble() * 7;
            String sku = prefix + (1 + random.nextInt(skus));
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(
                    request("/api/v1/inventory/availability?sku=" + sku + "&lat=" + lat + "&lon=" + lon
                                    + "&radiusKm=50")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("availability: " + response.body());
            }
            app.recordValue((System.nanoTime() - t0) / 1000);
        }
        try (Connection c = DriverManager.getConnection(jdbc);
                PreparedStatement near = c.prepareStatement(query)) {
            long rawDeadline = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < rawDeadline) {
                double lat = 48 + random.nextDouble() * 6;
                double lon = 7 + random.nextDouble() * 7;
                near.setDouble(1, lat);
                near.setDouble(2, lat);
                near.setDouble(3, lon);
                near.setString(4, prefix + (1 + random.nextInt(skus)));
                long t0 = System.nanoTime();
                try (ResultSet rs = near.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                raw.recordValue((System.nanoTime() - t0) / 1000);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stores", stores);
        result.put("skus", skus);
        result.put("stockRows", (long) stores * skus);
        result.put("appP50Ms", app.getValueAtPercentile(50) / 1000.0);
        result.put("appP99Ms", app.getValueAtPercentile(99) / 1000.0);
        result.put("rawP50Ms", raw.getValueAtPercentile(50) / 1000.0);
        result.put("rawP99Ms", raw.getValueAtPercentile(99) / 1000.0);
        result.put("ratio", (double) app.getValueAtPercentile(99) / Math.max(1, raw.getValueAtPercentile(99)));
        return result;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    interface Client {
        void run() throws Exception;
    }

    /** Runs {@code n} clients on virtual threads until all finish; the first failure fails the run. */
    static void runClients(int n, Client client) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    client.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a benchmark client failed", failures.getFirst());
        }
    }

    private String sku(String name, long price) throws Exception {
        String sku = "B-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(
                "/api/v1/products",
                "{\"name\":\"" + name + "\",\"variants\":[{\"sku\":\"" + sku + "\",\"price\":{\"amount\":" + price
                        + ",\"currency\":\"EUR\"}}]}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("product: " + created.body());
        }
        return sku;
    }

    private String location(String name, double lat, double lon) throws Exception {
        String code = "B" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = post(
                "/api/v1/locations",
                "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"type\":\"store\",\"latitude\":" + lat
                        + ",\"longitude\":" + lon + ",\"pickup\":true}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("location: " + created.body());
        }
        return code;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void put(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.body());
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
