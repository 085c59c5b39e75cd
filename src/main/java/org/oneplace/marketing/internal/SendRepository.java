package org.oneplace.marketing.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.MarketingMessageView;
import org.oneplace.shared.ChannelType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every marketing message (the outbox row of a send, keyed by instance and step), the links in them, agents' replies
 * that count against caps, and the per-step counts that outlive erasure.
 */
@Repository
public class SendRepository {

    /** Statuses of a message that went out. */
    static final String[] WENT_OUT = {"sent", "delivered", "opened", "clicked"};

    /** Statuses that count against a cap: what went out and what is going out now. */
    static final String[] CAPPED = {"sending", "sent", "delivered", "opened", "clicked"};

    private final JdbcClient jdbc;

    SendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A message row as the runner and the link handler need it. */
    public record Message(
            UUID id,
            @Nullable UUID instanceId,
            @Nullable UUID journeyId,
            String stepId,
            UUID customerId,
            String purpose,
            @Nullable String channel,
            String status,
            String token,
            Instant at,
            @Nullable Instant dueAt) {}

    /**
     * The message of an instance's step, locked; the outbox key that makes a send happen once whatever retries.
     */
    public Optional<Message> ofStep(UUID instanceId, String stepId) {
        return jdbc.sql("select * from marketing_message where instance_id = :instance and step_id = :step for update")
                .param("instance", instanceId)
                .param("step", stepId)
                .query(SendRepository::message)
                .optional();
    }

    /** Writes a step's message (new, or the deferred one it was) with its status. */
    public void put(
            UUID id,
            UUID instanceId,
            UUID journeyId,
            String stepId,
            UUID customerId,
            String purpose,
            String status,
            @Nullable String reason,
            @Nullable String detail,
            @Nullable Instant dueAt,
            String token,
            Instant now) {
        jdbc.sql("""
                        insert into marketing_message (id, instance_id, journey_id, step_id, customer_id,
                                                       original_customer_id, purpose, status, reason, detail, at,
                                                       due_at, token)
                        values (:id, :instance, :journey, :step, :customer, :customer, :purpose, :status, :reason,
                                :detail, :now, :due, :token)
                        on conflict (instance_id, step_id) do update set status = excluded.status,
                            reason = excluded.reason, detail = excluded.detail, at = excluded.at,
                            due_at = excluded.due_at
                        """)
                .param("id", id)
                .param("instance", instanceId)
                .param("journey", journeyId)
                .param("step", stepId)
                .param("customer", customerId)
                .param("purpose", purpose)
                .param("status", status)
                .param("reason", reason)
                .param("detail", detail)
                .param("due", utc(dueAt))
                .param("token", token)
                .param("now", utc(now))
                .update();
    }

    /** Records what became of a send. */
    public void outcome(
            UUID id,
            String status,
            @Nullable ChannelType channel,
            @Nullable String reason,
            @Nullable String detail,
            Instant now) {
        jdbc.sql("""
                        update marketing_message set status = :status, channel = :channel, reason = :reason,
                                                     detail = :detail, at = :now, due_at = null
                         where id = :id
                        """)
                .param("id", id)
                .param("status", status)
                .param("channel", channel == null ? null : channel.code())
                .param("reason", reason)
                .param("detail", detail)
                .param("now", utc(now))
                .update();
    }

    public Optional<Message> byToken(String token) {
        return jdbc.sql("select * from marketing_message where token = :token")
                .param("token", token)
                .query(SendRepository::message)
                .optional();
    }

    /** Marks a message clicked (or opened), once; true when this was the first time. */
    public boolean engaged(UUID id, String status, List<String> from) {
        return jdbc.sql("update marketing_message set status = :status where id = :id and status = any(:from)")
                        .param("id", id)
                        .param("status", status)
                        .param("from", from.toArray(String[]::new))
                        .update()
                == 1;
    }

    /** Marketing messages that went out to a customer since a moment (all journeys, all channels). */
    public int sentSince(UUID customerId, Instant since, @Nullable UUID journeyId) {
        return jdbc.sql("""
                        select count(*) from marketing_message
                         where customer_id = :customer and purpose = 'marketing' and at >= :since
                           and status = any(:statuses)
                           and (cast(:journey as uuid) is null or journey_id = cast(:journey as uuid))
                        """)
                .param("customer", customerId)
                .param("since", utc(since))
                .param("statuses", CAPPED)
                .param("journey", journeyId)
                .query(Integer.class)
                .single();
    }

