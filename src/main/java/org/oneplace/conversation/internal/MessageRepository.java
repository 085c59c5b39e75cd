package org.oneplace.conversation.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.conversation.MessageView;
import org.oneplace.shared.ChannelType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages, which are also the outbox: a reply is a row in {@code queued} that the outbox job claims
 * ({@code FOR UPDATE SKIP LOCKED}), sends outside any transaction and settles.
 */
@Repository
public class MessageRepository {

    private static final TypeReference<List<Map<String, Object>>> ATTACHMENTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MessageRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A message to store. */
    public record NewMessage(
            UUID id,
            UUID conversationId,
            UUID customerId,
            @Nullable UUID channelId,
            @Nullable ChannelType channelType,
            String direction,
            String authorType,
            @Nullable String authorId,
            @Nullable String authorName,
            String kind,
            String content,
            List<Map<String, Object>> attachments,
            Map<String, String> details,
            @Nullable String externalId,
            @Nullable String clientId,
            @Nullable String replyTo,
            @Nullable String address,
            String status,
            @Nullable Instant nextAttemptAt,
            Instant createdAt,
            Instant receivedAt) {

        /** A note for staff: on no channel, never sent. */
        public static NewMessage note(
                UUID id,
                UUID conversationId,
                UUID customerId,
                String authorType,
                @Nullable String authorId,
                @Nullable String authorName,
                String kind,
                String content,
                @Nullable String clientId,
                Instant at) {
            return new NewMessage(
                    id,
                    conversationId,
                    customerId,
                    null,
                    null,
                    "note",
                    authorType,
                    authorId,
                    authorName,
                    kind,
                    content,
                    List.of(),
                    Map.of(),
                    null,
                    clientId,
                    null,
                    null,
                    "internal",
                    null,
                    at,
                    at);
        }
    }

    /** Stores a message unless its provider id (per channel) or client id (per conversation) is known; true if new. */
    public boolean insert(NewMessage m) {
        return jdbc.sql("""
                        insert into message (id, conversation_id, customer_id, channel_id, channel_type, direction,
                            author_type, author_id, author_name, kind, content, attachments, details, external_id,
                            client_id, reply_to, address, status, status_at, next_attempt_at, created_at, received_at)
                        values (:id, :conversation, :customer, :channel, :channelType, :direction, :authorType,
                            :authorId, :authorName, :kind, :content, cast(:attachments as jsonb),
                            cast(:details as jsonb), :externalId, :clientId, :replyTo, :address, :status, :received,
                            :next, :created, :received)
                        on conflict do nothing
                        """)
                        .param("id", m.id())
                        .param("conversation", m.conversationId())
                        .param("customer", m.customerId())
                        .param("channel", m.channelId())
                        .param(
                                "channelType",
                                m.channelType() == null ? null : m.channelType().code())
                        .param("direction", m.direction())
                        .param("authorType", m.authorType())
                        .param("authorId", m.authorId())
                        .param("authorName", m.authorName())
                        .param("kind", m.kind())
                        .param("content", m.content())
                        .param("attachments", json.writeValueAsString(m.attachments()))
                        .param("details", json.writeValueAsString(m.details()))
                        .param("externalId", m.externalId())
                        .param("clientId", m.clientId())
                        .param("replyTo", m.replyTo())
                        .param("address", m.address())
                        .param("status", m.status())
                        .param("next", m.nextAttemptAt() == null ? null : utc(m.nextAttemptAt()))
                        .param("created", utc(m.createdAt()))
                        .param("received", utc(m.receivedAt()))
                        .update()
                == 1;
    }

    public boolean exists(UUID channelId, String externalId) {
        return jdbc.sql("select exists (select 1 from message where channel_id = :channel and external_id = :external)")
                .param("channel", channelId)
                .param("external", externalId)
                .query(Boolean.class)
                .single();
    }

    public Optional<MessageView> find(UUID id) {
        return jdbc.sql("select * from message where id = :id")
                .param("id", id)
                .query(this::view)
                .optional();
    }

    public Optional<MessageView> byClientId(UUID conversationId, String clientId) {
        return jdbc.sql("select * from message where conversation_id = :conversation and client_id = :client")
                .param("conversation", conversationId)
                .param("client", clientId)
                .query(this::view)
                .optional();
    }

