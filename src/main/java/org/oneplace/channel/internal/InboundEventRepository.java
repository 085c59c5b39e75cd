package org.oneplace.channel.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.StoredRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Raw provider requests, each stored once per (channel, de-duplication key). */
@Repository
public class InboundEventRepository {

    private final JdbcClient jdbc;

    InboundEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a request unless one with the same key was stored before, or was erased with the person it was about
     * (a tombstone); true when this one is new.
     */
    public boolean insert(
            UUID id,
            UUID channelId,
            String dedupeKey,
            String subPath,
            @Nullable String query,
            @Nullable String contentType,
            byte[] raw,
            Instant at,
            String status,
            @Nullable String reason,
            int lane) {
        return jdbc.sql("""
                        insert into inbound_event
                            (id, channel_id, dedupe_key, sub_path, query, content_type, raw, received_at, status, reason,
                             next_attempt_at, lane)
                        select :id, :channel, :key, :sub, :query, :type, :raw, :at, :status, :reason, :at, :lane
                         where not exists (select 1 from inbound_tombstone t
                                            where t.channel_id = :channel
                                              and t.key_hash = sha256(convert_to(:key, 'UTF8')))
                        on conflict (channel_id, dedupe_key) do nothing
                        """)
                        .param("id", id)
                        .param("channel", channelId)
                        .param("key", dedupeKey)
                        .param("sub", subPath)
                        .param("query", query)
                        .param("type", contentType)
                        .param("raw", raw)
                        .param("at", utc(at))
                        .param("status", status)
                        .param("reason", reason)
                        .param("lane", lane)
                        .update()
                == 1;
    }

    public record Stored(UUID channelId, String status, StoredRequest request) {}

    /**
     * The oldest due stored request, locked until the caller's transaction ends; requests another worker holds
     * are skipped.
     */
    public java.util.List<UUID> claim(Instant now, int limit, int lane, int lanes) {
        return jdbc.sql("""
                        select id from inbound_event
                         where status = 'stored' and next_attempt_at <= :now and lane % :lanes = :lane
                         order by next_attempt_at
                         limit :limit
                         for update skip locked
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .param("lane", lane)
                .param("lanes", lanes)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    /** One stored request by id, locked; empty when it is processed or another worker holds it. */
    public Optional<UUID> claim(UUID id) {
        return jdbc.sql("select id from inbound_event where id = :id and status = 'stored' for update skip locked")
                .param("id", id)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .optional();
    }

    /**
     * A failed attempt: tried again after the backoff, or quarantined after too many. Answers the channel account
     * when this attempt quarantined the request.
     */
    public Optional<UUID> failed(UUID id, String reason, int maxAttempts, Instant now) {
        return jdbc.sql("""
                        update inbound_event
                           set attempts = attempts + 1, reason = :reason,
                               next_attempt_at = :now + make_interval(secs => least(3600, power(2, attempts + 1))),
                               status = case when attempts + 1 >= :max then 'quarantined' else status end
                         where id = :id and status = 'stored'
                        returning channel_id, status
                        """)
                .param("id", id)
                .param("reason", reason)
                .param("max", maxAttempts)
                .param("now", utc(now))
                .query((rs, n) ->
                        "quarantined".equals(rs.getString("status")) ? rs.getObject("channel_id", UUID.class) : null)
                .optional();
    }

    /** The stored request of a channel under one of these de-duplication keys. */
    public Optional<Stored> byKey(UUID channelId, java.util.List<String> keys) {
        return jdbc.sql("select id from inbound_event where channel_id = :channel and dedupe_key = any(:keys) limit 1")
                .param("channel", channelId)
                .param("keys", keys.toArray(String[]::new))
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .optional()
                .flatMap(this::find);
    }

    public Optional<Stored> find(UUID id) {
        return jdbc.sql("select * from inbound_event where id = :id")
                .param("id", id)
                .query((rs, n) -> new Stored(
                        rs.getObject("channel_id", UUID.class),
                        rs.getString("status"),
                        new StoredRequest(
                                id,
                                rs.getString("sub_path"),
                                rs.getString("query"),
                                rs.getString("content_type"),
                                rs.getBytes("raw"),
                                instant(rs, "received_at"))))
                .optional();
    }

    public void mark(UUID id, String status, @Nullable String reason, Instant at) {
        jdbc.sql("update inbound_event set status = :status, reason = :reason, processed_at = :at where id = :id")
                .param("id", id)
                .param("status", status)
                .param("reason", reason)
                .param("at", utc(at))
                .update();
    }

    /** Marks a request processed; answers the account it came to. */
    public Optional<UUID> processed(UUID id, java.util.Collection<UUID> customers, Instant at) {
        return jdbc.sql("""
                        update inbound_event set status = 'processed', processed_at = :at, customer_ids = :customers
                         where id = :id
                        returning channel_id
                        """)
                .param("id", id)
                .param("customers", customers.toArray(UUID[]::new))
                .param("at", utc(at))
                .query(UUID.class)
                .optional();
    }

    /** The raw requests about these customers, for an export. */
    public java.util.List<java.util.Map<String, Object>> about(java.util.Collection<UUID> customers) {
        return jdbc.sql("""
                        select id, channel_id, received_at, content_type, convert_from(raw, 'UTF8') as body
                          from inbound_event where customer_ids && :ids order by received_at limit 10000
                        """)
                .param("ids", customers.toArray(UUID[]::new))
                .query((rs, n) -> java.util.Map.<String, Object>of(
                        "id", rs.getObject("id", UUID.class),
                        "channelId", rs.getObject("channel_id", UUID.class),
                        "receivedAt", instant(rs, "received_at"),
                        "contentType", String.valueOf(rs.getString("content_type")),
                        "body", rs.getString("body")))
                .list();
    }

    /** Deletes the raw requests about these customers, keeping their de-duplication keys as tombstones. */
    public int eraseAbout(java.util.Collection<UUID> customers, Instant at) {
        return jdbc.sql("""
                        with gone as (
                            delete from inbound_event where customer_ids && :ids returning channel_id, dedupe_key
                        ), kept as (
                            insert into inbound_tombstone (channel_id, key_hash, erased_at)
                            select distinct channel_id, sha256(convert_to(dedupe_key, 'UTF8')), :at from gone
                            on conflict do nothing
                        )
                        select count(*) from gone
                        """)
                .param("ids", customers.toArray(UUID[]::new))
                .param("at", utc(at))
                .query(Integer.class)
                .single();
    }

    /** Keeps de-duplication keys as tombstones: a request stored under one of them again is dropped. */
    public void tombstone(UUID channelId, java.util.Collection<String> keys, Instant at) {
        jdbc.sql("""
                        insert into inbound_tombstone (channel_id, key_hash, erased_at)
                        select :channel, sha256(convert_to(k, 'UTF8')), :at from unnest(:keys::text[]) as k
                        on conflict do nothing
                        """)
                .param("channel", channelId)
                .param("keys", keys.toArray(String[]::new))
                .param("at", utc(at))
                .update();
    }

    /** Deletes processed raw requests received before a time: the messages keep what is needed of them. */
    public int purgeProcessedBefore(Instant before) {
        return jdbc.sql("delete from inbound_event where status = 'processed' and received_at < :before")
                .param("before", utc(before))
                .update();
    }
}