    /** The message an order is credited to: the last clicked in the window, else the last that went out. */
    public Optional<Message> attributable(UUID customerId, Instant since, Instant until) {
        return jdbc.sql("""
                        select * from marketing_message
                         where customer_id = :customer and at >= :since and at <= :until and status = any(:statuses)
                           and attributed_order_id is null and journey_id is not null
                         order by (status = 'clicked') desc, at desc limit 1
                        """)
                .param("customer", customerId)
                .param("since", utc(since))
                .param("until", utc(until))
                .param("statuses", WENT_OUT)
                .query(SendRepository::message)
                .optional();
    }

    /**
     * Credits an order to a message, once: false when the message was credited meanwhile or the order already is
     * (a redelivered event, two orders at once).
     */
    public boolean attribute(UUID messageId, UUID orderId, long revenue, String currency) {
        return jdbc.sql("""
                        update marketing_message set attributed_order_id = :order, revenue = :revenue,
                                                     currency = :currency
                         where id = :id and attributed_order_id is null
                           and not exists (select 1 from marketing_message where attributed_order_id = :order)
                        """)
                        .param("id", messageId)
                        .param("order", orderId)
                        .param("revenue", revenue)
                        .param("currency", currency)
                        .update()
                == 1;
    }

    public List<MarketingMessageView> ofCustomers(
            Collection<UUID> customerIds, @Nullable Instant beforeAt, @Nullable UUID beforeId, int limit) {
        return ofCustomers(customerIds, beforeAt, beforeId, List.of(), limit);
    }

    /** A customer's messages, newest first, on some channels only (all when empty). */
    public List<MarketingMessageView> ofCustomers(
            Collection<UUID> customerIds,
            @Nullable Instant beforeAt,
            @Nullable UUID beforeId,
            List<String> channels,
            int limit) {
        return jdbc.sql("""
                        select m.*, j.kind from marketing_message m left join marketing_journey j on j.id = m.journey_id
                         where m.customer_id = any(:ids)
                           and (cast(:beforeAt as timestamptz) is null
                                or (m.at, m.id) < (cast(:beforeAt as timestamptz), cast(:beforeId as uuid)))
                           and (cardinality(cast(:channels as text[])) = 0
                                or m.channel = any(cast(:channels as text[])))
                         order by m.at desc, m.id desc limit :limit
                        """)
                .param("ids", customerIds.toArray(UUID[]::new))
                .param("channels", channels.toArray(String[]::new))
                .param("beforeAt", utc(beforeAt))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query((rs, n) -> new MarketingMessageView(
                        rs.getObject("id", UUID.class),
                        "broadcast".equals(rs.getString("kind")) ? null : rs.getObject("journey_id", UUID.class),
                        "broadcast".equals(rs.getString("kind")) ? rs.getObject("journey_id", UUID.class) : null,
                        rs.getString("step_id"),
                        rs.getString("channel") == null ? null : ChannelType.parse(rs.getString("channel")),
                        rs.getString("status"),
                        rs.getString("reason"),
                        rs.getString("detail"),
                        instant(rs, "at"),
                        nullableInstant(rs, "due_at"),
                        rs.getObject("attributed_order_id", UUID.class)))
                .list();
    }

    // ---- links ----------------------------------------------------------------------------------------------

    public void link(String token, UUID messageId, String url) {
        jdbc.sql("insert into marketing_link (token, message_id, url) values (:token, :message, :url)")
                .param("token", token)
                .param("message", messageId)
                .param("url", url)
                .update();
    }

    /** A link's message id and target. */
    public record Link(UUID messageId, String url) {}

