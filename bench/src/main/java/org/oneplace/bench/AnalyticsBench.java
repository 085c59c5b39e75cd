package org.oneplace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A1 and A3 (issue 15). Tracked events are seeded straight into the database (as ingestion leaves them, positions
 * drawn), then:
 *
 * <ul>
 *   <li><b>A1</b>: the time until analytics has read them all from the feed and derived every session (its position
 *       at the newest event, no customer left marked), as events per second, ÷ inserting the same events into a
 *       table of their own with one {@code INSERT … SELECT} (raw inserts, durable);
 *   <li><b>A3</b>: {@code POST /api/v1/analytics/rebuild} until every session is derived again, ÷ one hand-written
 *       sessionisation of the same touches ({@code lag} and a running sum, then {@code GROUP BY}) into a table;
 *   <li><b>A2</b>: the overview of a year of hourly buckets across 12 channels, p99 ÷ the raw query over the rollups.
 * </ul>
 *
 * The two derivations must agree on the number of sessions.
 */
final class AnalyticsBench {

    private final String jdbc;
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    AnalyticsBench(String jdbc, String base, String token) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
    }

    /**
     * Customers with {@code visits} visits of {@code pages} page views each (a minute or two apart), the visits at
     * random moments of 30 days, on the web or in the app.
     */
    long seed(int customers, int visits, int pages) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("""
                    create temp table bench_customer as
                    select gen_random_uuid() as id, i from generate_series(1, %d) i
                    """.formatted(customers));
            s.execute("""
                    insert into customer (id, created_at, updated_at, traits, trait_times)
                    select id, now(), now(), '{}', '{}' from bench_customer
                    """);
            s.execute("""
                    insert into tracking_event (customer_id, id, first_customer_id, message_id, call, type, name,
                                                channel, write_key_id, anonymous_id, occurred_at, received_at)
                    select c.id, gen_random_uuid(), c.id, gen_random_uuid()::text, 'page', 'page_viewed', 'Home',
                           case when c.i %% 3 = 0 then 'app' else 'web' end, gen_random_uuid(), 'device-' || c.i,
                           v.at + p * (interval '60 seconds' + random() * interval '60 seconds'), now()
                      from bench_customer c
                           cross join lateral (select now() - (random() * interval '30 days') as at
                                                 from generate_series(1, %d) where c.i > 0) v
                           cross join generate_series(0, %d) p
                    """.formatted(visits, pages - 1));
            s.execute("analyze");
            return (long) customers * visits * pages;
        }
    }

    /** Seconds until analytics has read every event and derived every marked customer. */
    double caughtUp(double timeoutSeconds) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            while ((System.nanoTime() - start) / 1e9 < timeoutSeconds) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("""
                                select coalesce((select position from tracking_consumer where consumer = 'analytics'), -1)
                                           >= (select coalesce(max(position), 0) from tracking_event)
                                   and not exists (select 1 from analytics_dirty)
                                   and not exists (select 1 from analytics_state where key = 'rebuild')
                                """)) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return (System.nanoTime() - start) / 1e9;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("analytics did not catch up within " + timeoutSeconds + " s");
    }

    /** Seconds to insert the same events into a table of their own, in one statement (the raw baseline of A1). */
    double rawInsert() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("create table bench_raw_events (like tracking_event)");
            long start = System.nanoTime();
            s.execute("insert into bench_raw_events select * from tracking_event");
            double seconds = (System.nanoTime() - start) / 1e9;
            s.execute("drop table bench_raw_events");
            return seconds;
        }
    }

    /** A3: the rebuild through the API, then the hand-written sessionisation; seconds and sessions of each. */
    Map<String, Object> rebuild() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/analytics/rebuild"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("rebuild answered " + answer.statusCode() + ": " + answer.body());
        }
        caughtUp(3_600);
        double rebuild = (System.nanoTime() - start) / 1e9;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement s = c.createStatement()) {
            start = System.nanoTime();
            s.execute("""
                    create table bench_sessions as
                    with t as (
                        select customer_id, channel, device, at,
                               case when at - lag(at) over w <= interval '30 minutes' then 0 else 1 end as starts
                          from analytics_touch where in_session
                        window w as (partition by customer_id, channel, device order by at, source)
                    ), n as (
                        select customer_id, channel, device, at,
                               sum(starts) over (partition by customer_id, channel, device order by at
                                                 rows unbounded preceding) as k
                          from t
                    )
                    select customer_id, channel, device, min(at) as started_at, max(at) as ended_at, count(*) as touches
                      from n group by customer_id, channel, device, k
                    """);
            double raw = (System.nanoTime() - start) / 1e9;
            long rawSessions = count(s, "select count(*) from bench_sessions");
            long sessions = count(s, "select count(*) from analytics_session");
            s.execute("drop table bench_sessions");
            result.put("rebuildSeconds", rebuild);
            result.put("rawSeconds", raw);
            result.put("A3", rebuild / raw);
            result.put("sessions", sessions);
            result.put("rawSessions", rawSessions);
        }
        return result;
    }

    /**
     * A2: a year (2019) of hourly buckets for 12 channels written into the rollups as analytics leaves them (daily
     * buckets the sums of their hours, sales beside), about {@code events} events' worth; then {@code GET
     * /api/v1/analytics/overview} for the year, one client, {@code rounds} times, against the raw query over the
     * hourly rollup rows (sessions and sales summed per channel) through JDBC, alternating.
     */
    Map<String, Object> overview(long events, int rounds) throws Exception {
        String[] channels = {
            "web",
            "app",
            "store",
            "chat",
            "email",
            "whatsapp",
            "sms",
            "messenger",
            "instagram",
            "telegram",
            "phone",
            "push"
        };
        long buckets = 365L * 24 * channels.length;
        long perBucket = Math.max(1, events / buckets);
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("""
                    insert into analytics_rollup (grain, bucket, channel, sessions, seconds, bounces, converted, viewed,
                                                  carted, checked_out, ordered)
                    select 'hour', h, ch, %1$d / 5, %1$d * 40, %1$d / 20, %1$d / 50, %1$d / 10, %1$d / 20,
                           %1$d / 30, %1$d / 60
                      from generate_series(timestamptz '2019-01-01 00:00Z', timestamptz '2019-12-31 23:00Z',
                                           interval '1 hour') h
                           cross join unnest(cast(:channels as text[])) ch
                    """.replace(":channels", "'{" + String.join(",", channels) + "}'")
                    .formatted(perBucket));
            s.execute("""
                    insert into analytics_rollup (grain, bucket, channel, sessions, seconds, bounces, converted, viewed,
                                                  carted, checked_out, ordered)
                    select 'day', date_trunc('day', bucket, 'UTC'), channel, sum(sessions), sum(seconds), sum(bounces),
                           sum(converted), sum(viewed), sum(carted), sum(checked_out), sum(ordered)
                      from analytics_rollup where grain = 'hour' and bucket < '2020-01-01Z' group by 2, 3
                    """);
            s.execute("""
                    insert into analytics_sales_rollup (grain, bucket, channel, currency, orders, amount, units_sold,
                                                        units_returned, units_returned_here)
                    select grain, bucket, channel, 'EUR', converted, converted * 4_200, converted * 2, converted / 10,
                           converted / 10
                      from analytics_rollup where bucket < '2020-01-01Z'
                    """);
            s.execute("analyze analytics_rollup");
            s.execute("analyze analytics_sales_rollup");
        }
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/analytics/overview?from=2019-01-01&to=2019-12-31"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        String raw = """
                select channel, sum(sessions), sum(seconds), sum(bounces), sum(converted) from analytics_rollup
                 where grain = 'hour' and bucket >= '2019-01-01Z' and bucket < '2020-01-01Z' group by channel
                """;
        String rawSales = """
                select channel, currency, sum(orders), sum(amount), sum(units_sold), sum(units_returned),
                       sum(units_returned_here) from analytics_sales_rollup
                 where grain = 'hour' and bucket >= '2019-01-01Z' and bucket < '2020-01-01Z' group by channel, currency
                """;
        double[] api = new double[rounds];
        double[] sql = new double[rounds];
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                java.sql.PreparedStatement sessions = c.prepareStatement(raw);
                java.sql.PreparedStatement sales = c.prepareStatement(rawSales)) {
            for (int i = -rounds / 5; i < rounds; i++) { // the first fifth warms up
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                double apiMillis = (System.nanoTime() - start) / 1e6;
                if (answer.statusCode() != 200 || !answer.body().contains("\"push\"")) {
                    throw new IllegalStateException("overview answered " + answer.statusCode() + ": " + answer.body());
                }
                start = System.nanoTime();
                drain(sessions);
                drain(sales);
                double sqlMillis = (System.nanoTime() - start) / 1e6;
                if (i >= 0) {
                    api[i] = apiMillis;
                    sql[i] = sqlMillis;
                }
            }
        }
        java.util.Arrays.sort(api);
        java.util.Arrays.sort(sql);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("buckets", buckets);
        result.put("events", perBucket * buckets);
        result.put("apiP50Ms", api[rounds / 2]);
        result.put("apiP99Ms", api[(int) Math.ceil(rounds * 0.99) - 1]);
        result.put("rawP50Ms", sql[rounds / 2]);
        result.put("rawP99Ms", sql[(int) Math.ceil(rounds * 0.99) - 1]);
        result.put("A2", api[(int) Math.ceil(rounds * 0.99) - 1] / sql[(int) Math.ceil(rounds * 0.99) - 1]);
        return result;
    }

    private static void drain(java.sql.PreparedStatement statement) throws Exception {
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
