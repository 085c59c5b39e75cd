package org.oneplace.analytics.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Analytics' raw material: the touches, the conversations' open and resolved times, and the customers whose sessions
 * are to be derived again. Every write that changes a customer's touches marks the customer in the same statement
 * batch, so no change goes unnoticed by the sessions.
 */
@Repository
public class TouchRepository {

    private final JdbcClient jdbc;

    TouchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One thing a person did on a channel; see the migration for the columns. */
    public record Touch(
            String source,
            UUID customerId,
            UUID firstCustomerId,
            String channel,
            String device,
            String kind,
            @Nullable String eventType,
            boolean inSession,
            Instant at,
            @Nullable UUID conversationId,
            @Nullable UUID orderId,
            @Nullable Long amount,
            @Nullable String currency,
            @Nullable Integer units,
            @Nullable String soldOn,
            @Nullable Long orderNumber,
            boolean restated) {}

    /**
     * Stores touches (a source seen before is ignored: redelivery never counts twice), adds the orders and returns
     * among them to the rollups (days in {@code zone}) and marks their customers.
     */
    public void insert(Collection<Touch> touches, String zone) {
        if (touches.isEmpty()) {
            return;
        }
        List<Touch> all = List.copyOf(touches);
        boolean sales =
                all.stream().anyMatch(t -> t.kind().equals("order") || t.kind().equals("return"));
        jdbc.sql((sales ? "with added as (" : "") + """
                        insert into analytics_touch (source, customer_id, first_customer_id, channel, device, kind,
                                                     event_type, in_session, at, conversation_id, order_id, amount, currency,
                                                     units, sold_on, order_number, restated)
                        select * from unnest(cast(:source as text[]), cast(:customer as uuid[]),
                                             cast(:first as uuid[]), cast(:channel as text[]), cast(:device as text[]),
                                             cast(:kind as text[]), cast(:eventType as text[]), cast(:inSession as boolean[]),
                                             cast(:at as timestamptz[]), cast(:conversation as uuid[]),
                                             cast(:orderId as uuid[]), cast(:amount as bigint[]),
                                             cast(:currency as text[]), cast(:units as int[]), cast(:soldOn as text[]),
                                             cast(:orderNumber as bigint[]), cast(:restated as boolean[]))
                        on conflict (source) do nothing
                        """
                        + (sales ? " returning *) " + RollupRepository.sales("added") : ""))
                .param("zone", zone)
                .param("source", all.stream().map(Touch::source).toArray(String[]::new))
                .param("customer", all.stream().map(Touch::customerId).toArray(UUID[]::new))
                .param("first", all.stream().map(Touch::firstCustomerId).toArray(UUID[]::new))
                .param("channel", all.stream().map(Touch::channel).toArray(String[]::new))
                .param("device", all.stream().map(Touch::device).toArray(String[]::new))
                .param("kind", all.stream().map(Touch::kind).toArray(String[]::new))
                .param("eventType", all.stream().map(Touch::eventType).toArray(String[]::new))
                .param("inSession", all.stream().map(Touch::inSession).toArray(Boolean[]::new))
                .param("at", all.stream().map(t -> t.at().toString()).toArray(String[]::new))
                .param("conversation", all.stream().map(Touch::conversationId).toArray(UUID[]::new))
                .param("orderId", all.stream().map(Touch::orderId).toArray(UUID[]::new))
                .param("amount", all.stream().map(Touch::amount).toArray(Long[]::new))
                .param("currency", all.stream().map(Touch::currency).toArray(String[]::new))
                .param("units", all.stream().map(Touch::units).toArray(Integer[]::new))
                .param("soldOn", all.stream().map(Touch::soldOn).toArray(String[]::new))
                .param("orderNumber", all.stream().map(Touch::orderNumber).toArray(Long[]::new))
                .param("restated", all.stream().map(Touch::restated).toArray(Boolean[]::new))
                .update();
        mark(all.stream().map(Touch::customerId).distinct().toList());
    }

    /** Whether the customer had placed an order with one of these numbers before a moment (their record's orders). */
    public boolean orderedAs(UUID customerId, Collection<Long> numbers, Instant before) {
        return jdbc.sql("""
                        select exists (select 1 from analytics_touch
                                        where customer_id = :customer and kind = 'order'
                                          and order_number = any(:numbers) and at < :before)
                        """)
                .param("customer", customerId)
                .param("numbers", numbers.toArray(Long[]::new))
                .param("before", utc(before))
                .query(Boolean.class)
                .single();
    }

    /** Marks customers whose sessions are to be derived again. */
    public void mark(Collection<UUID> customers) {
        jdbc.sql("insert into analytics_dirty (customer_id) select unnest(cast(:ids as uuid[])) on conflict do nothing")
                .param("ids", customers.toArray(UUID[]::new))
                .update();
    }

    /** Up to {@code limit} marked customers, locked and unmarked (their derivation commits with the unmarking). */
    public List<UUID> takeMarked(int limit) {
        return jdbc.sql("""
                        delete from analytics_dirty where customer_id in (
                            select customer_id from analytics_dirty order by customer_id
                               for update skip locked limit :limit)
                        returning customer_id
                        """).param("limit", limit).query(UUID.class).list();
    }

