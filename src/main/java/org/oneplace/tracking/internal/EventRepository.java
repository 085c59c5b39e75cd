package org.oneplace.tracking.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.tracking.TrackedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code tracking_event}, {@code tracking_message} and {@code tracking_session}. */
@Repository
public class EventRepository {

    private final JdbcClient jdbc;

    EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims messageIds; answers those not seen before (each once, even when repeated in the argument). */
    public Set<String> claimMessageIds(Collection<String> messageIds, Instant at) {
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO tracking_message (message_id, received_at)
                        SELECT DISTINCT m, :at FROM unnest(CAST(:ids AS text[])) AS m
                        ON CONFLICT (message_id) DO NOTHING
                        RETURNING message_id
                        """)
                .param("ids", messageIds.toArray(String[]::new))
                .param("at", utc(at))
                .query(String.class)
                .list());
    }

    /** A stored event with the customer and session it was attributed to. */
    public record Row(
            IncomingEvent event, UUID customerId, @Nullable UUID sessionId) {}

    /** Inserts events in one statement (one round trip whatever their number). */
    public void insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        UUID[] customer = new UUID[n];
        UUID[] id = new UUID[n];
        String[] messageId = new String[n];
        String[] call = new String[n];
        String[] type = new String[n];
        String[] name = new String[n];
        String[] channel = new String[n];
        UUID[] writeKey = new UUID[n];
        String[] anonymousId = new String[n];
        String[] userId = new String[n];
        UUID[] session = new UUID[n];
        // PgJDBC binds no timestamptz[]: instants travel as ISO-8601 text and are cast in SQL
        String[] occurred = new String[n];
        String[] received = new String[n];
        String[] original = new String[n];
        String[] sent = new String[n];
        String[] properties = new String[n];
        String[] traits = new String[n];
        String[] context = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            IncomingEvent e = row.event();
            customer[i] = row.customerId();
            id[i] = e.id();
            messageId[i] = e.messageId();
            call[i] = e.call();
            type[i] = e.type();
            name[i] = e.name();
            channel[i] = e.channel().code();
            writeKey[i] = e.writeKeyId();
            anonymousId[i] = e.anonymousId();
            userId[i] = e.userId();
            session[i] = row.sessionId();
            occurred[i] = e.occurredAt().toString();
            received[i] = e.receivedAt().toString();
            original[i] =
                    e.originalTimestamp() == null ? null : e.originalTimestamp().toString();
            sent[i] = e.sentAt() == null ? null : e.sentAt().toString();
            properties[i] = e.properties();
            traits[i] = e.traitsJson();
            context[i] = e.context();
        }
        jdbc.sql("""
                        INSERT INTO tracking_event (customer_id, id, first_customer_id, message_id, call, type, name,
                                                    channel, write_key_id, anonymous_id, user_id, session_id,
                                                    occurred_at, received_at, original_timestamp, sent_at,
                                                    properties, traits, context)
                        SELECT c, i, c, m, k, t, n, ch, w, a, u, s, o, r, ot, st,
                               CAST(p AS jsonb), CAST(tr AS jsonb), CAST(cx AS jsonb)
                          FROM unnest(CAST(:customer AS uuid[]), CAST(:id AS uuid[]), CAST(:messageId AS text[]),
                                      CAST(:call AS text[]), CAST(:type AS text[]), CAST(:name AS text[]),
                                      CAST(:channel AS text[]), CAST(:writeKey AS uuid[]),
                                      CAST(:anonymousId AS text[]), CAST(:userId AS text[]),
                                      CAST(:session AS uuid[]), CAST(:occurred AS timestamptz[]),
                                      CAST(:received AS timestamptz[]), CAST(:original AS timestamptz[]),
                                      CAST(:sent AS timestamptz[]), CAST(:properties AS text[]),
                                      CAST(:traits AS text[]), CAST(:context AS text[]))
                               AS x(c, i, m, k, t, n, ch, w, a, u, s, o, r, ot, st, p, tr, cx)
                        """)
                .param("customer", customer)
                .param("id", id)
                .param("messageId", messageId)
                .param("call", call)
                .param("type", type)
                .param("name", name)
                .param("channel", channel)
                .param("writeKey", writeKey)
                .param("anonymousId", anonymousId)
                .param("userId", userId)
                .param("session", session)
                .param("occurred", occurred)
                .param("received", received)
                .param("original", original)
                .param("sent", sent)
                .param("properties", properties)
                .param("traits", traits)
                .param("context", context)
                .update();
    }

    /** A device's session as the writer keeps it while it places a commit's events into sessions. */
    public static final class Session {
        final UUID customerId;
        final UUID id;
        final String device;
        final String channel;
        Instant startedAt;
        Instant lastAt;
        int events;
        int pages;
        final boolean stored;

        Session(
                UUID customerId,
                UUID id,
                String device,
                String channel,
                Instant startedAt,
                Instant lastAt,
                int events,
                int pages,
                boolean stored) {
            this.customerId = customerId;
            this.id = id;
            this.device = device;
            this.channel = channel;
            this.startedAt = startedAt;
            this.lastAt = lastAt;
            this.events = events;
            this.pages = pages;
            this.stored = stored;
        }

        UUID id() {
            return id;
        }

        /** Counts one more event at {@code at} into the session, widening its span. */
        void count(Instant at, boolean page) {
            if (at.isBefore(startedAt)) {
                startedAt = at;
            }
            if (at.isAfter(lastAt)) {
                lastAt = at;
            }
            events++;
            pages += page ? 1 : 0;
        }
    }

    /** The most recent session of each device. */
    public Map<String, Session> latestSessions(Collection<String> devices) {
        Map<String, Session> latest = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (device) customer_id, id, device, channel, started_at, last_at
                          FROM tracking_session
                         WHERE device = ANY(:devices)
                         ORDER BY device, last_at DESC
                        """)
                .param("devices", devices.toArray(String[]::new))
                .query((rs, row) -> new Session(
                        rs.getObject("customer_id", UUID.class),
                        rs.getObject("id", UUID.class),
                        rs.getString("device"),
                        rs.getString("channel"),
                        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_at", OffsetDateTime.class).toInstant(),
                        0,
                        0,
                        true))
                .list()
                .forEach(session -> latest.put(session.device, session));
        return latest;
    }

    /** Writes what a commit's events did to sessions: counts added to stored ones, new ones inserted. */
    public void writeSessions(Collection<Session> sessions) {
        List<Session> stored = sessions.stream().filter(x -> x.stored).toList();
        List<Session> fresh = sessions.stream().filter(x -> !x.stored).toList();
        if (!stored.isEmpty()) {
            jdbc.sql("""
                            UPDATE tracking_session s
                               SET started_at = least(s.started_at, x.started), last_at = greatest(s.last_at, x.last),
                                   events = s.events + x.events, pages = s.pages + x.pages
                              FROM unnest(CAST(:customer AS uuid[]), CAST(:id AS uuid[]),
                                          CAST(:started AS timestamptz[]), CAST(:last AS timestamptz[]),
                                          CAST(:events AS int[]), CAST(:pages AS int[]))
                                   AS x(customer, id, started, last, events, pages)
                             WHERE s.customer_id = x.customer AND s.id = x.id
                            """)
                    .param("customer", stored.stream().map(x -> x.customerId).toArray(UUID[]::new))
                    .param("id", stored.stream().map(x -> x.id).toArray(UUID[]::new))
                    .param(
                            "started",
                            stored.stream().map(x -> x.startedAt.toString()).toArray(String[]::new))
                    .param("last", stored.stream().map(x -> x.lastAt.toString()).toArray(String[]::new))
                    .param("events", stored.stream().map(x -> x.events).toArray(Integer[]::new))
                    .param("pages", stored.stream().map(x -> x.pages).toArray(Integer[]::new))
                    .update();
        }
        if (!fresh.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO tracking_session (customer_id, id, first_customer_id, device, channel,
                                                          started_at, last_at, events, pages)
                            SELECT customer, id, customer, device, channel, started, last, events, pages
                              FROM unnest(CAST(:customer AS uuid[]), CAST(:id AS uuid[]), CAST(:device AS text[]),
                                          CAST(:channel AS text[]), CAST(:started AS timestamptz[]),
                                          CAST(:last AS timestamptz[]), CAST(:events AS int[]), CAST(:pages AS int[]))
                                   AS x(customer, id, device, channel, started, last, events, pages)
                            """)
                    .param("customer", fresh.stream().map(x -> x.customerId).toArray(UUID[]::new))
                    .param("id", fresh.stream().map(x -> x.id).toArray(UUID[]::new))
                    .param("device", fresh.stream().map(x -> x.device).toArray(String[]::new))
                    .param("channel", fresh.stream().map(x -> x.channel).toArray(String[]::new))
                    .param(
                            "started",
                            fresh.stream().map(x -> x.startedAt.toString()).toArray(String[]::new))
                    .param("last", fresh.stream().map(x -> x.lastAt.toString()).toArray(String[]::new))
                    .param("events", fresh.stream().map(x -> x.events).toArray(Integer[]::new))
                    .param("pages", fresh.stream().map(x -> x.pages).toArray(Integer[]::new))
                    .update();
        }
    }

    /** One event on the timeline, with the few properties its summary shows (read in SQL, not parsed here). */
    public record TimelineRow(
            UUID id,
            Instant at,
            String channel,
            String call,
            String type,
            @Nullable String name,
            @Nullable String product,
            @Nullable String variant,
            @Nullable String title,
            @Nullable String path,
            @Nullable String orderId,
            @Nullable String keyProperties) {}

    public List<TimelineRow> before(
            Set<UUID> customerIds,
            @Nullable Instant beforeAt,
            @Nullable String beforeId,
            Collection<String> channels,
            int limit) {
        return jdbc.sql("""
                        SELECT e.id, e.occurred_at, e.channel, e.call, e.type, e.name,
                               e.properties ->> 'name' AS product, e.properties ->> 'variant' AS variant,
                               e.properties ->> 'title' AS title, e.properties ->> 'path' AS path,
                               e.properties ->> 'order_id' AS order_id,
                               -- the properties a person or an integrator recognises the event by, as sent
                               CAST(jsonb_strip_nulls(jsonb_build_object(
                                       'product_id', e.properties -> 'product_id', 'sku', e.properties -> 'sku',
                                       'name', e.properties -> 'name', 'variant', e.properties -> 'variant',
                                       'category', e.properties -> 'category', 'price', e.properties -> 'price',
                                       'quantity', e.properties -> 'quantity',
                                       'currency', e.properties -> 'currency',
                                       'order_id', e.properties -> 'order_id', 'total', e.properties -> 'total',
                                       'revenue', e.properties -> 'revenue', 'path', e.properties -> 'path',
                                       'url', e.properties -> 'url', 'title', e.properties -> 'title',
                                       'query', e.properties -> 'query')) AS text) AS key_properties
                          FROM unnest(CAST(:ids AS uuid[])) AS c(id)
                          -- per customer id an index range read in timeline order, so a person with a million
                          -- events and a few merged ids still costs one short scan each, never a sort of all
                          CROSS JOIN LATERAL (
                                SELECT * FROM tracking_event t
                                 WHERE t.customer_id = c.id
                                   AND (CAST(:beforeAt AS timestamptz) IS NULL
                                        OR (t.occurred_at, t.id) < (:beforeAt, CAST(:beforeId AS uuid)))
                                   AND (cardinality(CAST(:channels AS text[])) = 0 OR t.channel = ANY(:channels))
                                 ORDER BY t.occurred_at DESC, t.id DESC
                                 LIMIT :limit) e
                         ORDER BY e.occurred_at DESC, e.id DESC
                         LIMIT :limit
                        """)
                .param("ids", customerIds.toArray(UUID[]::new))
                .param("beforeAt", beforeAt == null ? null : utc(beforeAt))
                .param("beforeId", beforeId)
                .param("channels", channels.toArray(String[]::new))
                .param("limit", limit)
                .query((rs, row) -> new TimelineRow(
                        rs.getObject("id", UUID.class),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("channel"),
                        rs.getString("call"),
                        rs.getString("type"),
                        rs.getString("name"),
                        rs.getString("product"),
                        rs.getString("variant"),
                        rs.getString("title"),
                        rs.getString("path"),
                        rs.getString("order_id"),
                        rs.getString("key_properties")))
                .list();
    }

    public void reassign(UUID from, UUID to) {
        jdbc.sql("UPDATE tracking_event SET customer_id = :to WHERE customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("UPDATE tracking_session SET customer_id = :to WHERE customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
    }

    public void reassignBack(UUID from, UUID to, Set<UUID> firstCustomerIds) {
        for (String table : List.of("tracking_event", "tracking_session")) {
            jdbc.sql("UPDATE " + table + """
                             SET customer_id = :to
                             WHERE customer_id = :from AND first_customer_id = ANY(:first)
                            """)
                    .param("from", from)
                    .param("to", to)
                    .param("first", firstCustomerIds.toArray(UUID[]::new))
                    .update();
        }
    }

    /** Everything stored about these customers in one table, each row as a JSON object, for an export. */
    public List<String> export(String table, Set<UUID> customerIds) {
        if (!Set.of("tracking_event", "tracking_session").contains(table)) {
            throw new IllegalArgumentException(table);
        }
        return jdbc.sql("SELECT CAST(to_jsonb(t) AS text) FROM " + table
                        + " t WHERE customer_id = ANY(:ids) ORDER BY id")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(String.class)
                .list();
    }

    public void delete(Set<UUID> customerIds) {
        for (String table : List.of("tracking_event", "tracking_session")) {
            jdbc.sql("DELETE FROM " + table + " WHERE customer_id = ANY(:ids) OR first_customer_id = ANY(:ids)")
                    .param("ids", customerIds.toArray(UUID[]::new))
                    .update();
        }
    }
    /** Customers with at least {@code atLeast} of an event since a moment, carrying these properties (JSON). */
    public CustomerFilter did(String event, @Nullable String properties, int atLeast, Instant since) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("event", event);
        params.put("since", utc(since));
        params.put("atLeast", atLeast);
        String where = "";
        if (properties != null) {
            params.put("where", properties);
            where = " AND properties @> CAST(:where AS jsonb)";
        }
        // once is enough: no grouping, so a correlated EXISTS reads the (customer_id, occurred_at) index per customer
        String enough = atLeast <= 1 ? "" : " GROUP BY customer_id HAVING count(*) >= :atLeast";
        if (atLeast <= 1) {
            params.remove("atLeast");
        }
        return new CustomerFilter(
                "SELECT customer_id FROM tracking_event WHERE (type = :event OR name = :event) AND occurred_at >= :since"
                        + where + enough,
                params);
    }

    /** Events after a position, in position order (the feed consumers read behind ingestion). */
    public List<TrackedEvent> since(long after, int limit) {
        return jdbc.sql("""
                        SELECT position, customer_id, type, name, properties, occurred_at, channel, anonymous_id,
                               first_customer_id
                          FROM tracking_event
                         WHERE position > :after AND position IS NOT NULL ORDER BY position LIMIT :limit
                        """)
                .param("after", after)
                .param("limit", limit)
                .query((rs, n) -> new TrackedEvent(
                        rs.getLong("position"),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("type"),
                        rs.getString("name"),
                        rs.getString("properties"),
                        instant(rs, "occurred_at"),
                        rs.getString("channel"),
                        rs.getString("anonymous_id"),
                        rs.getObject("first_customer_id", UUID.class)))
                .list();
    }

    /** Whether any event holds a position in (after, before): a gap that filled meanwhile. */
    public boolean anyBetween(long after, long before) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tracking_event WHERE position > :after AND position < :before"
                        + " AND position IS NOT NULL)")
                .param("after", after)
                .param("before", before)
                .query(Boolean.class)
                .single();
    }

    /** The newest position, 0 when there are no events. */
    public long latest() {
        return jdbc.sql("SELECT coalesce(max(position), 0) FROM tracking_event WHERE position IS NOT NULL")
                .query(Long.class)
                .single();
    }
}
