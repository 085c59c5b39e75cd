package org.oneplace.integration.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.WebhookAttemptView;
import org.oneplace.integration.WebhookDeliveryView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for webhook messages, their deliveries and attempts. A delivery is claimed ({@code sending}) in one short
 * transaction, sent outside any, and settled in another; a delivery waits while one of the same customer to the same
 * endpoint whose event happened earlier is still pending or sending, so each customer's events arrive in order.
 */
@Repository
public class DeliveryRepository {

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a message for every enabled endpoint that receives its type, unless its event was recorded before (a
     * redelivered event). Answers the deliveries made.
     */
    public int record(
            String id,
            String eventKey,
            String type,
            @Nullable UUID customerId,
            String payload,
            Instant occurredAt,
            Instant at) {
        return jdbc.sql("""
                        with message as (
                            insert into webhook_message (id, event_key, type, customer_id, payload, created_at)
                            select :id, :key, :type, :customer, :payload, :at
                             where exists (select 1 from webhook_endpoint where enabled and :type = any(events))
                            on conflict (event_key) do nothing
                            returning id
                        )
                        insert into webhook_delivery (id, endpoint_id, message_id, ordering_key, occurred_at, status,
                                                      next_attempt_at, created_at)
                        select gen_random_uuid(), e.id, m.id, :ordering, :occurred, 'pending', :at, :at
                          from message m cross join webhook_endpoint e
                         where e.enabled and :type = any(e.events)
                         order by e.id
                        """)
                .param("id", id)
                .param("key", eventKey)
                .param("type", type)
                .param("customer", customerId)
                .param("payload", payload)
                .param("at", utc(at))
                .param("ordering", customerId == null ? id : customerId.toString())
                .param("occurred", utc(occurredAt))
                .update();
    }

    /** A claimed delivery: what to send where, and with which secrets. */
    public record Claimed(
            UUID id,
            UUID endpointId,
            String url,
            String messageId,
            String payload,
            String secrets,
            int attempt,
            int series) {

        @Override
        public String toString() {
            return "Claimed[" + id + " to " + endpointId + ", attempt " + attempt + "]"; // never the secrets
        }
    }

