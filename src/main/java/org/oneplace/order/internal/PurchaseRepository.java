package org.oneplace.order.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.order.Replenishment;
import org.oneplace.shared.CustomerFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What customers bought, as other modules ask it: marketing's exits, segment rules and attribution. */
@Repository
public class PurchaseRepository {

    private final JdbcClient jdbc;

    PurchaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest order (not cancelled) of a customer after a moment. */
    public Optional<Instant> placedSince(UUID customerId, Instant since) {
        return jdbc.sql("""
                        select max(created_at) from orders
                         where customer_id = :customer and created_at > :since and status <> 'cancelled'
                        """)
                .param("customer", customerId)
                .param("since", utc(since))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional()
                .map(OffsetDateTime::toInstant);
    }

    /** Customers with at least a number of orders since a moment, spending at least an amount, with a SKU. */
    public CustomerFilter ordered(int atLeast, long minorUnitsAtLeast, Instant since, @Nullable String sku) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("since", utc(since));
        params.put("atLeast", atLeast);
        params.put("spend", minorUnitsAtLeast);
        String line = "";
        if (sku != null) {
            params.put("sku", sku);
            line = " AND EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.sku = :sku)";
        }
        return new CustomerFilter(
                "SELECT o.customer_id FROM orders o WHERE o.created_at >= :since AND o.status <> 'cancelled'" + line
                        + " GROUP BY o.customer_id HAVING count(*) >= :atLeast AND sum(o.total) >= :spend",
                params);
    }

    private static final String REPLENISHMENT = """
            with bought as (
                select o.customer_id, l.sku, max(l.name) as name, o.created_at as at
                  from orders o join order_line l on l.order_id = o.id
                 where o.status <> 'cancelled' and %s
                 group by o.customer_id, l.sku, o.id, o.created_at
            ), gaps as (
                select customer_id, sku, name, at,
                       extract(epoch from at - lag(at) over (partition by customer_id, sku order by at)) as gap
                  from bought
            ), typical as (
                select customer_id, sku, max(name) as name, count(*) as purchases,
                       percentile_cont(0.5) within group (order by gap) as seconds, max(at) as last_at
                  from gaps group by customer_id, sku having count(gap) >= 2
            )
            select *, last_at + seconds * interval '1 second' as next_at from typical
            """;

    /** A customer's products bought at least three times, with their typical interval. */
    public List<Replenishment> replenishment(UUID customerId) {
        return jdbc.sql(REPLENISHMENT.formatted("o.customer_id = :customer") + " order by next_at")
                .param("customer", customerId)
                .query(PurchaseRepository::replenishment)
                .list();
    }

    /** Every customer's products expected between two moments (bought on that rhythm before). */
    public List<Replenishment> expectedBetween(Instant from, Instant to, int limit) {
        return jdbc.sql("select * from (" + REPLENISHMENT.formatted("true")
                        + ") r where next_at >= :from and next_at <= :to order by next_at limit :limit")
                .param("from", utc(from))
                .param("to", utc(to))
                .param("limit", limit)
                .query(PurchaseRepository::replenishment)
                .list();
    }

    private static Replenishment replenishment(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Replenishment(
                rs.getObject("customer_id", UUID.class),
                rs.getString("sku"),
                rs.getString("name"),
                rs.getInt("purchases"),
                java.time.Duration.ofSeconds(Math.round(rs.getDouble("seconds"))),
                rs.getObject("last_at", OffsetDateTime.class).toInstant(),
                rs.getObject("next_at", OffsetDateTime.class).toInstant());
    }
}
