package org.oneplace.analytics.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rollups (see the migration): additive figures per channel in hourly and daily buckets. The statements that
 * write sessions and sales touches add to them through {@link #sessions} and {@link #sales}, in the same statement
 * (a data-modifying {@code WITH}), so a bucket never disagrees with the rows underneath; {@link #recompute} builds
 * them again from those rows. Reads combine whole days, whole hours and, at a period's ragged edges, the sessions
 * and touches themselves, so every period is answered exactly.
 */
@Repository
public class RollupRepository {

    /** Both grains, each with the bucket a row at {@code %1$s} falls in (hours in UTC, days in {@code :zone}). */
    private static final String GRAINS = """
            cross join lateral (values ('hour', date_trunc('hour', %1$s, 'UTC')),
                                       ('day', date_trunc('day', %1$s, cast(:zone as text)))) g(grain, bucket)
            """;

    private final JdbcClient jdbc;

    RollupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * SQL that adds ({@code sign} 1) or subtracts (-1) the sessions in relation {@code rows} (columns of {@code
     * analytics_session}) to or from their buckets; needs the parameter {@code :zone}.
     */
    static String sessions(String rows, int sign) {
        return """
                insert into analytics_rollup (grain, bucket, channel, sessions, seconds, bounces, converted, viewed,
                                              carted, checked_out, ordered)
                select g.grain, g.bucket, r.channel, %2$d * count(*),
                       %2$d * sum(extract(epoch from r.ended_at - r.started_at)),
                       %2$d * count(*) filter (where r.touches = 1), %2$d * count(*) filter (where r.converted),
                       %2$d * count(*) filter (where r.viewed), %2$d * count(*) filter (where r.viewed and r.carted),
                       %2$d * count(*) filter (where r.viewed and r.carted and r.checked_out),
                       %2$d * count(*) filter (where r.viewed and r.carted and r.checked_out and r.converted)
                  from %1$s r
                """.formatted(rows, sign) + GRAINS.formatted("r.started_at") + """
                 group by 1, 2, 3 order by 1, 2, 3
                on conflict (grain, bucket, channel) do update
                   set sessions = analytics_rollup.sessions + excluded.sessions,
                       seconds = analytics_rollup.seconds + excluded.seconds,
                       bounces = analytics_rollup.bounces + excluded.bounces,
                       converted = analytics_rollup.converted + excluded.converted,
                       viewed = analytics_rollup.viewed + excluded.viewed,
                       carted = analytics_rollup.carted + excluded.carted,
                       checked_out = analytics_rollup.checked_out + excluded.checked_out,
                       ordered = analytics_rollup.ordered + excluded.ordered
                """;
    }

    /**
     * SQL that adds the orders and returns in relation {@code rows} (columns of {@code analytics_touch}) to their
     * buckets: an order to its channel and currency; a return's units to the channel that sold them and to the one
     * they came back through (currency ''). Needs {@code :zone}.
     */
    static String sales(String rows) {
        return """
                insert into analytics_sales_rollup (grain, bucket, channel, currency, orders, amount, units_sold,
                                                    units_returned, units_returned_here)
                select g.grain, g.bucket, s.channel, s.currency, sum(s.orders), sum(s.amount), sum(s.units_sold),
                       sum(s.units_returned), sum(s.units_returned_here)
                  from (select r.at, r.channel, r.currency, 1 as orders, r.amount, r.units as units_sold,
                               0 as units_returned, 0 as units_returned_here
                          from %1$s r where r.kind = 'order'
                        union all
                        select r.at, r.sold_on, '', 0, 0, 0, r.units, 0 from %1$s r where r.kind = 'return'
                        union all
                        select r.at, r.channel, '', 0, 0, 0, 0, r.units from %1$s r where r.kind = 'return') s
                """.formatted(rows) + GRAINS.formatted("s.at") + """
                 group by 1, 2, 3, 4 order by 1, 2, 3, 4
                on conflict (grain, bucket, channel, currency) do update
                   set orders = analytics_sales_rollup.orders + excluded.orders,
                       amount = analytics_sales_rollup.amount + excluded.amount,
                       units_sold = analytics_sales_rollup.units_sold + excluded.units_sold,
                       units_returned = analytics_sales_rollup.units_returned + excluded.units_returned,
                       units_returned_here = analytics_sales_rollup.units_returned_here + excluded.units_returned_here
                """;
    }

    /** The zone the daily buckets were built in, if they were built. */
    public Optional<String> zone() {
        return jdbc.sql("select value from analytics_state where key = 'rollup_zone'")
                .query(String.class)
                .optional();
    }

    /**
     * Builds the rollups again from the sessions and touches, days in {@code zone}. Holds off, until the transaction
     * ends, whoever writes sessions (a share lock) or adds sales to the rollups (the sales touch then waits
     * uncommitted, so it is not counted twice); merges and tracked events go on. Sessions are locked first: a
     * derivation holding them waits for nothing this holds.
     */
    public void recompute(String zone) {
        recompute(zone, "analytics_session");
    }

    /** {@link #recompute(String)} from the sessions in {@code table} (a rebuild's, before it takes their place). */
    public void recompute(String zone, String table) {
        jdbc.sql("lock table analytics_session in share mode").update();
        jdbc.sql("lock table analytics_rollup, analytics_sales_rollup in exclusive mode")
                .update();
        jdbc.sql("delete from analytics_rollup").update();
        jdbc.sql("delete from analytics_sales_rollup").update();
        jdbc.sql(sessions(table, 1)).param("zone", zone).update();
        jdbc.sql(sales("(select * from analytics_touch where kind in ('order', 'return'))"))
                .param("zone", zone)
                .update();
        jdbc.sql("""
                        insert into analytics_state (key, value) values ('rollup_zone', :zone)
                        on conflict (key) do update set value = excluded.value
                        """).param("zone", zone).update();
    }

    /** Asks the next run to rebuild everything (a flag, so a rebuild requested twice runs once). */
    public void requestRebuild() {
        jdbc.sql("""
                        insert into analytics_state (key, value) values ('rebuild', now()::text)
                        on conflict (key) do nothing
                        """).update();
    }

    /** Whether a rebuild was requested; when one was, its flag is locked until the transaction ends. */
    public boolean rebuildRequested() {
        return jdbc.sql("select exists (select 1 from analytics_state where key = 'rebuild' for update skip locked)")
                .query(Boolean.class)
                .single();
    }

    public void rebuilt() {
        jdbc.sql("delete from analytics_state where key = 'rebuild'").update();
    }

    /**
     * Where a period's figures come from: sessions and touches in {@code [from, h1)} and {@code [h2, to)}, hourly
     * buckets in {@code [h1, d1)} and {@code [d2, h2)}, daily buckets in {@code [d1, d2)} (empty ranges where a bound
     * equals the next).
     */
    public record Span(Instant from, Instant h1, Instant d1, Instant d2, Instant h2, Instant to) {}

    /** Additive session figures of a channel over a span. */
    public record SessionSums(
            String channel,
            long sessions,
            double seconds,
            long bounces,
            long converted,
            long viewed,
            long carted,
            long checkedOut,
            long ordered) {}

    public List<SessionSums> sessions(Span span) {
        return jdbc.sql("""
                        with parts as (
                            select channel, sessions, seconds, bounces, converted, viewed, carted, checked_out, ordered
                              from analytics_rollup
                             where (grain = 'hour' and ((bucket >= :h1 and bucket < :d1) or (bucket >= :d2 and bucket < :h2)))
                                or (grain = 'day' and bucket >= :d1 and bucket < :d2)
                            union all
                            select channel, 1, extract(epoch from ended_at - started_at), (touches = 1)::int,
                                   converted::int, viewed::int, (viewed and carted)::int,
                                   (viewed and carted and checked_out)::int,
                                   (viewed and carted and checked_out and converted)::int
                              from analytics_session
                             where (started_at >= :from and started_at < :h1) or (started_at >= :h2 and started_at < :to)
                        )
                        select channel, sum(sessions) as sessions, sum(seconds)::float8 as seconds,
                               sum(bounces) as bounces, sum(converted) as converted, sum(viewed) as viewed,
                               sum(carted) as carted, sum(checked_out) as checked_out, sum(ordered) as ordered
                          from parts group by channel having sum(sessions) > 0 order by channel
                        """)
                .params(span(span))
                .query((rs, n) -> new SessionSums(
                        rs.getString("channel"),
                        rs.getLong("sessions"),
                        rs.getDouble("seconds"),
                        rs.getLong("bounces"),
                        rs.getLong("converted"),
                        rs.getLong("viewed"),
                        rs.getLong("carted"),
                        rs.getLong("checked_out"),
                        rs.getLong("ordered")))
                .list();
    }

    /** Sales of a channel in a currency ('' for returns) over a span. */
    public record SalesSums(
            String channel,
            String currency,
            long orders,
            long amount,
            long unitsSold,
            long unitsReturned,
            long unitsReturnedHere) {}

    public List<SalesSums> sales(Span span) {
        String edges = """
                (select * from analytics_touch
                  where kind in ('order', 'return')
                    and ((at >= :from and at < :h1) or (at >= :h2 and at < :to)))
                """;
        return jdbc.sql("""
                        with edges as (
                            select r.channel, r.currency, 1 as orders, r.amount, r.units as units_sold,
                                   0 as units_returned, 0 as units_returned_here
                              from %1$s r where r.kind = 'order'
                            union all
                            select r.sold_on, '', 0, 0, 0, r.units, 0 from %1$s r where r.kind = 'return'
                            union all
                            select r.channel, '', 0, 0, 0, 0, r.units from %1$s r where r.kind = 'return'
                        ), parts as (
                            select channel, currency, orders, amount, units_sold, units_returned, units_returned_here
                              from analytics_sales_rollup
                             where (grain = 'hour' and ((bucket >= :h1 and bucket < :d1) or (bucket >= :d2 and bucket < :h2)))
                                or (grain = 'day' and bucket >= :d1 and bucket < :d2)
                            union all
                            select * from edges
                        )
                        select channel, currency, sum(orders) as orders, sum(amount) as amount,
                               sum(units_sold) as units_sold, sum(units_returned) as units_returned,
                               sum(units_returned_here) as units_returned_here
                          from parts group by channel, currency order by channel, currency
                        """.formatted(edges))
                .params(span(span))
                .query((rs, n) -> new SalesSums(
                        rs.getString("channel"),
                        rs.getString("currency"),
                        rs.getLong("orders"),
                        rs.getLong("amount"),
                        rs.getLong("units_sold"),
                        rs.getLong("units_returned"),
                        rs.getLong("units_returned_here")))
                .list();
    }

    private static java.util.Map<String, Object> span(Span span) {
        return java.util.Map.of(
                "from", utc(span.from()),
                "h1", utc(span.h1()),
                "d1", utc(span.d1()),
                "d2", utc(span.d2()),
                "h2", utc(span.h2()),
                "to", utc(span.to()));
    }
}