    /**
     * A conversation's messages in thread order: provider time to the second (providers stamp whole seconds), then
     * arrival.
     */
    public List<MessageView> thread(UUID conversationId, int offset, int limit) {
        return jdbc.sql("""
                        select * from message
                         where conversation_id = :conversation
                         order by date_trunc('second', created_at), seq
                         offset :offset limit :limit
                        """)
                .param("conversation", conversationId)
                .param("offset", offset)
                .param("limit", limit)
                .query(this::view)
                .list();
    }

    /** When the customer last wrote on a channel account, and from which address. */
    public record LastInbound(
            Instant at, @Nullable String address, @Nullable String externalId, Map<String, String> details) {}

    public Optional<LastInbound> lastInbound(UUID customerId, UUID channelId) {
        return jdbc.sql("""
                        select created_at, address, external_id, details from message
                         where customer_id = :customer and channel_id = :channel and direction = 'in'
                           and kind = 'message'
                         order by created_at desc, seq desc limit 1
                        """)
                .param("customer", customerId)
                .param("channel", channelId)
                .query((rs, n) -> new LastInbound(
                        instant(rs, "created_at"),
                        rs.getString("address"),
                        rs.getString("external_id"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .optional();
    }

    // ---- the outbox -----------------------------------------------------------------------------------------

    /** A reply claimed for sending. */
    public record Claimed(
            UUID id,
            UUID conversationId,
            UUID customerId,
            UUID channelId,
            String address,
            String content,
            int attempt,
            @Nullable String replyTo,
            Map<String, String> thread) {}

    /** Claims due replies: marks them {@code sending} and counts the attempt, committed before any provider call. */
    public List<Claimed> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        update message m set status = 'sending', status_at = :now, attempts = attempts + 1,
                               next_attempt_at = null
                         where m.id in (select id from message
                                         where status in ('queued', 'retrying') and next_attempt_at <= :now
                                         order by next_attempt_at
                                         limit :limit
                                         for update skip locked)
                        returning m.id, m.conversation_id, m.customer_id, m.channel_id, m.address, m.content, m.attempts, m.reply_to, m.details
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("conversation_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getObject("channel_id", UUID.class),
                        rs.getString("address"),
                        rs.getString("content"),
                        rs.getInt("attempts"),
                        rs.getString("reply_to"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .list();
    }

    /** The provider took it: {@code sent}, unless a receipt already moved it further. */
    public void sent(UUID id, String externalId, Instant at) {
        jdbc.sql("""
                        update message
                           set external_id = coalesce(external_id, :external),
                               status = case when status in ('sending', 'unknown') then 'sent' else status end,
                               status_at = :at, error = null
                         where id = :id
                        """)
                .param("id", id)
                .param("external", externalId)
                .param("at", utc(at))
                .update();
    }

    public void settle(UUID id, String status, @Nullable String error, @Nullable Instant nextAttempt, Instant at) {
        jdbc.sql("""
                        update message set status = :status, error = :error, next_attempt_at = :next, status_at = :at
                         where id = :id and status = 'sending'
                        """)
                .param("id", id)
                .param("status", status)
                .param("error", error)
                .param("next", nextAttempt == null ? null : utc(nextAttempt))
                .param("at", utc(at))
                .update();
    }

    /** Sends a sender stopped in the middle of (a restart): they may have reached the provider. */
    public int abandonedSends(Instant before, Instant now) {
        return jdbc.sql("""
                        update message set status = 'unknown', status_at = :now,
                               error = 'the sender stopped while sending; it may have been sent'
                         where status = 'sending' and status_at < :before
                        """).param("before", utc(before)).param("now", utc(now)).update();
    }

    /** Unknown sends no receipt confirmed in time: failed, for the agent to resend. */
    public int unconfirmed(Instant before, Instant now) {
        return jdbc.sql("""
                        update message set status = 'failed', status_at = :now,
                               error = 'no confirmation from the provider: ' || coalesce(error, '')
                         where status = 'unknown' and status_at < :before
                        """).param("before", utc(before)).param("now", utc(now)).update();
    }

    /** The message a receipt is about: by our own echoed id, else by the provider's id on that channel. */
    public record Tracked(UUID id, String status, UUID conversationId, UUID customerId) {}

    public Optional<Tracked> forReceipt(UUID channelId, @Nullable UUID messageId, @Nullable String externalId) {
        if (messageId != null) {
            Optional<Tracked> ours = jdbc.sql(
                            "select id, status, conversation_id, customer_id from message where id = :id and channel_id = :channel"
                                    + " for update")
                    .param("id", messageId)
                    .param("channel", channelId)
                    .query((rs, n) -> new Tracked(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class)))
                    .optional();
            if (ours.isPresent()) {
                return ours;
            }
        }
        if (externalId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id, status, conversation_id, customer_id from message where channel_id = :channel"
                        + " and external_id = :external"
                        + " and direction = 'out' for update")
                .param("channel", channelId)
                .param("external", externalId)
                .query((rs, n) -> new Tracked(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class)))
                .optional();
    }

    public void receipt(UUID id, String status, @Nullable String externalId, @Nullable String error, Instant at) {
        jdbc.sql("""
                        update message set status = :status, external_id = coalesce(external_id, :external),
                               error = case when :status = 'failed' then :error else null end, status_at = :at,
                               next_attempt_at = null
                         where id = :id
                        """)
                .param("id", id)
                .param("status", status)
                .param("external", externalId)
                .param("error", error)
                .param("at", utc(at))
                .update();
    }

    /** Queues a failed or unknown reply again, by an agent's explicit resend. */
    public boolean resend(UUID id, Instant at) {
        return jdbc.sql("""
                        update message set status = 'queued', next_attempt_at = :at, status_at = :at, error = null
                         where id = :id and direction = 'out' and status in ('failed', 'unknown')
                        """).param("id", id).param("at", utc(at)).update() == 1;
    }

    // ---- customer record ------------------------------------------------------------------------------------

    public List<MessageView> ofCustomers(
            Collection<UUID> customerIds, @Nullable Instant beforeAt, @Nullable String beforeId, int limit) {
        return jdbc.sql("""
                        select * from message
                         where customer_id = any(:ids) and direction <> 'note'
                           and (cast(:beforeAt as timestamptz) is null
                                or (created_at, id::text) < (:beforeAt, :beforeId))
                         order by created_at desc, id::text desc
                         limit :limit
                        """)
                .param("ids", customerIds.toArray(UUID[]::new))
                .param("beforeAt", beforeAt == null ? null : utc(beforeAt))
                .param("beforeId", beforeId == null ? "" : beforeId)
                .param("limit", limit)
                .query(this::view)
                .list();
    }

    private MessageView view(ResultSet rs, int row) throws SQLException {
        String channel = rs.getString("channel_type");
        String direction = rs.getString("direction");
        return new MessageView(
                rs.getObject("id", UUID.class),
                rs.getObject("conversation_id", UUID.class),
                channel == null ? null : ChannelType.fromCode(channel).orElse(null),
                rs.getObject("channel_id", UUID.class),
                direction,
                new MessageView.Author(
                        rs.getString("author_type"), rs.getString("author_id"), rs.getString("author_name")),
                rs.getString("kind"),
                rs.getString("content"),
                json.readValue(rs.getString("attachments"), ATTACHMENTS),
                json.readValue(rs.getString("details"), DETAILS),
                instant(rs, "created_at"),
                rs.getString("status"),
                rs.getString("external_id"),
                rs.getString("error"),
                "note".equals(direction));
    }

    /** The provider ids of these customers' messages, by channel account (for erasure tombstones). */
    public java.util.Map<UUID, java.util.List<String>> externalIdsOf(java.util.Collection<UUID> customerIds) {
        java.util.Map<UUID, java.util.List<String>> ids = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        select channel_id, external_id from message
                         where customer_id = any(:ids) and channel_id is not null and external_id is not null
                        """)
                .param("ids", customerIds.toArray(UUID[]::new))
                .query((org.springframework.jdbc.core.RowCallbackHandler)
                        rs -> ids.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.ArrayList<>())
                                .add(rs.getString(2)));
        return ids;
    }
}
