package org.oneplace.cart.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.CustomerFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cart lines by customer, and the cart's history for the timeline. */
@Repository
public class CartRepository {

    private final JdbcClient jdbc;

    CartRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Line(String sku, int quantity, Instant addedAt, Instant updatedAt) {}

    public record Activity(
            UUID id,
            UUID customerId,
            Instant at,
            String type,
            String sku,
            int quantity,
            @Nullable String channel) {}

    public List<Line> lines(UUID customerId) {
        return jdbc.sql("""
                        select sku, quantity, added_at, updated_at from cart_line
                        where customer_id = :customer order by added_at, sku
                        """)
                .param("customer", customerId)
                .query((rs, row) -> new Line(
                        rs.getString("sku"), rs.getInt("quantity"), instant(rs, "added_at"), instant(rs, "updated_at")))
                .list();
    }

    /** Adds units to a line (creating it); answers the new quantity, or -1 when it would pass {@code max}. */
    public int add(UUID customerId, String sku, int quantity, int max, Instant now) {
        return jdbc.sql("""
                        insert into cart_line (customer_id, sku, quantity, added_at, updated_at)
                        values (:customer, :sku, :q, :now, :now)
                        on conflict (customer_id, sku) do update
                            set quantity = cart_line.quantity + excluded.quantity, updated_at = excluded.updated_at
                            where cart_line.quantity + excluded.quantity <= :max
                        returning quantity
                        """)
                .param("customer", customerId)
                .param("sku", sku)
                .param("q", quantity)
                .param("max", max)
                .param("now", utc(now))
                .query(Integer.class)
                .optional()
                .orElse(-1);
    }

    public boolean set(UUID customerId, String sku, int quantity, Instant now) {
        return jdbc.sql("""
                                update cart_line set quantity = :q, updated_at = :now
                                where customer_id = :customer and sku = :sku
                                """)
                        .param("customer", customerId)
                        .param("sku", sku)
                        .param("q", quantity)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /** Removes a line; answers the units it held (0 when there was none). */
    public int remove(UUID customerId, String sku) {
        return jdbc.sql("delete from cart_line where customer_id = :customer and sku = :sku returning quantity")
                .param("customer", customerId)
                .param("sku", sku)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** Takes purchased units off a line (removing it when none are left); answers the units taken. */
    public int takeOff(UUID customerId, String sku, int quantity, Instant now) {
        int held = jdbc.sql("select quantity from cart_line where customer_id = :customer and sku = :sku for update")
                .param("customer", customerId)
                .param("sku", sku)
                .query(Integer.class)
                .optional()
                .orElse(0);
        if (held == 0) {
            return 0;
        }
        if (held <= quantity) {
            remove(customerId, sku);
            return held;
        }
        set(customerId, sku, held - quantity, now);
        return quantity;
    }

    /**
     * Folds the merged customer's cart into the survivor's: the same SKU keeps the larger quantity (the person
     * added it on two devices, not twice), other lines join. Their history moves with them.
     */
    public void fold(UUID mergedId, UUID survivorId) {
        jdbc.sql("""
                        insert into cart_line (customer_id, sku, quantity, added_at, updated_at)
                        select :survivor, sku, quantity, added_at, updated_at from cart_line where customer_id = :merged
                        on conflict (customer_id, sku) do update
                            set quantity = greatest(cart_line.quantity, excluded.quantity),
                                added_at = least(cart_line.added_at, excluded.added_at),
                                updated_at = greatest(cart_line.updated_at, excluded.updated_at)
                        """).param("survivor", survivorId).param("merged", mergedId).update();
        jdbc.sql("delete from cart_line where customer_id = :merged")
                .param("merged", mergedId)
                .update();
        jdbc.sql("update cart_activity set customer_id = :survivor where customer_id = :merged")
                .param("survivor", survivorId)
                .param("merged", mergedId)
                .update();
    }

    /** An undone merge takes back the cart history that was made for the restored customers (lines stay). */
    public void unfoldHistory(UUID survivorId, UUID restoredId, Set<UUID> restoredIds) {
        jdbc.sql("""
                        update cart_activity set customer_id = :restored
                        where customer_id = :survivor and original_customer_id = any(:ids)
                        """)
                .param("restored", restoredId)
                .param("survivor", survivorId)
                .param("ids", restoredIds.toArray(UUID[]::new))
                .update();
    }

    public void record(Activity activity) {
        jdbc.sql("""
                        insert into cart_activity (id, customer_id, original_customer_id, at, type, sku, quantity, channel)
                        values (:id, :customer, :customer, :at, :type, :sku, :q, :channel)
                        """)
                .param("id", activity.id())
                .param("customer", activity.customerId())
                .param("at", utc(activity.at()))
                .param("type", activity.type())
                .param("sku", activity.sku())
                .param("q", activity.quantity())
                .param("channel", activity.channel())
                .update();
    }

    public List<Activity> activity(
            Collection<UUID> customerIds,
            @Nullable Instant beforeAt,
            @Nullable String beforeId,
            List<String> channels,
            int limit) {
        return jdbc.sql("""
                        select * from cart_activity
                        where customer_id = any(:ids)
                          and (cast(:beforeAt as timestamptz) is null
                               or (at, id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                          and (cardinality(cast(:channels as text[])) = 0 or channel = any(cast(:channels as text[])))
                        order by at desc, id desc limit :limit
                        """)
                .param("ids", customerIds.toArray(UUID[]::new))
                .param("beforeAt", beforeAt == null ? null : utc(beforeAt))
                .param("beforeId", beforeId)
                .param("channels", channels.toArray(String[]::new))
                .param("limit", limit)
                .query((rs, row) -> new Activity(
                        rs.getObject("id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        instant(rs, "at"),
                        rs.getString("type"),
                        rs.getString("sku"),
                        rs.getInt("quantity"),
                        rs.getString("channel")))
                .list();
    }

    public void erase(Collection<UUID> customerIds) {
        UUID[] ids = customerIds.toArray(UUID[]::new);
        jdbc.sql("delete from cart_line where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("delete from cart_activity where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
    }
    /** Customers whose cart has lines and has not changed since a moment. */
    public CustomerFilter idleFilter(Instant before) {
        return new CustomerFilter(
                "SELECT customer_id FROM cart_line GROUP BY customer_id HAVING max(updated_at) <= :before",
                java.util.Map.of("before", utc(before)));
    }
}