    /**
     * Claims up to {@code limit} due deliveries to enabled endpoints whose turn it is (no earlier delivery of the same
     * customer to the same endpoint still open), counting the attempt.
     */
    public List<Claimed> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        with due as (
                            select d.id from webhook_delivery d
                              join webhook_endpoint e on e.id = d.endpoint_id and e.enabled
                             where d.status = 'pending' and d.next_attempt_at <= :now
                               and not exists (select 1 from webhook_delivery p
                                                where p.endpoint_id = d.endpoint_id
                                                  and p.ordering_key = d.ordering_key
                                                  and (p.occurred_at, p.seq) < (d.occurred_at, d.seq)
                                                  and p.status in ('pending', 'sending'))
                             order by d.next_attempt_at, d.seq
                             limit :limit
                               for update of d skip locked
                        )
                        update webhook_delivery d
                           set status = 'sending', claimed_at = :now, attempts = d.attempts + 1
                          from due, webhook_endpoint e, webhook_message m
                         where d.id = due.id and e.id = d.endpoint_id and m.id = d.message_id
                        returning d.id, d.endpoint_id, e.url, d.message_id, m.payload, e.secrets::text as secrets,
                                  d.attempts, d.attempts - d.replayed_from as series
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getString("url"),
                        rs.getString("message_id"),
                        rs.getString("payload"),
                        rs.getString("secrets"),
                        rs.getInt("attempts"),
                        rs.getInt("series")))
                .list();
    }

    /** Sends a crashed node left {@code sending} go back to pending: sent again (at least once, same webhook-id). */
    public int abandoned(Instant claimedBefore, Instant now) {
        return jdbc.sql("""
                        update webhook_delivery set status = 'pending', next_attempt_at = :now
                         where status = 'sending' and claimed_at < :before
                        """)
                .param("before", utc(claimedBefore))
                .param("now", utc(now))
                .update();
    }

    /** What an attempt came to. */
    public record Outcome(
            @Nullable Integer status,
            int millis,
            @Nullable String response,
            @Nullable String error) {}

    /**
     * Settles an attempt: delivered; pending again at {@code retryAt}; or failed when {@code retryAt} is null. The
     * attempt goes to the log either way.
     */
    public void settle(Claimed claimed, Outcome outcome, boolean delivered, @Nullable Instant retryAt, Instant now) {
        jdbc.sql("""
                        insert into webhook_attempt (delivery_id, attempt, at, status, millis, response, error)
                        select :id, :attempt, :at, :status, :millis, :response, :error
                         where exists (select 1 from webhook_delivery where id = :id)
                        on conflict do nothing
                        """)
                .param("id", claimed.id())
                .param("attempt", claimed.attempt())
                .param("at", utc(now))
                .param("status", outcome.status())
                .param("millis", outcome.millis())
                .param("response", outcome.response())
                .param("error", outcome.error())
                .update();
        jdbc.sql("""
                        update webhook_delivery
                           set status = :status, next_attempt_at = :retryAt, claimed_at = null,
                               last_status = :code, last_millis = :millis, last_response = :response,
                               last_error = :error, delivered_at = :deliveredAt
                         where id = :id and status = 'sending' and attempts = :attempt
                        """)
                .param("id", claimed.id())
                .param("attempt", claimed.attempt())
                .param("status", delivered ? "delivered" : retryAt != null ? "pending" : "failed")
                .param("retryAt", retryAt == null ? null : utc(retryAt))
                .param("code", outcome.status())
                .param("millis", outcome.millis())
                .param("response", outcome.response())
                .param("error", outcome.error())
                .param("deliveredAt", delivered ? utc(now) : null)
                .update();
    }

    /** An endpoint's deliveries, newest first, optionally in one status; {@code beforeSeq} pages back. */
    public List<Row> deliveries(UUID endpointId, @Nullable String status, @Nullable Long beforeSeq, int limit) {
        return jdbc.sql("""
                        select d.*, m.type from webhook_delivery d join webhook_message m on m.id = d.message_id
                         where d.endpoint_id = :endpoint
                           and (cast(:status as text) is null or d.status = :status)
                           and (cast(:before as bigint) is null or d.seq < :before)
                         order by d.seq desc limit :limit
                        """)
                .param("endpoint", endpointId)
                .param("status", status)
                .param("before", beforeSeq)
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong("seq"), view(rs)))
                .list();
    }

    public record Row(long seq, WebhookDeliveryView delivery) {}

    public List<WebhookAttemptView> attempts(UUID endpointId, UUID deliveryId) {
        return jdbc.sql("""
                        select a.* from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                         where d.endpoint_id = :endpoint and d.id = :id order by a.attempt
                        """)
                .param("endpoint", endpointId)
                .param("id", deliveryId)
                .query((rs, n) -> new WebhookAttemptView(
                        rs.getInt("attempt"),
                        instant(rs, "at"),
                        (Integer) rs.getObject("status"),
                        rs.getInt("millis"),
                        rs.getString("response"),
                        rs.getString("error")))
                .list();
    }

    /**
     * Sends a delivery again now (the same message and webhook-id), with the retry schedule from its start; a
     * delivery being sent right now is left alone. Answers whether it was found.
     */
    public boolean replay(UUID endpointId, UUID deliveryId, Instant now) {
        return jdbc.sql("""
                        update webhook_delivery
                           set status = 'pending', next_attempt_at = :now, replayed_from = attempts
                         where endpoint_id = :endpoint and id = :id and status <> 'sending'
                        """)
                        .param("endpoint", endpointId)
                        .param("id", deliveryId)
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /** Forgets settled deliveries made before a moment, and the messages no delivery needs any more. */
    public int purge(Instant before) {
        int deliveries = jdbc.sql("""
                        delete from webhook_delivery where status in ('delivered', 'failed') and created_at < :before
                        """).param("before", utc(before)).update();
        jdbc.sql("""
                        delete from webhook_message m where m.created_at < :before
                           and not exists (select 1 from webhook_delivery d where d.message_id = m.id)
                        """).param("before", utc(before)).update();
        return deliveries;
    }

    public boolean exists(UUID endpointId, UUID deliveryId) {
        return jdbc.sql("select exists (select 1 from webhook_delivery where endpoint_id = :endpoint and id = :id)")
                .param("endpoint", endpointId)
                .param("id", deliveryId)
                .query(Boolean.class)
                .single();
    }

    private static WebhookDeliveryView view(ResultSet rs) throws SQLException {
        return new WebhookDeliveryView(
                rs.getObject("id", UUID.class),
                rs.getString("message_id"),
                rs.getString("type"),
                rs.getString("status"),
                rs.getInt("attempts"),
                nullableInstant(rs, "next_attempt_at"),
                (Integer) rs.getObject("last_status"),
                (Integer) rs.getObject("last_millis"),
                rs.getString("last_response"),
                rs.getString("last_error"),
                instant(rs, "created_at"),
                nullableInstant(rs, "delivered_at"));
    }
}
