package org.oneplace.order.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
}
