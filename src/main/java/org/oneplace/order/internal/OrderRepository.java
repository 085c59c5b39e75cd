package org.oneplace.order.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.order.FulfilmentType;
import org.oneplace.order.OrderLineView;
import org.oneplace.order.OrderStatus;
import org.oneplace.order.OrderStepView;
import org.oneplace.order.OrderView;
import org.oneplace.order.PaymentStatus;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Orders with their lines and history. */
@Repository
public class OrderRepository {

    private static final TypeReference<LinkedHashMap<String, String>> OPTIONS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OrderRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The head of an order, for inserting. */
    public record NewOrder(
            UUID id,
            UUID customerId,
            @Nullable String customerName,
            ChannelType channel,
            FulfilmentType fulfilment,
            @Nullable String locationCode,
            OrderStatus status,
            PaymentStatus paymentStatus,
            @Nullable String paymentReference,
            Money subtotal,
            Money discount,
            Money total,
            List<String> codes,
            Instant at) {}

    public record Step(
            UUID id,
            UUID orderId,
            UUID customerId,
            Instant at,
            String type,
            OrderStatus status,
            @Nullable ChannelType channel,
            String summary,
            String actor) {}

    /** Inserts an order; answers its number. */
    public long insert(NewOrder o) {
        return jdbc.sql("""
                        insert into orders (id, customer_id, original_customer_id, customer_name, channel,
                                            fulfilment_type, location_code, status, payment_status, payment_reference,
                                            currency, subtotal, discount, total, codes, created_at, updated_at)
                        values (:id, :customer, :customer, :name, :channel, :fulfilment, :location, :status, :payment,
                                :paymentRef, :currency, :subtotal, :discount, :total, :codes, :at, :at)
                        returning number
                        """)
                .param("id", o.id())
                .param("customer", o.customerId())
                .param("name", o.customerName())
                .param("channel", o.channel().code())
                .param("fulfilment", o.fulfilment().code())
                .param("location", o.locationCode())
                .param("status", o.status().code())
                .param("payment", o.paymentStatus().code())
                .param("paymentRef", o.paymentReference())
                .param("currency", o.total().currency())
                .param("subtotal", o.subtotal().amount())
                .param("discount", o.discount().amount())
                .param("total", o.total().amount())
                .param("codes", o.codes().toArray(String[]::new))
                .param("at", utc(o.at()))
                .query(Long.class)
                .single();
    }

    /** Marks an order as brought in from another system, under the id it had there. */
    public void externalRef(UUID orderId, String ref) {
        jdbc.sql("update orders set external_ref = :ref where id = :id")
                .param("id", orderId)
                .param("ref", ref)
                .update();
    }

