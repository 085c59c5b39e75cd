package org.oneplace.channel.webchat;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Web-chat visitor sessions and the messages each visitor sees. */
@Repository
public class WebchatRepository {

    private final JdbcClient jdbc;

    WebchatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Session(
            UUID id,
            UUID channelId,
            @Nullable String anonymousId,
            @Nullable String userId,
            boolean userVerified,
            @Nullable String email,
            @Nullable String name) {}

    record Line(long id, String direction, @Nullable String author, String content, Instant at) {}

    void belongsTo(UUID session, UUID customer) {
        jdbc.sql("update webchat_session set customer_id = :customer where id = :id and customer_id is null")
                .param("id", session)
                .param("customer", customer)
                .update();
    }

    /** The sessions of these customers with what their visitors typed and saw, for an export. */
    public List<Map<String, Object>> sessionsOf(java.util.Collection<UUID> customers) {
        UUID[] ids = customers.toArray(UUID[]::new);
        List<Map<String, Object>> sessions = jdbc.sql("""
                        select id, anonymous_id, user_id, email, name, created_at, last_seen_at
                          from webchat_session where customer_id = any(:ids) order by created_at limit 1000
                        """)
                .param("ids", ids)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    Map<String, Object> session = new java.util.LinkedHashMap<>();
                    session.put("id", id);
                    session.put("anonymousId", rs.getString("anonymous_id"));
                    session.put("userId", rs.getString("user_id"));
                    session.put("email", rs.getString("email"));
                    session.put("name", rs.getString("name"));
                    session.put("startedAt", instant(rs, "created_at"));
                    session.put("lastSeenAt", instant(rs, "last_seen_at"));
                    return session;
                })
                .list();
        for (Map<String, Object> session : sessions) {
            session.put("messages", lines((UUID) session.get("id"), 0, 10_000));
        }
        return sessions;
    }

    /** Notes that a session is in use (at most once an hour, so that reading a chat writes almost nothing). */
    void touch(UUID session, Instant at) {
        jdbc.sql("""
                        update webchat_session set last_seen_at = :at
                         where id = :id and last_seen_at < :at - interval '1 hour'
                        """).param("id", session).param("at", utc(at)).update();
    }

    /** Deletes sessions that never became anybody's and were last used before a time. */
    public int purgeUnclaimedBefore(Instant before) {
        jdbc.sql("""
                        delete from webchat_message where session_id in
                            (select id from webchat_session where customer_id is null and last_seen_at < :before)
                        """).param("before", utc(before)).update();
        return jdbc.sql("delete from webchat_session where customer_id is null and last_seen_at < :before")
                .param("before", utc(before))
                .update();
    }

    /** Ends these customers' sessions and forgets what was typed and shown in them. */
    public void eraseFor(java.util.Collection<UUID> customers) {
        UUID[] ids = customers.toArray(UUID[]::new);
        jdbc.sql("""
                        delete from webchat_message
                         where session_id in (select id from webchat_session where customer_id = any(:ids))
                        """).param("ids", ids).update();
        jdbc.sql("delete from webchat_session where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
    }

    void insertSession(Session s, String tokenHash, Instant at) {
        jdbc.sql("""
                        insert into webchat_session (id, channel_id, token_hash, anonymous_id, user_id, user_verified,
                            email, name, created_at, last_seen_at)
                        values (:id, :channel, :hash, :anonymous, :user, :verified, :email, :name, :at, :at)
                        """)
                .param("id", s.id())
                .param("channel", s.channelId())
                .param("hash", tokenHash)
                .param("anonymous", s.anonymousId())
                .param("user", s.userId())
                .param("verified", s.userVerified())
                .param("email", s.email())
                .param("name", s.name())
                .param("at", utc(at))
                .update();
    }

    Optional<Session> byToken(String tokenHash) {
        return jdbc.sql("select * from webchat_session where token_hash = :hash")
                .param("hash", tokenHash)
                .query((rs, n) -> session(rs))
                .optional();
    }

    Optional<Session> byId(UUID id) {
        return jdbc.sql("select * from webchat_session where id = :id")
                .param("id", id)
                .query((rs, n) -> session(rs))
                .optional();
    }

    private static Session session(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Session(
                rs.getObject("id", UUID.class),
                rs.getObject("channel_id", UUID.class),
                rs.getString("anonymous_id"),
                rs.getString("user_id"),
                rs.getBoolean("user_verified"),
                rs.getString("email"),
                rs.getString("name"));
    }

    /** Records a visitor's message once per client id, and announces it to the visitor's other streams. */
    void visitorWrote(UUID session, String clientId, String content, Instant at) {
        jdbc.sql("""
                        with added as (
                            insert into webchat_message (session_id, direction, client_id, content, at)
                            values (:session, 'in', :client, :content, :at)
                            on conflict do nothing returning session_id)
                        select pg_notify('webchat', session_id::text) from added
                        """)
                .param("session", session)
                .param("client", clientId)
                .param("content", content)
                .param("at", utc(at))
                .query((rs, n) -> 1)
                .list();
    }

    /** Records a reply for the visitor to see, once per message id, and announces it to their streams. */
    void replied(UUID session, UUID messageId, @Nullable String author, String content, Instant at) {
        jdbc.sql("""
                        with added as (
                            insert into webchat_message (session_id, direction, message_id, author, content, at)
                            values (:session, 'out', :message, :author, :content, :at)
                            on conflict do nothing returning session_id)
                        select pg_notify('webchat', session_id::text) from added
                        """)
                .param("session", session)
                .param("message", messageId)
                .param("author", author)
                .param("content", content)
                .param("at", utc(at))
                .query((rs, n) -> 1)
                .list();
    }

    List<Line> lines(UUID session, long after, int limit) {
        return jdbc.sql("""
                        select * from webchat_message where session_id = :session and id > :after order by id limit :limit
                        """)
                .param("session", session)
                .param("after", after)
                .param("limit", limit)
                .query((rs, n) -> new Line(
                        rs.getLong("id"),
                        rs.getString("direction"),
                        rs.getString("author"),
                        rs.getString("content"),
                        instant(rs, "at")))
                .list();
    }
}
