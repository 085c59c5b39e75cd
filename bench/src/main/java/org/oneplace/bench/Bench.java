package org.oneplace.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark run ({@code ./mvnw -Pbench verify}): a durable embedded PostgreSQL, the packaged application in its
 * own JVM against it, the JDK hello server in a third JVM, and this JVM as the load generator. Each ratio is taken
 * per round from interleaved baseline and application runs; the median and the min–max of the rounds are reported.
 */
public final class Bench {

    private static final String TOKEN = "op_bench_admin_token_0123456789abcdef";
    private static final String WRITE_KEY = "wk_bench";
    private static final double R0_TARGET = 0.35;

    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.getBoolean("bench.smoke");
        int rounds = smoke ? 3 : 5;
        Duration round = smoke ? Duration.ofSeconds(5) : Duration.ofSeconds(10);
        // On 2 cores the JIT needs at least 20 s (PERFORMANCE.md §2.3); R0 still rose round by round after 20 s,
        // so the full run warms up for 60 s and measures the steady state.
        Duration warmUp = smoke ? Duration.ofSeconds(20) : Duration.ofSeconds(60);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("oneplace-bench-");

        // Durable mode (PERFORMANCE.md §1): the one that counts.
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on");
        if (STATEMENTS) {
            database.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres postgres = database.start()) {
            String jdbc = postgres.getJdbcUrl("postgres", "postgres");
            int appPort = freePort();
            int helloPort = freePort();
            Process app = startApp(jdbc, appPort, work);
            Process hello = startHello(helloPort);
            try {
                awaitReady("http://127.0.0.1:" + appPort + "/actuator/health/readiness", app);
                awaitReady("http://127.0.0.1:" + helloPort + "/", hello);
                Map<String, Object> header = header(jdbc, smoke);
                RawBaselines raw = new RawBaselines(jdbc);
                HttpLoad load = new HttpLoad();
                if ("conversations".equals(System.getProperty("bench.only", ""))) {
                    List<String> gates = new ArrayList<>();
                    String report = conversations(jdbc, appPort, raw, smoke, round, gates);
                    Files.writeString(out.resolve("conversations.md"), report);
                    System.out.println(report);
                    if (!gates.isEmpty()) {
                        throw new IllegalStateException("Benchmark gates not met:\n  " + String.join("\n  ", gates));
                    }
                    return;
                }
                if ("analytics".equals(System.getProperty("bench.only", ""))) {
                    String report = analytics(jdbc, appPort, smoke);
                    Files.writeString(out.resolve("analytics.md"), report);
                    System.out.println(report);
                    return;
                }
                if ("import".equals(System.getProperty("bench.only", ""))) {
                    String report = imports(jdbc, appPort, smoke);
                    Files.writeString(out.resolve("import.md"), report);
                    System.out.println(report);
                    return;
                }
                if ("marketing".equals(System.getProperty("bench.only", ""))) {
                    String report = marketing(jdbc, appPort, smoke);
                    Files.writeString(out.resolve("marketing.md"), report);
                    System.out.println(report);
                    return;
                }
                HttpRequest helloRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + helloPort + "/"))
                        .build();
                HttpRequest appRequest = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + appPort + "/api/v1/write-keys?limit=1"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build();

                System.out.println("Warming up for " + warmUp.toSeconds() + " s …");
                load.run(helloRequest, 64, warmUp.dividedBy(4));
                load.run(appRequest, 64, warmUp.dividedBy(4).multipliedBy(3));
                raw.singleInsert(4, Duration.ofSeconds(2));

