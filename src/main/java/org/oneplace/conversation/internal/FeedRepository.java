package org.oneplace.conversation.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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

    /**
     * Whether an id missing from the feed since {@code seenAt} (the database's clock) can no longer appear: no
     * transaction that began before then is still running (counting those that have not written yet: the id is
     * drawn a moment before the row is), so none of them holds it — it was taken by a transaction that rolled
     * back. Answers the database's time now as well.
     */
    public Gap gap(@Nullable Instant seenAt) {
        return jdbc.sql("""
                        select clock_timestamp() as now, min(xact_start) as oldest
                          from pg_stat_activity
                         where xact_start is not null and pid <> pg_backend_pid() and datname = current_database()
                        """)
                .query((rs, n) -> {
                    Instant now = instant(rs, "now");
                    Instant oldest = nullableInstant(rs, "oldest");
                    Instant since = seenAt == null ? now : seenAt;
                    return new Gap(since, now, oldest == null || oldest.isAfter(since));
                })
                .single();
    }

    /** A gap in the feed's ids: when it was first seen, and whether it is known to stay empty. */
    public record Gap(Instant seenAt, Instant now, boolean abandoned) {}

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
