package org.oneplace.fulfilment.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.fulfilment.ReturnView;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pickups at the counter and returns. */
@Repository
public class FulfilmentRepository {

    private final JdbcClient jdbc;

    FulfilmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Pickup(
            UUID orderId,
            String locationCode,
            String code,
            String status,
            Instant readyAt,
            Instant deadline,
            @Nullable String noticeChannel,
            String noticeStatus,
            @Nullable String noticeDetail) {}

    public void insertPickup(UUID orderId, String location, String code, Instant readyAt, Instant deadline) {
        jdbc.sql("""
                        insert into pickup (order_id, location_code, code, status, ready_at, deadline)
                        values (:order, :loc, :code, 'ready', :ready, :deadline)
                        """)
                .param("order", orderId)
                .param("loc", location)
                .param("code", code)
                .param("ready", utc(readyAt))
                .param("deadline", utc(deadline))
                .update();
    }

    public Optional<Pickup> pickup(UUID orderId) {
        return jdbc.sql("select * from pickup where order_id = :order")
                .param("order", orderId)
                .query(FulfilmentRepository::pickup)
                .optional();
    }

    public Map<UUID, Pickup> pickups(Collection<UUID> orderIds) {
        Map<UUID, Pickup> found = new LinkedHashMap<>();
        jdbc.sql("select * from pickup where order_id = any(:ids)")
                .param("ids", orderIds.toArray(UUID[]::new))
                .query(FulfilmentRepository::pickup)
                .list()
                .forEach(p -> found.put(p.orderId(), p));
        return found;
    }

    /** Closes a ready pickup; false when it was not ready any more (handed over or cancelled meanwhile). */
    public boolean close(UUID orderId, String status, Instant now) {
        return jdbc.sql("""
                        update pickup set status = :status, closed_at = :now
                        where order_id = :order and status = 'ready'
                        """)
                        .param("order", orderId)
                        .param("status", status)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /** Ready pickups past their deadline, locked for this transaction (others skip them). */
    public List<UUID> overdue(Instant now, int limit) {
        return jdbc.sql("""
                        select order_id from pickup where status = 'ready' and deadline <= :now
                        order by deadline limit :limit for update skip locked
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    public void notice(UUID orderId, @Nullable String channel, String status, @Nullable String detail) {
        jdbc.sql("""
                        update pickup set notice_channel = :channel, notice_status = :status, notice_detail = :detail
                        where order_id = :order
                        """)
                .param("order", orderId)
                .param("channel", channel)
                .param("status", status)
                .param("detail", detail)
                .update();
    }

    public void insertReturn(ReturnView r, String createdBy) {
        jdbc.sql("""
                        insert into return_request (id, order_id, status, reason, channel, refund_amount, currency,
                                                    created_by, created_at)
                        values (:id, :order, 'requested', :reason, :channel, :refund, :currency, :by, :at)
                        """)
                .param("id", r.id())
                .param("order", r.orderId())
                .param("reason", r.reason())
                .param("channel", r.channel() == null ? null : r.channel().code())
                .param("refund", r.refund().amount())
                .param("currency", r.refund().currency())
                .param("by", createdBy)
                .param("at", utc(r.createdAt()))
                .update();
        r.lines()
                .forEach((sku, quantity) -> jdbc.sql("""
                        insert into return_line (return_id, sku, quantity) values (:id, :sku, :q)
                        """)
                        .param("id", r.id())
                        .param("sku", sku)
                        .param("q", quantity)
                        .update());
    }

    /** Marks a return received at a location; false when it was received already. */
    public boolean receive(UUID id, String location, Instant now) {
        return jdbc.sql("""
                        update return_request set status = 'received', location_code = :loc, received_at = :now
                        where id = :id and status = 'requested'
                        """)
                        .param("id", id)
                        .param("loc", location)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    public Optional<ReturnView> findReturn(UUID id) {
        return returns("r.id = :id", Map.of("id", id)).stream().findFirst();
    }

    public List<ReturnView> returnsOf(UUID orderId) {
        return returns("r.order_id = :order", Map.of("order", orderId));
    }

    private List<ReturnView> returns(String where, Map<String, ?> params) {
        Map<UUID, Map<String, Integer>> lines = new LinkedHashMap<>();
        List<ReturnView> heads = jdbc.sql("select r.* from return_request r where " + where + " order by r.created_at")
                .params(params)
                .query((rs, row) -> {
                    Instant received = nullableInstant(rs, "received_at");
                    String channel = rs.getString("channel");
                    return new ReturnView(
                            rs.getObject("id", UUID.class),
                            rs.getObject("order_id", UUID.class),
                            rs.getString("status"),
                            Map.of(),
                            rs.getString("reason"),
                            channel == null
                                    ? null
                                    : ChannelType.fromCode(channel).orElse(null),
                            new Money(
                                    rs.getLong("refund_amount"),
                                    rs.getString("currency").strip()),
                            rs.getString("location_code"),
                            instant(rs, "created_at"),
                            received);
                })
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        jdbc.sql("select * from return_line where return_id = any(:ids) order by sku")
                .param("ids", heads.stream().map(ReturnView::id).toArray(UUID[]::new))
                .query((ResultSet rs) -> {
                    lines.computeIfAbsent(rs.getObject("return_id", UUID.class), k -> new LinkedHashMap<>())
                            .put(rs.getString("sku"), rs.getInt("quantity"));
                });
        return heads.stream()
                .map(r -> new ReturnView(
                        r.id(),
                        r.orderId(),
                        r.status(),
                        lines.getOrDefault(r.id(), Map.of()),
                        r.reason(),
                        r.channel(),
                        r.refund(),
                        r.locationCode(),
                        r.createdAt(),
                        r.receivedAt()))
                .toList();
    }

    private static Pickup pickup(ResultSet rs, int row) throws SQLException {
        return new Pickup(
                rs.getObject("order_id", UUID.class),
                rs.getString("location_code"),
                rs.getString("code"),
                rs.getString("status"),
                instant(rs, "ready_at"),
                instant(rs, "deadline"),
                rs.getString("notice_channel"),
                rs.getString("notice_status"),
                rs.getString("notice_detail"));
    }
}