                List<Map<String, Object>> results = new ArrayList<>();
                List<Map<String, Object>> ingestRounds = new ArrayList<>();
                List<String> failures = new ArrayList<>();
                List<Double> r0 = new ArrayList<>();
                for (int i = 1; i <= rounds; i++) {
                    double loadBefore = loadAverage();
                    HttpLoad.Result jdk = load.run(helloRequest, 64, round);
                    HttpLoad.Result api = load.run(appRequest, 64, round);
                    RawBaselines.Rate single = raw.singleInsert(16, round.dividedBy(2));
                    RawBaselines.Rate batch = raw.batchInsert(1000, round.dividedBy(2));
                    RawBaselines.Latency pk = raw.primaryKeyRead(round.dividedBy(2));
                    RawBaselines.Latency notify = raw.notifyRoundTrip(round.dividedBy(2));
                    double loadAfter = loadAverage();
                    double ratio = api.perSecond() / jdk.perSecond();
                    r0.add(ratio);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("round", i);
                    row.put("jdkHelloRps", jdk.perSecond());
                    row.put("apiGetRps", api.perSecond());
                    row.put("apiErrors", api.errors());
                    row.put("apiP99Ms", api.p99Millis());
                    row.put("r0", ratio);
                    row.put("singleInsertRowsPerSecond16Conns", single.perSecond());
                    row.put("batchInsertRowsPerSecond1000PerCommit", batch.perSecond());
                    row.put("pkReadP50Ms", pk.p50Millis());
                    row.put("pkReadP99Ms", pk.p99Millis());
                    row.put("notifyRoundTripP50Ms", notify.p50Millis());
                    row.put("notifyRoundTripP99Ms", notify.p99Millis());
                    row.put("loadAverageBefore", loadBefore);
                    row.put("loadAverageAfter", loadAfter);
                    row.put("flagged", loadAfter > 2 + 64);
                    results.add(row);
                    System.out.printf(
                            "round %d: R0 = %.3f (api %.0f rps, jdk %.0f rps); insert %.0f rows/s; batch %.0f rows/s;"
                                    + " pk p99 %.2f ms; notify p99 %.2f ms; load %.2f → %.2f%n",
                            i,
                            ratio,
                            api.perSecond(),
                            jdk.perSecond(),
                            single.perSecond(),
                            batch.perSecond(),
                            pk.p99Millis(),
                            notify.p99Millis(),
                            loadBefore,
                            loadAfter);
                }
                List<Ratio> ratios = new ArrayList<>();
                ratios.add(Ratio.of("R0 framework tax (API GET ÷ JDK hello, c=64)", r0, R0_TARGET, smoke, false));

