package org.oneplace.conversation.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.oneplace.conversation.FeedEvent;
import org.oneplace.platform.Wakeups;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The conversation feed: appended in the changing transaction, announced once it commits. */
@Repository
public class FeedRepository {

    static final String CHANNEL = "conversation_feed";

    /** The kind of feed event for a customer's call that has started ringing. */
    static final String RINGING = "ringing";

    private final JdbcClient jdbc;
    private final Wakeups wakeups;

    FeedRepository(JdbcClient jdbc, Wakeups wakeups) {
        this.jdbc = jdbc;
        this.wakeups = wakeups;
    }

    public void append(UUID conversationId, UUID customerId, String kind, Instant at) {
        jdbc.sql("""
                        insert into conversation_feed (conversation_id, customer_id, kind, at)
                        values (:conversation, :customer, :kind, :at)
                        """)
                .param("conversation", conversationId)
                .param("customer", customerId)
                .param("kind", kind)
                .param("at", utc(at))
                .update();
        wakeups.afterCommit(CHANNEL);
    }

    public List<FeedEvent> since(long afterId, int limit) {
        return since(afterId, Long.MAX_VALUE, limit);
    }

    /** Changes with ids in ({@code afterId}, {@code upTo}], oldest first. */
    public List<FeedEvent> since(long afterId, long upTo, int limit) {
        return jdbc.sql("select * from conversation_feed where id > :after and id <= :upTo order by id limit :limit")
                .param("after", afterId)
                .param("upTo", upTo)
                .param("limit", limit)
                .query((rs, n) -> new FeedEvent(
                        rs.getLong("id"),
                        rs.getObject("conversation_id", UUID.class),
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("kind"),
                        instant(rs, "at")))
                .list();
    }

    public long latest() {
        return jdbc.sql("select coalesce(max(id), 0) from conversation_feed")
                .query(Long.class)
                .single();
    }

    public int purgeBefore(Instant before) {
        return jdbc.sql("delete from conversation_feed where at < :before")
                .param("before", utc(before))
                .update();
    }
}
