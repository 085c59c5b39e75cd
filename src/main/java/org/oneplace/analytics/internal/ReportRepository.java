package org.oneplace.analytics.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reports, each one SQL statement over analytics' own tables for sessions that started in {@code [from, to)}.
 * The definitions are the README's ("Analytics"); the comments say which query computes which figure.
 */
@Repository
public class ReportRepository {

    private final JdbcClient jdbc;

    ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Traffic, length, bounces and conversion of a channel's sessions. */
    public record SessionFigures(
            String channel,
            long sessions,
            long customers,
            double avgSeconds,
            double medianSeconds,
            long bounces,
            long converted,
            long customersConverted,
            long returning) {}

    public List<SessionFigures> sessions(Instant from, Instant to, Duration returningWindow) {
        return jdbc.sql("""
                        with s as (
                            select * from analytics_session where started_at >= :from and started_at < :to
                        ), firsts as (
                            select customer_id, channel, min(started_at) as first_at from s group by 1, 2
                        ), back as (
                            -- customers who had a session on the channel in the window before their first one here
                            select f.channel, count(*) as returned from firsts f
                             where exists (select 1 from analytics_session p
                                            where p.customer_id = f.customer_id and p.channel = f.channel
                                              and p.started_at < f.first_at
                                              and p.started_at >= f.first_at - cast(:returning as interval))
                             group by f.channel
                        )
                        select s.channel, count(*) as sessions, count(distinct s.customer_id) as customers,
                               avg(extract(epoch from s.ended_at - s.started_at)) as avg_seconds,
                               percentile_cont(0.5) within group (order by extract(epoch from s.ended_at - s.started_at))
                                   as median_seconds,
                               count(*) filter (where s.touches = 1) as bounces,
                               count(*) filter (where s.converted) as converted,
                               count(distinct s.customer_id) filter (where s.converted) as customers_converted,
                               coalesce(max(r.returned), 0) as returned
                          from s left join back r on r.channel = s.channel
                         group by s.channel
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("returning", returningWindow.toSeconds() + " seconds")
                .query((rs, n) -> new SessionFigures(
                        rs.getString("channel"),
                        rs.getLong("sessions"),
                        rs.getLong("customers"),
                        rs.getDouble("avg_seconds"),
                        rs.getDouble("median_seconds"),
                        rs.getLong("bounces"),
                        rs.getLong("converted"),
                        rs.getLong("customers_converted"),
                        rs.getLong("returned")))
                .list();
    }

    /** Customers (and switches) whose next session came on another channel within the window. */
    public record TransitionFigures(String from, String to, long customers, long switches) {}

    public List<TransitionFigures> transitions(Instant from, Instant to, Duration window) {
        return jdbc.sql(PAIRS + """
                        select a_channel, b_channel, count(distinct customer_id) as customers, count(*) as switches
                          from pairs where b_started <= a_ended + cast(:window as interval)
                         group by a_channel, b_channel order by customers desc, a_channel, b_channel
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("window", window.toSeconds() + " seconds")
                .query((rs, n) -> new TransitionFigures(
                        rs.getString("a_channel"),
                        rs.getString("b_channel"),
                        rs.getLong("customers"),
                        rs.getLong("switches")))
                .list();
    }

    /**
     * Consecutive sessions of one customer on two channels: A, then B. Only pairs whose A started in the period; the
     * sessions after it are looked at up to {@code :window} past the period (a switch out of the period's last day
     * still counts).
     */
    private static final String PAIRS = """
            with seq as (
                select customer_id, channel, device, started_at, ended_at, recognised, conversation_id,
                       lead(channel) over w as b_channel, lead(started_at) over w as b_started,
                       lead(recognised) over w as b_recognised, lead(conversation_id) over w as b_conversation,
                       lead(device) over w as b_device, lead(restated) over w as b_restated
                  from analytics_session
                 where started_at >= :from and started_at < cast(:to as timestamptz) + cast(:window as interval)
                window w as (partition by customer_id order by started_at, channel, device)
            ), pairs as (
                select customer_id, channel as a_channel, device as a_device, started_at as a_started,
                       ended_at as a_ended, conversation_id as a_conversation, b_channel, b_device, b_started,
                       b_recognised, b_conversation, b_restated
                  from seq
                 where started_at < :to and b_channel is not null and b_channel <> channel
            )
            """;

    /** Switches into a channel from another within the window, and how many of them carried the context over. */
    public record ContinuityFigures(
            String channel, String fromChannel, long switches, long recognised, long repeated) {}

    public List<ContinuityFigures> continuity(Instant from, Instant to, Duration window) {
        return jdbc.sql(PAIRS + REPEATED + """
                        select b_channel, a_channel, count(*) as switches,
                               count(*) filter (where b_recognised) as recognised,
                               count(*) filter (where reason is not null) as repeated
                          from judged
                         group by b_channel, a_channel order by b_channel, a_channel
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("window", window.toSeconds() + " seconds")
                .query((rs, n) -> new ContinuityFigures(
                        rs.getString("b_channel"),
                        rs.getString("a_channel"),
                        rs.getLong("switches"),
                        rs.getLong("recognised"),
                        rs.getLong("repeated")))
                .list();
    }

    /**
     * Why a switch made the customer repeat themselves, or null when it did not: B's first touch created a new
     * profile (merged later), B opened a new conversation while A's was still open, or the customer re-stated an
     * order number or e-mail address already on record in B.
     */
    private static final String REPEATED = """
            , judged as (
                select p.*,
                       case when not p.b_recognised then 'not_recognised'
                            when p.a_conversation is not null and p.b_conversation is not null
                                 and p.b_conversation <> p.a_conversation
                                 and exists (select 1 from analytics_conversation c
                                              where c.conversation_id = p.a_conversation
                                                and c.opened_at <= p.b_started
                                                and (c.resolved_at is null or c.resolved_at > p.b_started))
                            then 'new_conversation'
                            when p.b_restated then 'restated'
                       end as reason
                  from pairs p
                 where p.b_started <= p.a_ended + cast(:window as interval)
            )
            """;

    /** A switch where the customer had to repeat themselves, for the manager to open. */
    public record Example(
            UUID customerId,
            String fromChannel,
            Instant fromStartedAt,
            String channel,
            Instant startedAt,
            @Nullable UUID conversationId,
            String reason) {}

    public List<Example> examples(Instant from, Instant to, Duration window, @Nullable String channel, int limit) {
        return jdbc.sql(PAIRS + REPEATED + """
                        select customer_id, a_channel, a_started, b_channel, b_started, b_conversation, reason
                          from judged
                         where reason is not null and (cast(:channel as text) is null or b_channel = :channel)
                         order by b_started desc limit :limit
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("window", window.toSeconds() + " seconds")
                .param("channel", channel)
                .param("limit", limit)
                .query((rs, n) -> new Example(
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("a_channel"),
                        instant(rs, "a_started"),
                        rs.getString("b_channel"),
                        instant(rs, "b_started"),
                        rs.getObject("b_conversation", UUID.class),
                        rs.getString("reason")))
                .list();
    }

    /** Sessions in the period, the customers they belong to, and those among them on two or more channels. */
    public record Totals(long sessions, long customers, long multiChannel) {}

    public Totals totals(Instant from, Instant to) {
        return jdbc.sql("""
                        select coalesce(sum(sessions), 0) as sessions, count(*) as customers,
                               count(*) filter (where channels >= 2) as multi from (
                            select customer_id, count(*) as sessions, count(distinct channel) as channels
                              from analytics_session where started_at >= :from and started_at < :to
                             group by customer_id) c
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, n) -> new Totals(rs.getLong("sessions"), rs.getLong("customers"), rs.getLong("multi")))
                .single();
    }

    /** Sessions per channel and interval ({@code hour} or {@code day}, in a time zone). */
    public record Point(Instant at, String channel, long sessions, long customers, long converted) {}

    public List<Point> series(Instant from, Instant to, String interval, String zone) {
        return jdbc.sql("""
                        select date_trunc(:interval, started_at, :zone) as at, channel, count(*) as sessions,
                               count(distinct customer_id) as customers, count(*) filter (where converted) as converted
                          from analytics_session where started_at >= :from and started_at < :to
                         group by 1, 2 order by 1, 2
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("interval", interval)
                .param("zone", zone)
                .query((rs, n) -> new Point(
                        instant(rs, "at"),
                        rs.getString("channel"),
                        rs.getLong("sessions"),
                        rs.getLong("customers"),
                        rs.getLong("converted")))
                .list();
    }

    /** The conversations opened in the period with the channel of the customer's first message. */
    public Map<UUID, String> opened(Instant from, Instant to) {
        Map<UUID, String> opened = new HashMap<>();
        jdbc.sql("""
                        select conversation_id, channel from analytics_conversation
                         where opened_at >= :from and opened_at < :to and channel is not null
                        """).param("from", utc(from)).param("to", utc(to)).query((RowCallbackHandler)
                rs -> opened.put(rs.getObject("conversation_id", UUID.class), rs.getString("channel")));
        return opened;
    }

    /** Conversations opened in the period, per channel of the customer's first message: answers, resolutions, CSAT. */
    public record ServiceFigures(
            String channel,
            long conversations,
            long answered,
            @Nullable Double avgFirstResponse,
            @Nullable Double medianFirstResponse,
            long resolved,
            @Nullable Double avgResolution,
            @Nullable Double medianResolution,
            long surveyed,
            @Nullable Double csat) {}

    public List<ServiceFigures> service(Instant from, Instant to) {
        return jdbc.sql("""
                        with c as (
                            select channel, csat,
                                   -- greatest() skips nulls: a conversation nobody answered must stay null
                                   case when first_reply_at is not null
                                        then greatest(0, extract(epoch from first_reply_at - opened_at)) end
                                       as first_response,
                                   case when resolved_at is not null
                                        then greatest(0, extract(epoch from resolved_at - opened_at)) end
                                       as resolution
                              from analytics_conversation
                             where opened_at >= :from and opened_at < :to and channel is not null
                        )
                        select channel, count(*) as conversations, count(first_response) as answered,
                               avg(first_response)::float8 as avg_first,
                               percentile_cont(0.5) within group (order by first_response) as median_first,
                               count(resolution) as resolved, avg(resolution)::float8 as avg_resolution,
                               percentile_cont(0.5) within group (order by resolution) as median_resolution,
                               count(csat) as surveyed, avg(csat)::float8 as csat
                          from c group by channel order by channel
                        """)
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, n) -> new ServiceFigures(
                        rs.getString("channel"),
                        rs.getLong("conversations"),
                        rs.getLong("answered"),
                        rs.getObject("avg_first", Double.class),
                        rs.getObject("median_first", Double.class),
                        rs.getLong("resolved"),
                        rs.getObject("avg_resolution", Double.class),
                        rs.getObject("median_resolution", Double.class),
                        rs.getLong("surveyed"),
                        rs.getObject("csat", Double.class)))
                .list();
    }
}
