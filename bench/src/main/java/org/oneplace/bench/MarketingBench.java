package org.oneplace.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * M2 (issue 18): the live count of a five-rule segment — two traits, a consent, "viewed a skincare product at least
 * twice in 30 days", "did not order in 30 days" — over seeded customers and tracked events, through
 * {@code POST /api/v1/segments/count}, against the same count written by hand in SQL, in the same database. The
 * rounds alternate the two; the ratio is of the medians.
 */
final class MarketingBench {

    private static final String RULES = """
            {"rules": {"all": [
              {"trait": "city", "equals": "Lyon"},
              {"trait": "vip", "equals": "true"},
              {"consent": {"channel": "email", "purpose": "marketing"}},
              {"event": "product_viewed", "where": {"category": "skincare"}, "atLeast": 2, "withinDays": 30},
              {"not": {"event": "order_completed", "withinDays": 30}}
            ]}}""";

    private static final String BY_HAND = """
            with consented as (
                select distinct on (customer_id) customer_id, status from consent_record
                 where channel = 'email' and purpose = 'marketing'
                 order by customer_id, at desc, id desc),
            viewed as (
                select customer_id from tracking_event
                 where type = 'product_viewed' and occurred_at >= now() - interval '30 days'
                   and properties @> '{"category": "skincare"}'
                 group by customer_id having count(*) >= 2)
            select count(*) from customer c
              join consented k on k.customer_id = c.id and k.status = 'granted'
              join viewed v on v.customer_id = c.id
             where c.merged_into is null and c.erased_at is null
               and c.traits ->> 'city' = 'Lyon' and c.traits ->> 'vip' = 'true'
               and not exists (select 1 from tracking_event o where o.customer_id = c.id
                                  and o.type = 'order_completed' and o.occurred_at >= now() - interval '30 days')
            """;

    private final String jdbc;
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    MarketingBench(String jdbc, String base, String token) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
    }

    /** Seeds customers (10 tracked events each) straight into the database, as an import would leave them. */
    void seed(int customers) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("""
                    insert into customer (id, created_at, updated_at, traits, trait_times)
                    select gen_random_uuid(), now(), now(),
                           jsonb_build_object('city', (array['Lyon', 'Paris', 'Berlin', 'Rome'])[1 + i %% 4],
                                              'vip', (i %% 5 = 0)::text),
                           '{}'
                      from generate_series(1, %d) i
                    """.formatted(customers));
            s.execute("""
                    insert into consent_record (id, customer_id, first_customer_id, channel, purpose, status, at,
                                                source, evidence, recorded_by, recorded_at)
                    select gen_random_uuid(), id, id, 'email', 'marketing',
                           case when random() < 0.6 then 'granted' else 'denied' end, now(), 'bench', 'bench',
                           'bench', now()
                      from customer
                    """);
            s.execute("""
                    insert into tracking_event (customer_id, id, first_customer_id, message_id, call, type, name,
                                                channel, write_key_id, occurred_at, received_at, properties)
                    select c.id, gen_random_uuid(), c.id, gen_random_uuid()::text, 'track',
                           case when n = 10 and random() < 0.2 then 'order_completed' else 'product_viewed' end,
                           'Product Viewed', 'web', gen_random_uuid(), now() - (random() * interval '60 days'), now(),
                           jsonb_build_object('category', (array['skincare', 'shoes', 'bags'])[1 + (random() * 2)::int])
                      from customer c cross join generate_series(1, 10) n
                    """);
            s.execute("analyze");
        }
    }

    /** Median milliseconds of the API count and of the hand-written SQL, alternating, and the counts they gave. */
    Map<String, Object> m2(int rounds) throws Exception {
        List<Double> api = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        long apiCount = 0;
        long rawCount = 0;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            for (int i = 0; i < rounds + 2; i++) {
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/segments/count"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(RULES))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                double apiMs = (System.nanoTime() - start) / 1e6;
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException(
                            "segment count answered " + answer.statusCode() + ": " + answer.body());
                }
                apiCount = Long.parseLong(answer.body().replaceAll("\\D", ""));
                start = System.nanoTime();
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(BY_HAND)) {
                    rs.next();
                    rawCount = rs.getLong(1);
                }
                double rawMs = (System.nanoTime() - start) / 1e6;
                if (i >= 2) { // two warm-up rounds: plans and caches
                    api.add(apiMs);
                    raw.add(rawMs);
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("apiMedianMs", Bench.median(api));
        result.put("rawMedianMs", Bench.median(raw));
        result.put("M2", Bench.median(api) / Bench.median(raw));
        result.put("apiCount", apiCount);
        result.put("rawCount", rawCount);
        result.put("apiMs", api);
        result.put("rawMs", raw);
        return result;
    }
}