    /**
     * A customer's touches move to another (a merge, or a customer found merged when its sessions were derived);
     * marks the customer they went to. The caller marks the one they left, unless it is deriving it already.
     */
    public void move(UUID from, UUID to) {
        jdbc.sql("update analytics_touch set customer_id = :to where customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("update analytics_conversation set customer_id = :to where customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
        mark(List.of(to));
    }

    /** An undone merge: the touches that arrived for the restored customers go back to it. */
    public void restore(UUID survivor, UUID restored, Set<UUID> restoredIds) {
        jdbc.sql("""
                        update analytics_touch set customer_id = :restored
                         where customer_id = :survivor and first_customer_id = any(:ids)
                        """)
                .param("survivor", survivor)
                .param("restored", restored)
                .param("ids", restoredIds.toArray(UUID[]::new))
                .update();
        mark(List.of(survivor, restored));
    }

    /**
     * An erased person's touches keep counting, unlinked from anyone: a fresh random customer id, and devices, the
     * customers they first resolved to, conversations and sources replaced by hashes salted with a random value that
     * is then forgotten — so sessions still split, and switches are still judged, as before, but nothing leads back
     * to the person (no order id or number, no device id, no conversation id).
     */
    public void pseudonymise(Set<UUID> customers) {
        for (UUID customer : customers) {
            UUID stranger = UUID.randomUUID();
            String salt = UUID.randomUUID().toString();
            int unlinked = jdbc.sql("""
                            update analytics_touch
                               set customer_id = :stranger,
                                   first_customer_id = md5(:salt || first_customer_id::text)::uuid,
                                   device = 'erased-' || md5(:salt || device),
                                   conversation_id = md5(:salt || conversation_id::text)::uuid,
                                   source = 'erased:' || md5(:salt || source),
                                   order_id = null, order_number = null, erased = true
                             where customer_id = :customer and not erased
                            """)
                    .param("customer", customer)
                    .param("stranger", stranger)
                    .param("salt", salt)
                    .update();
            jdbc.sql("""
                            update analytics_conversation
                               set customer_id = :stranger, conversation_id = md5(:salt || conversation_id::text)::uuid
                             where customer_id = :customer
                            """)
                    .param("customer", customer)
                    .param("stranger", stranger)
                    .param("salt", salt)
                    .update();
            if (unlinked > 0) {
                mark(List.of(stranger));
            }
        }
    }

    /** A conversation opened (or reopened: it is open again, and keeps when it first opened). */
    public void opened(UUID conversation, UUID customer, Instant at) {
        // a late-delivered older opening changes nothing; a reopening after the resolution clears it
        conversationFact(conversation, customer, at, null, null, """
                opened_at = least(analytics_conversation.opened_at, excluded.opened_at),
                resolved_at = case when analytics_conversation.resolved_at < excluded.opened_at
                                   then null else analytics_conversation.resolved_at end""");
    }

    /** The customer wrote in a conversation: the first such message names the conversation's channel. */
    public void wrote(UUID conversation, UUID customer, String channel, Instant at) {
        conversationFact(
                conversation,
                customer,
                at,
                "channel",
                channel,
                "channel = coalesce(analytics_conversation.channel, excluded.channel)");
    }

    /** An agent or a bot answered: the first answer counts for the first response time. */
    public void replied(UUID conversation, UUID customer, Instant at) {
        conversationFact(
                conversation,
                customer,
                at,
                "first_reply_at",
                utc(at),
                "first_reply_at = least(analytics_conversation.first_reply_at, excluded.first_reply_at)");
    }

    /** Resolved: the newest resolution counts, whatever order the events arrive in. */
    public void resolved(UUID conversation, UUID customer, Instant at) {
        conversationFact(
                conversation,
                customer,
                at,
                "resolved_at",
                utc(at),
                "resolved_at = greatest(analytics_conversation.resolved_at, excluded.resolved_at)");
    }

    public void surveyed(UUID conversation, UUID customer, int score, Instant at) {
        conversationFact(conversation, customer, at, "csat", score, "csat = excluded.csat");
    }

    /**
     * Records one fact about a conversation, whichever of its events arrives first (listeners run after their
     * commits, in no guaranteed order): the row is created with the event's time as its opening, else updated as
     * {@code onConflict} says. Column and update are this class's constants, never input.
     */
    private void conversationFact(
            UUID conversation,
            UUID customer,
            Instant at,
            @Nullable String column,
            @Nullable Object value,
            String onConflict) {
        jdbc.sql("insert into analytics_conversation (conversation_id, customer_id, opened_at"
                        + (column == null ? "" : ", " + column)
                        + ") values (:conversation, :customer, :at"
                        + (column == null ? "" : ", :value")
                        + ") on conflict (conversation_id) do update set "
                        + onConflict)
                .param("conversation", conversation)
                .param("customer", customer)
                .param("at", utc(at))
                .param("value", value)
                .update();
    }

    /** A touch's pair of current and first customer, where they differ. */
    public record Pair(UUID customerId, UUID firstCustomerId) {}

    /** The customers these customers' touches first resolved to, other than themselves. */
    public List<Pair> foreignFirsts(Collection<UUID> customers) {
        return jdbc.sql("""
                        select distinct customer_id, first_customer_id from analytics_touch
                         where customer_id = any(:ids) and first_customer_id <> customer_id and not erased
                        """)
                .param("ids", customers.toArray(UUID[]::new))
                .query((rs, n) -> new Pair(
                        rs.getObject("customer_id", UUID.class), rs.getObject("first_customer_id", UUID.class)))
                .list();
    }

    /** The touches that first resolved to a customer go where that customer lives now; marks where they went. */
    public void rehome(Pair pair, UUID live) {
        jdbc.sql("""
                        update analytics_touch set customer_id = :live
                         where customer_id = :customer and first_customer_id = :first
                        """)
                .param("live", live)
                .param("customer", pair.customerId())
                .param("first", pair.firstCustomerId())
                .update();
        mark(List.of(live));
    }
}