    public Optional<Link> link(String token) {
        return jdbc.sql("select message_id, url from marketing_link where token = :token")
                .param("token", token)
                .query((rs, n) -> new Link(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
    }

    public Optional<Message> find(UUID id) {
        return jdbc.sql("select * from marketing_message where id = :id")
                .param("id", id)
                .query(SendRepository::message)
                .optional();
    }

    // ---- agents' replies --------------------------------------------------------------------------------------

    public void contact(UUID customerId, Instant at) {
        jdbc.sql("insert into marketing_contact (customer_id, at) values (:customer, :at)")
                .param("customer", customerId)
                .param("at", utc(at))
                .update();
    }

    public int contactsSince(UUID customerId, Instant since) {
        return jdbc.sql("select count(*) from marketing_contact where customer_id = :customer and at >= :since")
                .param("customer", customerId)
                .param("since", utc(since))
                .query(Integer.class)
                .single();
    }

    // ---- counts -----------------------------------------------------------------------------------------------

    public void count(UUID journeyId, String stepId, String metric, long revenue) {
        jdbc.sql("""
                        insert into marketing_count (journey_id, step_id, metric, n, revenue)
                        values (:journey, :step, :metric, 1, :revenue)
                        on conflict (journey_id, step_id, metric) do update
                            set n = marketing_count.n + 1, revenue = marketing_count.revenue + excluded.revenue
                        """)
                .param("journey", journeyId)
                .param("step", stepId)
                .param("metric", metric)
                .param("revenue", revenue)
                .update();
    }

    /** A journey's counts: step, metric, n, revenue. */
    public record Count(String stepId, String metric, long n, long revenue) {}

    public List<Count> counts(UUID journeyId) {
        return jdbc.sql("select step_id, metric, n, revenue from marketing_count where journey_id = :journey")
                .param("journey", journeyId)
                .query((rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    // ---- merges and erasure ------------------------------------------------------------------------------------

    public void fold(UUID from, UUID to) {
        jdbc.sql("update marketing_message set customer_id = :to where customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("update marketing_contact set customer_id = :to where customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
    }

    public void unfold(UUID survivor, UUID restored, Collection<UUID> restoredIds) {
        jdbc.sql("""
                        update marketing_message set customer_id = :restored
                         where customer_id = :survivor and original_customer_id = any(:ids)
                        """)
                .param("survivor", survivor)
                .param("restored", restored)
                .param("ids", restoredIds.toArray(UUID[]::new))
                .update();
    }

    public void erase(Collection<UUID> customerIds) {
        UUID[] ids = customerIds.toArray(UUID[]::new);
        // by run too: after an undone merge a run's messages may sit on the other customer
        jdbc.sql("""
                        delete from marketing_message
                         where customer_id = any(:ids)
                            or instance_id in (select id from marketing_instance where customer_id = any(:ids))
                        """).param("ids", ids).update();
        jdbc.sql("delete from marketing_contact where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
    }

    private static Message message(ResultSet rs, int n) throws SQLException {
        return new Message(
                rs.getObject("id", UUID.class),
                rs.getObject("instance_id", UUID.class),
                rs.getObject("journey_id", UUID.class),
                rs.getString("step_id"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("purpose"),
                rs.getString("channel"),
                rs.getString("status"),
                rs.getString("token"),
                instant(rs, "at"),
                nullableInstant(rs, "due_at"));
    }

    /** Counts per channel of the messages decided in a period (revenue in the largest currency). */
    public record ChannelRow(
            String channel,
            long sent,
            long delivered,
            long clicked,
            long converted,
            long revenue,
            @Nullable String currency,
            long skipped,
            long failed) {}

    public List<ChannelRow> perChannel(Instant from, Instant to) {
        return jdbc.sql("""
                        select channel,
                               count(*) filter (where status in ('sent', 'delivered', 'opened', 'clicked')) as sent,
                               count(*) filter (where status in ('delivered', 'opened', 'clicked')) as delivered,
                               count(*) filter (where status = 'clicked') as clicked,
                               count(attributed_order_id) as converted,
                               coalesce(sum(revenue), 0) as revenue,
                               mode() within group (order by currency) as currency,
                               count(*) filter (where status in ('skipped', 'deferred')) as skipped,
                               count(*) filter (where status = 'failed') as failed
                          from marketing_message
                         where at >= :from and at < :to and channel is not null
                         group by channel order by channel
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, n) -> new ChannelRow(
                        rs.getString("channel"),
                        rs.getLong("sent"),
                        rs.getLong("delivered"),
                        rs.getLong("clicked"),
                        rs.getLong("converted"),
                        rs.getLong("revenue"),
                        rs.getString("currency"),
                        rs.getLong("skipped"),
                        rs.getLong("failed")))
                .list();
    }
}
