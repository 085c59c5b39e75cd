package org.oneplace.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import org.oneplace.analytics.internal.AnalyticsSessionRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sessions analytics keeps incrementally equal the sessions a rebuild derives from scratch, after random traffic
 * on the web and in the app sent out of order (events days late, between others already folded), merges of random
 * customers and undos of some of them — while analytics folds what arrives as it goes. Seeded; the seed is printed.
 */
class IncrementalEqualsRebuildTests extends OneplaceIntegrationTest {

    @Autowired
    AnalyticsSessionRepository sessions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void incrementalFiguresEqualARebuildAfterRandomTrafficMergesAndLateEvents() throws Exception {
        long seed = System.nanoTime();
        System.out.println("IncrementalEqualsRebuildTests seed " + seed);
        Random random = new Random(seed);
        Instant base =
                Instant.now().minus(Duration.ofDays(40 + random.nextInt(200))).truncatedTo(ChronoUnit.HOURS);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            devices.add("inc-" + tag + "-" + i);
        }
        // events at random minutes of three days, sent in a shuffled order: most arrive "late" relative to others
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String device = devices.get(random.nextInt(devices.size()));
            Instant at = base.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
            events.add(SegmentCalls.page(null, device, random.nextBoolean() ? "web" : "app", at));
        }
        Collections.shuffle(events, random);
        // every device is seen once first, so every customer exists before merges pick among them
        List<Map<String, Object>> first = new ArrayList<>();
        for (String device : devices) {
            first.add(
                    SegmentCalls.page(null, device, "web", base.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)))));
        }
        Answer opened = api.segment("/v1/batch", WRITE_KEY, Map.of("batch", first));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> devices.stream()
                        .allMatch(d -> api.get("/api/v1/customers/lookup?type=anonymous_id&value=" + d, ADMIN_TOKEN)
                                        .status()
                                == 200));
        List<String> merges = new ArrayList<>();
        int undone = 0;
        for (int round = 0; round < 8; round++) {
            List<Map<String, Object>> batch = events.subList(round * 30, round * 30 + 30);
            Answer sent = api.segment("/v1/batch", WRITE_KEY, Map.of("batch", batch));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            // a merge of two customers now, and now and then the undo of an earlier one
            String a = liveCustomer(devices.get(random.nextInt(devices.size())));
            String b = liveCustomer(devices.get(random.nextInt(devices.size())));
            if (!a.equals(b)) {
                Answer merged = api.post(
                        "/api/v1/customers/merges",
                        ADMIN_TOKEN,
                        Map.of("survivorId", a, "mergedId", b, "reason", "test " + round));
                if (merged.status() == 201) {
                    merges.add(merged.json().path("id").asString());
                }
            }
            if (!merges.isEmpty() && random.nextInt(3) == 0) {
                String merge = merges.remove(random.nextInt(merges.size()));
                if (api.post("/api/v1/customers/merges/" + merge + "/undo", ADMIN_TOKEN, Map.of())
                                .status()
                        == 200) {
                    undone++;
                }
            }
            Thread.sleep(random.nextInt(400)); // sometimes analytics folds between rounds, sometimes not
        }
        System.out.println("IncrementalEqualsRebuildTests merges kept " + merges.size() + ", undone " + undone);

        Set<UUID> customers = new LinkedHashSet<>();
        devices.forEach(d -> customers.add(UUID.fromString(liveCustomer(d))));
        List<String> incremental = settled(customers);
        assertThat(incremental).isNotEmpty();
        Instant lo = base.minus(Duration.ofDays(2));
        Instant hi = base.plus(Duration.ofDays(5));
        List<String> buckets = rollups(lo, hi);
        assertThat(buckets).as("seed " + seed).isNotEmpty().containsExactlyElementsOf(aggregated(lo, hi));
        // sales: two orders of the test's customers, added to their buckets as their touches arrive
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Rollup scarf " + tag, 1_900);
        shop.stock(sku, shop.location("Rollup warehouse " + tag, 52.5, 13.4, false), 10);
        List<String> orders = new ArrayList<>();
        for (UUID customer : List.copyOf(customers).subList(0, 2)) {
            String channel = random.nextBoolean() ? "web" : "app";
            orders.add(shop.shipped(customer.toString(), channel, sku, 1 + random.nextInt(3))
                    .path("id")
                    .asString());
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from analytics_touch where order_id = any(:ids)")
                                .param(
                                        "ids",
                                        orders.stream().map(UUID::fromString).toArray(UUID[]::new))
                                .query(Long.class)
                                .single()
                        == orders.size());
        assertThat(salesDrift())
                .as("sales buckets that differ from their orders and returns")
                .isEmpty();
        // lose the sessions and spoil the buckets: the rebuild must make them again from the touches alone
        jdbc.sql("delete from analytics_session where customer_id = any(:ids)")
                .param("ids", customers.toArray(UUID[]::new))
                .update();
        jdbc.sql("update analytics_rollup set sessions = sessions + 1000 where bucket >= :lo and bucket < :hi")
                .param("lo", java.sql.Timestamp.from(lo))
                .param("hi", java.sql.Timestamp.from(hi))
                .update();
        assertThat(api.post("/api/v1/analytics/rebuild", ADMIN_TOKEN, Map.of()).status())
                .isEqualTo(202);
        List<String> rebuilt = settled(customers);
        assertThat(rebuilt).as("seed " + seed).containsExactlyElementsOf(incremental);
        // the buckets were built again from what the rebuild derived (the devices' customers' sessions are compared
        // above; one run, seed 67400175041753, found two one-page web sessions more in the window after the rebuild,
        // of some other customer id: an open question, see the README)
        assertThat(rollups(lo, hi)).as("seed " + seed).containsExactlyElementsOf(aggregated(lo, hi));
        assertThat(salesDrift()).as("sales buckets after the rebuild").isEmpty();
        // the rebuild derived into a table of its own and put it in place: with the same key and indexes
        assertThat(jdbc.sql("""
                        select indexname from pg_indexes where tablename = 'analytics_session' order by indexname
                        """).query(String.class).list())
                .containsExactly("analytics_session_pkey", "analytics_session_started_idx");
        assertThat(jdbc.sql("""
                        select count(*) from pg_constraint
                         where conrelid = 'analytics_session'::regclass and contype = 'p'
                        """).query(Long.class).single()).isEqualTo(1);
    }

    /** The hourly and daily rollups kept incrementally, in a window of time. */
    private List<String> rollups(Instant lo, Instant hi) {
        return jdbc.sql("""
                        select concat_ws('|', grain, bucket, channel, sessions, seconds::numeric(20, 6), bounces,
                                         converted)
                          from analytics_rollup
                         where bucket >= :lo and bucket < :hi and (sessions <> 0 or seconds <> 0 or bounces <> 0
                               or converted <> 0)
                         order by grain, bucket, channel
                        """)
                .param("lo", java.sql.Timestamp.from(lo))
                .param("hi", java.sql.Timestamp.from(hi))
                .query(String.class)
                .list();
    }

    /**
     * Sales buckets of the last two days that differ from the orders and returns underneath, in one statement (one
     * snapshot: a touch and its bucket are written together). Empty when they agree.
     */
    private List<String> salesDrift() {
        return jdbc.sql("""
                        with t as (
                            select at, channel, currency, 1 as orders, amount, units as sold, 0 as returned,
                                   0 as here
                              from analytics_touch where kind = 'order'
                            union all
                            select at, sold_on, '', 0, 0, 0, units, 0 from analytics_touch where kind = 'return'
                            union all
                            select at, channel, '', 0, 0, 0, 0, units from analytics_touch where kind = 'return'
                        ), fresh as (
                            select g.grain, g.bucket, channel, currency, sum(orders) as orders, sum(amount) as amount,
                                   sum(sold) as sold, sum(returned) as returned, sum(here) as here
                              from t cross join lateral (values ('hour', date_trunc('hour', t.at, 'UTC')),
                                                                ('day', date_trunc('day', t.at, 'UTC'))) g(grain, bucket)
                             group by 1, 2, 3, 4
                        ), kept as (
                            select grain, bucket, channel, currency, orders, amount, units_sold as sold,
                                   units_returned as returned, units_returned_here as here
                              from analytics_sales_rollup
                             where orders <> 0 or amount <> 0 or units_sold <> 0 or units_returned <> 0
                                or units_returned_here <> 0
                        ), recent_fresh as (
                            select * from fresh where bucket >= now() - interval '2 days'
                        ), recent_kept as (
                            select * from kept where bucket >= now() - interval '2 days'
                        )
                        select concat_ws('|', 'missing', grain, bucket, channel, currency)
                          from (select * from recent_fresh except select * from recent_kept) a
                        union all
                        select concat_ws('|', 'extra', grain, bucket, channel, currency)
                          from (select * from recent_kept except select * from recent_fresh) b
                        """).query(String.class).list();
    }

    /** The same figures aggregated afresh from the sessions (the test's zone is UTC). */
    private List<String> aggregated(Instant lo, Instant hi) {
        return jdbc.sql("""
                        select concat_ws('|', grain, bucket, channel, count(*),
                                         sum(extract(epoch from ended_at - started_at))::numeric(20, 6),
                                         count(*) filter (where touches = 1), count(*) filter (where converted))
                          from (select 'hour' as grain, date_trunc('hour', started_at, 'UTC') as bucket, *
                                  from analytics_session
                                union all
                                select 'day', date_trunc('day', started_at, 'UTC'), * from analytics_session) s
                         where bucket >= :lo and bucket < :hi
                         group by grain, bucket, channel
                         order by grain, bucket, channel
                        """)
                .param("lo", java.sql.Timestamp.from(lo))
                .param("hi", java.sql.Timestamp.from(hi))
                .query(String.class)
                .list();
    }

    /** The customers' sessions once analytics has read every tracked event and derived every marked customer. */
    private List<String> settled(Set<UUID> customers) {
        AtomicReference<List<String>> last = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    boolean caughtUp = jdbc.sql("""
                            select (select count(*) from analytics_dirty) = 0
                               and not exists (select 1 from analytics_state where key = 'rebuild')
                               and (select position from tracking_consumer where consumer = 'analytics')
                                   >= (select coalesce(max(position), 0) from tracking_event)
                            """).query(Boolean.class).single();
                    List<String> now = sessions.fingerprint(customers);
                    boolean same = now.equals(last.getAndSet(now));
                    return caughtUp && same;
                });
        return last.get();
    }

    private String liveCustomer(String device) {
        return customerId("anonymous_id", device);
    }
}
