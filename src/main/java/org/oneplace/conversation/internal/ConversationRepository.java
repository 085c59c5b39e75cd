package org.oneplace.conversation.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.conversation.ConversationStatus;
import org.oneplace.conversation.ConversationView;
import org.oneplace.shared.ChannelType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Conversations; one open per customer, guarded by a partial unique index and a per-customer lock. */
@Repository
public class ConversationRepository {

    private static final String SELECT = "select c.* from conversation c";

    private final JdbcClient jdbc;

    ConversationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serialises everything that opens, reopens or merges a customer's conversations until the transaction ends, so
     * that ten parallel deliveries of one customer's album make one conversation.
     */
    public void lockCustomer(UUID customerId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:id, 7))")
                .param("id", customerId.toString())
                .query((rs, n) -> 1)
                .list();
    }

    public Optional<ConversationView> find(UUID id) {
        return jdbc.sql(SELECT + " where c.id = :id")
                .param("id", id)
                .query(this::view)
                .optional();
    }

    public Optional<ConversationView> open(UUID customerId) {
        return jdbc.sql(SELECT + " where c.customer_id = :customer and c.status = 'open'")
                .param("customer", customerId)
                .query(this::view)
                .optional();
    }

    /** The customer's most recently resolved conversation. */
    public Optional<ConversationView> lastResolved(UUID customerId) {
        return jdbc.sql(
                        SELECT
                                + " where c.customer_id = :customer and c.status = 'resolved' order by c.resolved_at desc limit 1")
                .param("customer", customerId)
                .query(this::view)
                .optional();
    }

    public void insert(UUID id, UUID customerId, Instant at) {
        jdbc.sql("""
                        insert into conversation (id, customer_id, status, opened_at, last_message_at, waiting_on, waiting_since)
                        values (:id, :customer, 'open', :at, :at, 'agent', :at)
                        """)
                .param("id", id)
                .param("customer", customerId)
                .param("at", utc(at))
                .update();
    }

    public void reopen(UUID id, Instant at) {
        jdbc.sql("""
                        update conversation
                           set status = 'open', resolved_at = null, waiting_on = 'agent', waiting_since = :at,
                               csat_requested_at = null, version = version + 1
                         where id = :id
                        """).param("id", id).param("at", utc(at)).update();
    }

    /** A customer's message arrived: the conversation now waits on us (since now, unless it already did). */
    public void customerWrote(UUID id, @Nullable UUID channelId, @Nullable ChannelType type, Instant at) {
        jdbc.sql("""
                        update conversation
                           set last_message_at = greatest(last_message_at, :at),
                               waiting_since = case when waiting_on = 'customer' then :at else waiting_since end,
                               waiting_on = 'agent',
                               last_inbound_channel_id = coalesce(:channel, last_inbound_channel_id),
                               last_channel_type = coalesce(:type, last_channel_type),
                               version = version + 1
                         where id = :id
                        """)
                .param("id", id)
                .param("channel", channelId)
                .param("type", type == null ? null : type.code())
                .param("at", utc(at))
                .update();
    }

    /** We answered: the conversation waits on the customer. */
    public void weAnswered(UUID id, Instant at) {
        jdbc.sql("""
                        update conversation
                           set last_message_at = greatest(last_message_at, :at), waiting_on = 'customer',
                               waiting_since = :at, version = version + 1
                         where id = :id
                        """).param("id", id).param("at", utc(at)).update();
    }

    public void touch(UUID id, Instant at) {
        jdbc.sql("update conversation set last_message_at = greatest(last_message_at, :at), version = version + 1"
                        + " where id = :id")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    public boolean resolve(UUID id, Instant at, boolean surveyed) {
        return jdbc.sql("""
                        update conversation
                           set status = 'resolved', resolved_at = :at,
                               csat_requested_at = case when :surveyed then :at else null end, version = version + 1
                         where id = :id and status = 'open'
                        """)
                        .param("id", id)
                        .param("at", utc(at))
                        .param("surveyed", surveyed)
                        .update()
                == 1;
    }

    public void handOff(UUID id, String summary, Instant at) {
        jdbc.sql("""
                        update conversation
                           set handoff_summary = :summary, assignee_id = null, waiting_on = 'agent',
                               waiting_since = :at, version = version + 1
                         where id = :id
                        """)
                .param("id", id)
                .param("summary", summary)
                .param("at", utc(at))
                .update();
    }

    public void assign(UUID id, @Nullable UUID assignee) {
        jdbc.sql("update conversation set assignee_id = :assignee, version = version + 1 where id = :id")
                .param("id", id)
                .param("assignee", assignee)
                .update();
    }

    /** Takes a survey answer when the survey is pending and not answered yet; true when it was taken. */
    public boolean recordCsat(UUID id, int score, Instant notBefore) {
        return jdbc.sql("""
                        update conversation set csat_score = :score, version = version + 1
                         where id = :id and csat_score is null and csat_requested_at >= :since
                        """)
                        .param("id", id)
                        .param("score", score)
                        .param("since", utc(notBefore))
                        .update()
                == 1;
    }

    /** What a restricted person may see: assigned to them, or on a channel of theirs or of no team. */
    public record Visible(@Nullable UUID me, java.util.Set<UUID> mine, java.util.Set<UUID> answered) {}

    public List<ConversationView> page(
            @Nullable UUID customerId,
            @Nullable ConversationStatus status,
            @Nullable UUID assignee,
            boolean unassigned,
            @Nullable Instant beforeAt,
            @Nullable UUID beforeId,
            int limit,
            @Nullable Visible visible) {
        // only the conditions asked for, and the status as a literal: a statement with every condition optional
        // ("(:x is null or …)") got a generic plan after a few runs that could not use the partial index of open
        // conversations, and the inbox's first page took ten times the raw query
        List<String> where = new ArrayList<>();
        if (customerId != null) {
            where.add("c.customer_id = :customer");
        }
        if (status != null) {
            // an enum's code, never a client's text, goes into the statement
            where.add("c.status = '" + status.code() + "'");
        }
        if (assignee != null) {
            where.add("c.assignee_id = :assignee");
        }
        if (unassigned) {
            where.add("c.assignee_id is null");
        }
        if (visible != null) {
            where.add("""
                    (c.assignee_id = cast(:me as uuid) or c.last_inbound_channel_id is null
                     or not (c.last_inbound_channel_id = any(:answered)) or c.last_inbound_channel_id = any(:mine))""");
        }
        if (beforeAt != null) {
            where.add("(c.last_message_at, c.id) < (:beforeAt, :beforeId)");
        }
        String sql = SELECT
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by c.last_message_at desc, c.id desc limit :limit";
        var statement = jdbc.sql(sql).param("limit", limit);
        if (customerId != null) {
            statement = statement.param("customer", customerId);
        }
        if (assignee != null) {
            statement = statement.param("assignee", assignee);
        }
        if (visible != null) {
            statement = statement
                    .param("me", visible.me())
                    .param("answered", visible.answered().toArray(UUID[]::new))
                    .param("mine", visible.mine().toArray(UUID[]::new));
        }
        if (beforeAt != null) {
            statement = statement.param("beforeAt", utc(beforeAt)).param("beforeId", beforeId);
        }
        return statement.query(this::view).list();
    }

    /**
     * Folds the merged customer's conversations into the survivor's: when both have one open, the merged one's
     * messages move into the survivor's and it is marked merged; every other conversation and message changes owner.
     */
    public void fold(UUID mergedId, UUID survivorId, Instant at) {
        Optional<ConversationView> survivorOpen = open(survivorId);
        Optional<ConversationView> mergedOpen = open(mergedId);
        if (survivorOpen.isPresent() && mergedOpen.isPresent()) {
            UUID from = mergedOpen.get().id();
            UUID into = survivorOpen.get().id();
            jdbc.sql("update message set conversation_id = :into where conversation_id = :from")
                    .param("into", into)
                    .param("from", from)
                    .update();
            jdbc.sql("""
                            update conversation set status = 'merged', merged_into = :into, resolved_at = :at,
                                   version = version + 1
                             where id = :from
                            """)
                    .param("into", into)
                    .param("from", from)
                    .param("at", utc(at))
                    .update();
            jdbc.sql("""
                            update conversation
                               set last_message_at = greatest(last_message_at, :last),
                                   waiting_since = least(waiting_since, :since), version = version + 1
                             where id = :into
                            """)
                    .param("into", into)
                    .param("last", utc(mergedOpen.get().lastMessageAt()))
                    .param("since", utc(mergedOpen.get().waitingSince()))
                    .update();
        }
        jdbc.sql("update conversation set customer_id = :survivor where customer_id = :merged")
                .param("survivor", survivorId)
                .param("merged", mergedId)
                .update();
        jdbc.sql("update message set customer_id = :survivor where customer_id = :merged")
                .param("survivor", survivorId)
                .param("merged", mergedId)
                .update();
    }

    public List<ConversationView> ofCustomers(Collection<UUID> customerIds) {
        return jdbc.sql(SELECT + " where c.customer_id = any(:ids) order by c.opened_at")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(this::view)
                .list();
    }

    public void erase(Collection<UUID> customerIds) {
        UUID[] ids = customerIds.toArray(UUID[]::new);
        jdbc.sql("delete from message where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
        jdbc.sql("delete from conversation where customer_id = any(:ids)")
                .param("ids", ids)
                .update();
    }

    public List<ConversationView> byIds(java.util.Collection<UUID> ids) {
        return jdbc.sql(SELECT + " where c.id = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query(this::view)
                .list();
    }

    public List<ConversationView> waitingUnassigned(int limit) {
        return jdbc.sql(SELECT
                        + " where c.status = 'open' and c.assignee_id is null order by c.waiting_since limit :limit")
                .param("limit", limit)
                .query(this::view)
                .list();
    }

    /** The open conversations' counts by assignee, for least-loaded assignment. */
    public Map<UUID, Integer> openCounts(Collection<UUID> agents) {
        Map<UUID, Integer> counts = new java.util.HashMap<>();
        agents.forEach(a -> counts.put(a, 0));
        jdbc.sql("""
                        select assignee_id, count(*) from conversation
                         where status = 'open' and assignee_id = any(:agents) group by assignee_id
                        """)
                .param("agents", agents.toArray(UUID[]::new))
                .query((rs, n) -> counts.put(rs.getObject(1, UUID.class), rs.getInt(2)))
                .list();
        return counts;
    }

    private ConversationView view(ResultSet rs, int row) throws SQLException {
        String channel = rs.getString("last_channel_type");
        return new ConversationView(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                ConversationStatus.parse(rs.getString("status")),
                instant(rs, "opened_at"),
                nullableInstant(rs, "resolved_at"),
                instant(rs, "last_message_at"),
                rs.getString("waiting_on"),
                instant(rs, "waiting_since"),
                channel == null ? null : ChannelType.fromCode(channel).orElse(null),
                rs.getObject("last_inbound_channel_id", UUID.class),
                rs.getObject("assignee_id", UUID.class),
                rs.getString("handoff_summary"),
                (Integer) rs.getObject("csat_score"),
                rs.getObject("merged_into", UUID.class));
    }
}