                // R1–R4 on the customer record and tracking
                CustomerBench customers = new CustomerBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN, WRITE_KEY);
                System.out.println("Warming up tracking for " + warmUp.toSeconds() + " s …");
                load.run(customers::track, 64, warmUp.dividedBy(2));
                load.run(customers::identify, 32, warmUp.dividedBy(4));
                load.run(customers::batch, 16, warmUp.dividedBy(4));
                List<Double> r1 = new ArrayList<>();
                List<Double> r2 = new ArrayList<>();
                List<Double> r3a = new ArrayList<>();
                List<Double> identifyRates = new ArrayList<>();
                for (int i = 1; i <= rounds; i++) {
                    double loadBefore = loadAverage();
                    Map<String, Object> row = customers.ingestRound(round);
                    double loadAfter = loadAverage();
                    row.put("round", i);
                    row.put("loadAverageBefore", loadBefore);
                    row.put("loadAverageAfter", loadAfter);
                    row.put("flagged", loadAfter > 2 + 64);
                    r1.add((Double) row.get("R1"));
                    r2.add((Double) row.get("R2"));
                    r3a.add((Double) row.get("R3a"));
                    identifyRates.add((Double) row.get("identifyPerSecond32Clients"));
                    ingestRounds.add(row);
                    System.out.printf(
                            "ingest round %d: R1 = %.3f (%.0f ev/s), R2 = %.3f (%.0f ev/s), R3a = %.3f (%.0f/s);"
                                    + " raw single %.0f rows/s, raw batch %.0f rows/s; load %.2f → %.2f%n",
                            i,
                            row.get("R1"),
                            row.get("trackEventsPerSecond64Clients"),
                            row.get("R2"),
                            row.get("batchEventsPerSecond16Clients"),
                            row.get("R3a"),
                            row.get("identifyPerSecond32Clients"),
                            row.get("rawSingleInsertRowsPerSecond16Conns"),
                            row.get("rawBatchInsertRowsPerSecond1000PerCommit"),
                            loadBefore,
                            loadAfter);
                }
                ratios.add(Ratio.of(
                        "R1 single-event ingest (POST /v1/track c=64 ÷ raw single-row inserts)",
                        r1,
                        1.0,
                        smoke,
                        false));
                ratios.add(Ratio.of(
                        "R2 batch ingest (POST /v1/batch ×100 ÷ raw JDBC batches of 1000)", r2, 0.5, smoke, false));
                ratios.add(Ratio.of(
                        "R3a identify (POST /v1/identify c=32 ÷ raw single-row inserts)", r3a, 0.5, smoke, false));

                Map<String, Object> merge = customers.merges(smoke ? 5 : 20);
                System.out.println("R3b merge: " + merge);
                ratios.add(Ratio.of(
                        "R3b merge of 2×1000 events (p99 ÷ raw bulk UPDATE p99)",
                        List.of((Double) merge.get("R3b")),
                        3.0,
                        smoke,
                        true));

                Map<String, Object> storm = customers.storm(smoke ? 2000 : 10_000, smoke ? 50 : 200, 10);
                System.out.println("R3c merge storm: " + storm);
                double stormShare = (Double) storm.get("identifiesPerSecond") / median(identifyRates);
                storm.put("throughputShareOfR3a", stormShare);
                if (!Boolean.TRUE.equals(storm.get("passed"))) {
                    failures.add("R3c merge storm did not end as the union-find predicts: " + storm);
                }
                ratios.add(Ratio.of(
                        "R3c merge-storm throughput (÷ R3a identify rate)", List.of(stormShare), 0.3, smoke, false));

                UUID busy = customers.customerWithEvents("r4-" + UUID.randomUUID(), 1000);
                Map<String, Object> timeline = customers.timeline(busy, round);
                System.out.println("R4 timeline: " + timeline);
                ratios.add(Ratio.of(
                        "R4 timeline first page, 1 client (p99 ÷ raw composite p99)",
                        List.of((Double) timeline.get("R4_1")),
                        2.0,
                        smoke,
                        true));
                ratios.add(Ratio.of(
                        "R4 timeline first page, 16 clients (p99 ÷ raw composite p99)",
                        List.of((Double) timeline.get("R4_16")),
                        2.0,
                        smoke,
                        true));

                // R5 and the commerce benchmarks (issue 5)
                CommerceBench commerce = new CommerceBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN);
                Map<String, Object> reservations = commerce.reservations(smoke ? 2000 : 5000);
                System.out.println("R5 reservations: " + reservations);
                if (!Boolean.TRUE.equals(reservations.get("passed"))) {
                    failures.add("R5 no-oversell gates failed: " + reservations);
                }
                ratios.add(Ratio.of(
                        "R5 reservations, 1 SKU, c=64 (÷ raw conditional UPDATE, 64 conns)",
                        List.of((Double) reservations.get("R5")),
                        1.0,
                        smoke,
                        false));
                Map<String, Object> expiries = commerce.expiries(2000, smoke ? Duration.ofSeconds(5) : round);
                System.out.println("R5 expiries: " + expiries);
                if (!Boolean.TRUE.equals(expiries.get("passed"))) {
                    failures.add("R5 expiry gate (reserved + available == initial) failed: " + expiries);
                }
                Map<String, Object> checkout = commerce.checkout(round);
                System.out.println("Checkout: " + checkout);
                if (!Boolean.TRUE.equals(checkout.get("passed"))) {
                    failures.add("Checkout oversell gate failed: " + checkout);
                }
                Map<String, Object> near = smoke
                        ? commerce.availability(200, 500, Duration.ofSeconds(5))
                        : commerce.availability(1000, 5000, round);
                System.out.println("Availability near me: " + near);

                String conversationReport = conversations(jdbc, appPort, raw, smoke, round, failures);

                Map<String, Object> summary = new LinkedHashMap<>();
                ratios.forEach(r -> summary.put(r.name(), r.asMap()));
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("header", header);
                document.put("summary", summary);
                document.put("r0Rounds", results);
                document.put("ingestRounds", ingestRounds);
                document.put("merge", merge);
                document.put("storm", storm);
                document.put("timeline", timeline);
                document.put("reservations", reservations);
                document.put("expiries", expiries);
                document.put("checkout", checkout);
                document.put("availability", near);
                JsonMapper json = JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build();
                Files.writeString(out.resolve("results.json"), json.writeValueAsString(document));
                Files.writeString(
                        out.resolve("results.md"),
                        markdown(header, results, ratios, storm)
                                + commerceMarkdown(reservations, expiries, checkout, near)
                                + conversationReport);
                System.out.println(Files.readString(out.resolve("results.md")));
                ratios.stream().filter(r -> !r.passed()).forEach(r -> failures.add(r.describe()));
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("Benchmark gates not met:\n  " + String.join("\n  ", failures));
                }
            } finally {
                app.destroy();
                hello.destroy();
                app.waitFor(20, TimeUnit.SECONDS);
                hello.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** R6a–c and the inbox page (issue 4); gate failures are added to {@code failures}; answers a report. */
    /** M2 (issue 18): a five-rule segment's live count through the API ÷ the same count in hand-written SQL. */
    private static String marketing(String jdbc, int appPort, boolean smoke) throws Exception {
        int customers = smoke ? 100_000 : 1_000_000;
        MarketingBench bench = new MarketingBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN);
        System.out.println("Seeding " + customers + " customers with 10 tracked events each …");
        long start = System.nanoTime();
        bench.seed(customers);
        System.out.printf("seeded in %.0f s%n", (System.nanoTime() - start) / 1e9);
        Map<String, Object> m2 = bench.m2(smoke ? 5 : 9);
        System.out.println("M2: " + m2);
        if (!m2.get("apiCount").equals(m2.get("rawCount"))) {
            throw new IllegalStateException("M2: the segment and the hand-written SQL disagree: " + m2);
        }
        return String.format(
                "%n## Marketing (issue 18)%n%n| benchmark | result | baseline | ratio | target |%n|---|---|---|---|---|%n"
                        + "| M2 live count, 5-rule segment over %,d customers / %,d events | median %.0f ms"
                        + " (%s customers) | hand-written SQL median %.0f ms | %.2f | ≤ 1.5 |%n",
                customers,
                customers * 10L,
                (Double) m2.get("apiMedianMs"),
                m2.get("apiCount"),
                (Double) m2.get("rawMedianMs"),
                (Double) m2.get("M2"));
    }

    /** A1 and A3 (issue 15): folding tracked events into sessions, and a full rebuild, against raw SQL. */
    private static String analytics(String jdbc, int appPort, boolean smoke) throws Exception {
        int customers = smoke ? 20_000 : 200_000;
        int visits = 10;
        int pages = 5;
        AnalyticsBench bench = new AnalyticsBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN);
        System.out.println("Seeding " + customers + " customers with " + visits + " visits of " + pages + " pages …");
        long events = bench.seed(customers, visits, pages);
        resetStatements(jdbc);
        double folded = bench.caughtUp(3_600);
        printStatements(jdbc, "A1");
        double raw = bench.rawInsert();
        double a1 = (events / folded) / (events / raw);
        System.out.printf(
                "A1: %,d events folded in %.1f s (%.0f/s); raw insert %.1f s (%.0f/s); ratio %.3f%n",
                events, folded, events / folded, raw, events / raw, a1);
        resetStatements(jdbc);
        Map<String, Object> a3 = bench.rebuild();
        printStatements(jdbc, "A3");
        System.out.println("A3: " + a3);
        if (!a3.get("sessions").equals(a3.get("rawSessions"))) {
            throw new IllegalStateException("A3: the rebuild and the hand-written sessionisation disagree: " + a3);
        }
        Map<String, Object> a2 = bench.overview(10_000_000L, smoke ? 200 : 1_000);
        System.out.println("A2: " + a2);
        return String.format(
                "%n## Analytics (issue 15)%n%n| benchmark | result | baseline | ratio | target |%n|---|---|---|---|---|%n"
                        + "| A1 events folded into sessions (%,d events, %,d customers) | %.1f s, %,.0f events/s"
                        + " | one INSERT … SELECT of the same events: %.1f s, %,.0f/s | %.3f | ≥ 0.5 |%n"
                        + "| A3 full rebuild (%,d sessions) | %.1f s | hand-written lag + GROUP BY: %.1f s | %.1f | ≤ 3 |%n"
                        + "| A2 overview of a year, 12 channels (%,d hourly buckets, %,d events' worth) | p99 %.1f ms"
                        + " (p50 %.1f) | raw query over the hourly rollups: p99 %.1f ms (p50 %.1f) | %.2f | p99 ≤ 50 ms,"
                        + " ≤ 2 |%n",
                events,
                customers,
                folded,
                events / folded,
                raw,
                events / raw,
                a1,
                (Long) a3.get("sessions"),
                (Double) a3.get("rebuildSeconds"),
                (Double) a3.get("rawSeconds"),
                (Double) a3.get("A3"),
                (Long) a2.get("buckets"),
                (Long) a2.get("events"),
                (Double) a2.get("apiP99Ms"),
                (Double) a2.get("apiP50Ms"),
                (Double) a2.get("rawP99Ms"),
                (Double) a2.get("rawP50Ms"),
                (Double) a2.get("A2"));
    }

    private static String imports(String jdbc, int appPort, boolean smoke) throws Exception {
        int rows = smoke ? 100_000 : 1_000_000;
        ImportBench bench = new ImportBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN);
        Path file = bench.file(rows);
        System.out.println("Importing " + rows + " customers (" + Files.size(file) / 1024 / 1024 + " MB) …");
        resetStatements(jdbc);
        Map<String, Object> run = bench.run(file);
        printStatements(jdbc, "I1");
        Files.delete(file);
        double raw = bench.rawCopy(rows);
        double seconds = (Double) run.get("seconds");
        double i1 = raw / seconds;
        System.out.printf("I1: %s; raw COPY %.1f s; ratio %.3f%n", run, raw, i1);
        return String.format(
                "%n## Bulk import (issue 16)%n%n| benchmark | result | baseline | ratio | target |%n|---|---|---|---|---|%n"
                        + "| I1 %,d customers (user id, e-mail, name, a trait, a consent) imported from CSV, upload"
                        + " included | %.1f s, %,.0f rows/s, peak heap %.0f MB | COPY of the same rows into the same"
                        + " tables: %.1f s, %,.0f rows/s | %.3f | ≥ 0.3 |%n",
                rows, seconds, rows / seconds, (Double) run.get("peakHeapMb"), raw, rows / raw, i1);
    }

    private static String conversations(
            String jdbc, int appPort, RawBaselines raw, boolean smoke, Duration round, List<String> failures)
            throws Exception {
        ConversationBench bench = new ConversationBench(jdbc, "http://127.0.0.1:" + appPort, TOKEN);
        bench.connect();
        System.out.println("Warming up conversations …");
        bench.inbound(smoke ? Duration.ofSeconds(5) : Duration.ofSeconds(20), raw);
        resetStatements(jdbc);
        Map<String, Object> inbound = bench.inbound(round, raw);
        System.out.println("R6a inbound: " + inbound);
        printStatements(jdbc, "R6a");
        if (!Boolean.TRUE.equals(inbound.get("passed"))) {
            failures.add("R6a: a webhook was refused or an accepted message was not threaded: " + inbound);
        }
        Map<String, Object> fanOut = bench.fanOut(200, smoke ? Duration.ofSeconds(5) : round, raw);
        System.out.println("R6b fan-out: " + fanOut);
        if (!Long.valueOf(0).equals(fanOut.get("deliveriesMissingAfter60s"))) {
            failures.add("R6b: some streams never received some messages: " + fanOut);
        }
        Map<String, Object> reconnect = bench.reconnect();
        System.out.println("R6c reconnect: " + reconnect);
        if (!Boolean.TRUE.equals(reconnect.get("passed"))) {
            failures.add("R6c reconnect gate failed: " + reconnect);
        }
        Map<String, Object> inbox = bench.inbox(smoke ? 20_000 : 100_000, smoke ? Duration.ofSeconds(5) : round);
        System.out.println("Inbox first page: " + inbox);
        return String.format(
                "%n## Conversations (issue 4)%n%n| benchmark | result | baseline | ratio | target |%n|---|---|---|---|---|%n"
                        + "| R6a signed webhook → threaded, c=32 | %.0f msgs/s (accepted %.0f/s) | %.0f single-row"
                        + " inserts/s, 32 conns | %.2f | ≥ 0.5 |%n"
                        + "| R6b fan-out to 50 streams at 200 msgs/s | p99 %.1f ms (p50 %.1f; %s of %s delivered)"
                        + " | INSERT + pg_notify → LISTEN"
                        + " p99 %.2f ms | %.1f× | ≤ 3× |%n"
                        + "| R6c reconnect with Last-Event-ID | %s of 100 missed, in order %s, once %s | – | – | gate |%n"
                        + "| inbox first page, %d open | p99 %.2f ms | raw query p99 %.2f ms | %.1f× | – |%n",
                inbound.get("threadedPerSecond"),
                inbound.get("acceptedPerSecond32Clients"),
                inbound.get("rawSingleInsertsPerSecond32Conns"),
                inbound.get("R6a"),
                fanOut.get("p99Ms"),
                fanOut.get("p50Ms"),
                fanOut.get("deliveriesMeasured"),
                fanOut.get("deliveriesExpected"),
                fanOut.get("rawNotifyRoundTripP99Ms"),
                fanOut.get("R6b"),
                reconnect.get("replayedReceivedForThem"),
                reconnect.get("inOrder"),
                reconnect.get("distinct"),
                inbox.get("openConversations"),
                inbox.get("apiP99Ms"),
                inbox.get("rawP99Ms"),
                inbox.get("ratioP99"));
    }

    /** {@code -Dbench.statements=true}: where the database time goes, from pg_stat_statements, after R6a. */
    private static final boolean STATEMENTS = Boolean.getBoolean("bench.statements");

    private static void resetStatements(String jdbc) throws Exception {
        if (!STATEMENTS) {
            return;
        }
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    private static void printStatements(String jdbc, String label) throws Exception {
        if (!STATEMENTS) {
            return;
        }
        System.out.println("Statements during " + label + " (calls, total ms, mean ms, rows, query):");
        try (Connection c = DriverManager.getConnection(jdbc);
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT calls, total_exec_time, mean_exec_time, rows, query"
                                + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40")) {
            while (rs.next()) {
                System.out.printf(
                        "%8d %10.0f %8.3f %8d  %s%n",
                        rs.getLong(1),
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getLong(4),
                        rs.getString(5)
                                .replaceAll("\\s+", " ")
                                .substring(
                                        0,
                                        Math.min(
                                                160,
                                                rs.getString(5)
                                                        .replaceAll("\\s+", " ")
                                                        .length())));
            }
        }
    }

    private static Process startApp(String jdbc, int port, Path work) throws IOException {
        File jar = Files.list(Path.of("target"))
                .filter(p -> p.getFileName().toString().matches("oneplace-.*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("run ./mvnw -Pbench verify so the jar is built"))
                .toFile();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.getPath())
                .redirectOutput(work.resolve("app.log").toFile())
                .redirectErrorStream(true);
        builder.environment().put("SPRING_DATASOURCE_URL", jdbc);
        builder.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("ONEPLACE_DATA_DIR", work.resolve("app").toString());
        builder.environment().put("ONEPLACE_BOOTSTRAP_API_TOKEN", TOKEN);
        builder.environment().put("ONEPLACE_BOOTSTRAP_WRITE_KEY", WRITE_KEY);
        builder.environment().put("ONEPLACE_INVENTORY_EXPIRY_INTERVAL", "1s");
        // the load generator is one client sending thousands of requests a second: not what rate limits are for
        builder.environment().put("ONEPLACE_PLATFORM_RATE_LIMITS_ENABLED", "false");
        // the bench's provider address is a closed port on this machine
        builder.environment().put("ONEPLACE_OUTBOUND_ALLOW", "127.0.0.1");
        if (!Boolean.parseBoolean(System.getProperty("bench.analytics", "true"))) {
            // -Dbench.analytics=false: analytics folds nothing during the run, to see what it costs ingestion
            builder.environment().put("ONEPLACE_ANALYTICS_RUN_INTERVAL", "24h");
        }
        return builder.start();
    }

    private static Process startHello(int port) throws IOException {
        return new ProcessBuilder(
                        javaBinary(),
                        "-cp",
                        Path.of("target", "test-classes").toString(),
                        HelloServer.class.getName(),
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitReady(String url, Process process) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(url + ": the process exited with " + process.exitValue());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not become ready within 120 s");
    }

    private static Map<String, Object> header(String jdbc, boolean smoke) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("mode", "durable (fsync=on, synchronous_commit=on)");
        header.put("smoke", smoke);
        try (Connection c = DriverManager.getConnection(jdbc);
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            header.put("postgres", rs.getString(1));
            header.put("fsync", rs.getString(2));
            header.put("synchronousCommit", rs.getString(3));
        }
        header.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        header.put("cores", Runtime.getRuntime().availableProcessors());
        header.put("appPoolSize", 20);
        header.put("httpConcurrency", 64);
        header.put("gitSha", gitSha());
        header.put("startedAt", Instant.now().toString());
        return header;
    }

    /** One gated ratio: the median over rounds (or a single figure) against its target. */
    record Ratio(
            String name, double median, double min, double max, double target, double gate, boolean lowerIsBetter) {

        static Ratio of(String name, List<Double> values, double target, boolean smoke, boolean lowerIsBetter) {
            double gate = smoke ? (lowerIsBetter ? target * 2 : target / 2) : target;
            return new Ratio(
                    name,
                    Bench.median(values),
                    values.stream().mapToDouble(d -> d).min().orElseThrow(),
                    values.stream().mapToDouble(d -> d).max().orElseThrow(),
                    target,
                    gate,
                    lowerIsBetter);
        }

        boolean passed() {
            return lowerIsBetter ? median <= gate : median >= gate;
        }

        String describe() {
            return String.format("%s: %.3f, gate %s %.3f", name, median, lowerIsBetter ? "≤" : "≥", gate);
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("median", median);
            map.put("min", min);
            map.put("max", max);
            map.put("target", (lowerIsBetter ? "<= " : ">= ") + target);
            map.put("gate", gate);
            map.put("passed", passed());
            return map;
        }
    }

    private static String markdown(
            Map<String, Object> header,
            List<Map<String, Object>> rounds,
            List<Ratio> ratios,
            Map<String, Object> storm) {
        StringBuilder md = new StringBuilder("# Oneplace benchmark\n\n");
        header.forEach(
                (k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| ratio | median | min | max | target | gate (this run) | met |\n|---|---|---|---|---|---|---|\n");
        for (Ratio r : ratios) {
            String sign = r.lowerIsBetter() ? "≤" : "≥";
            md.append(String.format(
                    "| %s | %.3f | %.3f | %.3f | %s %.2f | %s %.3f | %s |%n",
                    r.name(),
                    r.median(),
                    r.min(),
                    r.max(),
                    sign,
                    r.target(),
                    sign,
                    r.gate(),
                    r.passed() ? "yes" : "no"));
        }
        md.append(String.format(
                "%nR3c merge storm (correctness gate): %s calls, %s customers predicted by union-find, %s found,"
                        + " %s split, %s orphan identifiers, %s events stored, failed calls %s → %s%n",
                storm.get("calls"),
                storm.get("predictedCustomers"),
                storm.get("customers"),
                storm.get("splitComponents"),
                storm.get("orphanIdentifiers"),
                storm.get("eventsStored"),
                storm.get("failedCalls"),
                Boolean.TRUE.equals(storm.get("passed")) ? "passed" : "FAILED"));
        md.append("\n| round | R0 | API rps | JDK rps | insert rows/s (16 conns) | batch rows/s | PK p50/p99 ms"
                + " | notify p50/p99 ms | load before → after |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> row : rounds) {
            md.append(String.format(
                    "| %s | %.3f | %.0f | %.0f | %.0f | %.0f | %.2f / %.2f | %.2f / %.2f | %.2f → %.2f%s |%n",
                    row.get("round"),
                    row.get("r0"),
                    row.get("apiGetRps"),
                    row.get("jdkHelloRps"),
                    row.get("singleInsertRowsPerSecond16Conns"),
                    row.get("batchInsertRowsPerSecond1000PerCommit"),
                    row.get("pkReadP50Ms"),
                    row.get("pkReadP99Ms"),
                    row.get("notifyRoundTripP50Ms"),
                    row.get("notifyRoundTripP99Ms"),
                    row.get("loadAverageBefore"),
                    row.get("loadAverageAfter"),
                    Boolean.TRUE.equals(row.get("flagged")) ? " (flagged)" : ""));
        }
        return md.toString();
    }

    private static String commerceMarkdown(
            Map<String, Object> reservations,
            Map<String, Object> expiries,
            Map<String, Object> checkout,
            Map<String, Object> near) {
        return String.format(
                "%n## Commerce%n%n"
                        + "- R5: %s units on one SKU, %.0f reservations/s at c=64 vs %.0f raw conditional UPDATEs/s"
                        + " (ratio %.3f); %s succeeded, %s sold-out 409s (p99 %.1f ms vs success p99 %.1f ms);"
                        + " level after: on hand %s, reserved %s, available %s → %s%n"
                        + "- R5 expiries: %s one-second reservations while the expiry job ran; after settling reserved"
                        + " %s, available %s, ledger on hand %s / reserved %s → %s%n"
                        + "- Checkout, 64 buyers, 10 hot SKUs × 3 stores: %.0f orders/s vs %.0f raw checkout"
                        + " transactions/s (ratio %.3f); %s orders, %s failed; oversell check → %s%n"
                        + "- Availability near me, %s stores × %s SKUs (%s stock rows): p50/p99 %.2f / %.2f ms vs raw"
                        + " %.2f / %.2f ms (p99 ratio %.2f)%n",
                reservations.get("units"),
                reservations.get("reservationsPerSecond64Clients"),
                reservations.get("rawConditionalUpdatesPerSecond64Conns"),
                reservations.get("R5"),
                reservations.get("succeeded"),
                reservations.get("soldOutAnswers"),
                reservations.get("soldOutP99Ms"),
                reservations.get("successP99Ms"),
                reservations.get("onHand"),
                reservations.get("reserved"),
                reservations.get("available"),
                Boolean.TRUE.equals(reservations.get("passed")) ? "passed" : "FAILED",
                expiries.get("reservationsMade"),
                expiries.get("reserved"),
                expiries.get("available"),
                expiries.get("ledgerOnHand"),
                expiries.get("ledgerReserved"),
                Boolean.TRUE.equals(expiries.get("passed")) ? "passed" : "FAILED",
                checkout.get("ordersPerSecond64Buyers"),
                checkout.get("rawCheckoutTransactionsPerSecond64Conns"),
                checkout.get("ratio"),
                checkout.get("orders"),
                checkout.get("failedOrders"),
                Boolean.TRUE.equals(checkout.get("passed")) ? "passed" : "FAILED",
                near.get("stores"),
                near.get("skus"),
                near.get("stockRows"),
                near.get("appP50Ms"),
                near.get("appP99Ms"),
                near.get("rawP50Ms"),
                near.get("rawP99Ms"),
                near.get("ratio"));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String gitSha() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start();
            return new String(git.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