    /** The orders already brought in under these references, by reference. */
    public Map<String, UUID> byExternalRef(Collection<String> refs) {
        Map<String, UUID> found = new LinkedHashMap<>();
        jdbc.sql("select external_ref, id from orders where external_ref = any(:refs)")
                .param("refs", refs.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(1), rs.getObject(2, UUID.class)))
                .list();
        return found;
    }

    public void insertLine(UUID orderId, OrderLineView line) {
        jdbc.sql("""
                        insert into order_line (order_id, sku, name, options, quantity, unit_price, discount, total,
                                                location_code)
                        values (:order, :sku, :name, cast(:options as jsonb), :q, :unit, :discount, :total, :location)
                        """)
                .param("order", orderId)
                .param("sku", line.sku())
                .param("name", line.name())
                .param("options", json.writeValueAsString(line.options()))
                .param("q", line.quantity())
                .param("unit", line.unitPrice().amount())
                .param("discount", line.discount().amount())
                .param("total", line.total().amount())
                .param("location", line.locationCode())
                .update();
    }

    public void insertStep(Step step) {
        jdbc.sql("""
                        insert into order_event (id, order_id, customer_id, original_customer_id, at, type, status,
                                                 channel, summary, actor)
                        values (:id, :order, :customer, :customer, :at, :type, :status, :channel, :summary, :actor)
                        """)
                .param("id", step.id())
                .param("order", step.orderId())
                .param("customer", step.customerId())
                .param("at", utc(step.at()))
                .param("type", step.type())
                .param("status", step.status().code())
                .param("channel", step.channel() == null ? null : step.channel().code())
                .param("summary", step.summary())
                .param("actor", step.actor())
                .update();
    }

    /**
     * Moves an order from one of some statuses to another; false when it was in none of them (another request moved
     * it first), so each transition happens once.
     */
    public boolean transition(UUID id, Set<OrderStatus> from, OrderStatus to, Instant now) {
        return jdbc.sql("""
                        update orders set status = :to, updated_at = :now
                        where id = :id and status = any(:from)
                        """)
                        .param("id", id)
                        .param("to", to.code())
                        .param("now", utc(now))
                        .param("from", from.stream().map(OrderStatus::code).toArray(String[]::new))
                        .update()
                == 1;
    }

    public void payment(UUID id, PaymentStatus status, @Nullable String reference, Instant now) {
        jdbc.sql("""
                        update orders set payment_status = :status,
                                          payment_reference = coalesce(:reference, payment_reference),
                                          updated_at = :now
                        where id = :id
                        """)
                .param("id", id)
                .param("status", status.code())
                .param("reference", reference)
                .param("now", utc(now))
                .update();
    }

    /**
     * Claims units of a line for a return if no more than were bought would then be returned; false otherwise
     * (the check and the claim are one statement, so two returns racing cannot exceed the purchase).
     */
    public boolean claimReturn(UUID orderId, String sku, int quantity) {
        return jdbc.sql("""
                        update order_line set returned = returned + :q
                        where order_id = :order and sku = :sku and returned + :q <= quantity
                        """)
                        .param("order", orderId)
                        .param("sku", sku)
                        .param("q", quantity)
                        .update()
                == 1;
    }

    public void addRefund(UUID orderId, long amount, Instant now) {
        jdbc.sql("update orders set refunded = refunded + :amount, updated_at = :now where id = :id")
                .param("id", orderId)
                .param("amount", amount)
                .param("now", utc(now))
                .update();
    }

    public Optional<OrderView> find(UUID id) {
        return orders("o.id = :id", Map.of("id", id), "o.created_at desc, o.id desc", 1).stream()
                .findFirst();
    }

    public Optional<OrderView> findByNumber(long number) {
        return orders("o.number = :number", Map.of("number", number), "o.created_at desc, o.id desc", 1).stream()
                .findFirst();
    }

    /** A customer's orders, newest first, before a position. */
    public List<OrderView> ofCustomers(
            Collection<UUID> customerIds, @Nullable Instant beforeAt, @Nullable UUID beforeId, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ids", customerIds.toArray(UUID[]::new));
        String where = "o.customer_id = any(:ids)";
        if (beforeAt != null && beforeId != null) {
            where += " and (o.created_at, o.id) < (:beforeAt, :beforeId)";
            params.put("beforeAt", utc(beforeAt));
            params.put("beforeId", beforeId);
        }
        return orders(where, params, "o.created_at desc, o.id desc", limit);
    }

    /** Every order, oldest first, after a position: a bulk export's page. */
    public List<OrderView> page(@Nullable Instant afterAt, @Nullable UUID afterId, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = "true";
        if (afterAt != null && afterId != null) {
            where = "(o.created_at, o.id) > (:afterAt, :afterId)";
            params.put("afterAt", utc(afterAt));
            params.put("afterId", afterId);
        }
        return orders(where, params, "o.created_at, o.id", limit);
    }

    /** Pickup orders at a store in some statuses, oldest first (the counter's queue). */
    public List<OrderView> pickupsAt(String locationCode, Set<OrderStatus> statuses, int limit) {
        return orders(
                "o.fulfilment_type = 'pickup' and o.location_code = :loc and o.status = any(:statuses)",
                Map.of(
                        "loc",
                        locationCode,
                        "statuses",
                        statuses.stream().map(OrderStatus::code).toArray(String[]::new)),
                "o.created_at, o.id",
                limit);
    }

    private List<OrderView> orders(String where, Map<String, ?> params, String orderBy, int limit) {
        List<OrderView> heads = jdbc.sql(
                        "select o.* from orders o where " + where + " order by " + orderBy + " limit :limit")
                .params(params)
                .param("limit", limit)
                .query(this::head)
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        UUID[] ids = heads.stream().map(OrderView::id).toArray(UUID[]::new);
        Map<UUID, List<OrderLineView>> lines = new LinkedHashMap<>();
        jdbc.sql("select l.*, o.currency from order_line l join orders o on o.id = l.order_id"
                        + " where l.order_id = any(:ids) order by l.order_id, l.sku")
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    String currency = rs.getString("currency").strip();
                    lines.computeIfAbsent(rs.getObject("order_id", UUID.class), k -> new ArrayList<>())
                            .add(new OrderLineView(
                                    rs.getString("sku"),
                                    rs.getString("name"),
                                    json.readValue(rs.getString("options"), OPTIONS),
                                    rs.getInt("quantity"),
                                    new Money(rs.getLong("unit_price"), currency),
                                    new Money(rs.getLong("discount"), currency),
                                    new Money(rs.getLong("total"), currency),
                                    rs.getString("location_code"),
                                    rs.getInt("returned")));
                });
        Map<UUID, List<OrderStepView>> history = new LinkedHashMap<>();
        jdbc.sql("select * from order_event where order_id = any(:ids) order by order_id, at, id")
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    history.computeIfAbsent(rs.getObject("order_id", UUID.class), k -> new ArrayList<>())
                            .add(new OrderStepView(
                                    instant(rs, "at"),
                                    rs.getString("type"),
                                    OrderStatus.parse(rs.getString("status")),
                                    channel(rs.getString("channel")),
                                    rs.getString("summary"),
                                    rs.getString("actor")));
                });
        return heads.stream()
                .map(o -> new OrderView(
                        o.id(),
                        o.number(),
                        o.customerId(),
                        o.customerName(),
                        o.channel(),
                        o.fulfilment(),
                        o.locationCode(),
                        o.status(),
                        o.paymentStatus(),
                        o.paymentReference(),
                        lines.getOrDefault(o.id(), List.of()),
                        o.subtotal(),
                        o.discount(),
                        o.total(),
                        o.refunded(),
                        o.codes(),
                        history.getOrDefault(o.id(), List.of()),
                        o.createdAt(),
                        o.updatedAt()))
                .toList();
    }

    private OrderView head(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency").strip();
        return new OrderView(
                rs.getObject("id", UUID.class),
                rs.getLong("number"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("customer_name"),
                ChannelType.parse(rs.getString("channel")),
                FulfilmentType.parse(rs.getString("fulfilment_type")),
                rs.getString("location_code"),
                OrderStatus.parse(rs.getString("status")),
                PaymentStatus.parse(rs.getString("payment_status")),
                rs.getString("payment_reference"),
                List.of(),
                new Money(rs.getLong("subtotal"), currency),
                new Money(rs.getLong("discount"), currency),
                new Money(rs.getLong("total"), currency),
                new Money(rs.getLong("refunded"), currency),
                Arrays.stream((Object[]) rs.getArray("codes").getArray())
                        .map(String.class::cast)
                        .toList(),
                List.of(),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static @Nullable ChannelType channel(@Nullable String code) {
        return code == null ? null : ChannelType.fromCode(code).orElse(null);
    }

    // --- the customer record -----------------------------------------------------------------------------------

    public List<Step> steps(
            Collection<UUID> customerIds,
            @Nullable Instant beforeAt,
            @Nullable String beforeId,
            List<String> channels,
            int limit) {
        return jdbc.sql("""
                        select * from order_event
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
                .query((rs, row) -> new Step(
                        rs.getObject("id", UUID.class),
                        rs.getObject("order_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        instant(rs, "at"),
                        rs.getString("type"),
                        OrderStatus.parse(rs.getString("status")),
                        channel(rs.getString("channel")),
                        rs.getString("summary"),
                        rs.getString("actor")))
                .list();
    }

    public void reassign(UUID from, UUID to) {
        jdbc.sql("update orders set customer_id = :to where customer_id = :from")
                .param("to", to)
                .param("from", from)
                .update();
        jdbc.sql("update order_event set customer_id = :to where customer_id = :from")
                .param("to", to)
                .param("from", from)
                .update();
    }

    public void reassignBack(UUID survivor, UUID restored, Set<UUID> originals) {
        for (String table : List.of("orders", "order_event")) {
            jdbc.sql("update " + table + " set customer_id = :restored"
                            + " where customer_id = :survivor and original_customer_id = any(:ids)")
                    .param("restored", restored)
                    .param("survivor", survivor)
                    .param("ids", originals.toArray(UUID[]::new))
                    .update();
        }
    }

    /** Orders are kept for the books; the person's name on them goes. */
    public void pseudonymise(Collection<UUID> customerIds) {
        jdbc.sql("update orders set customer_name = null where customer_id = any(:ids)")
                .param("ids", customerIds.toArray(UUID[]::new))
                .update();
    }
}
