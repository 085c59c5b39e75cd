package org.oneplace.analytics.internal;

import static org.oneplace.platform.SqlTime.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sessions derived from touches, a customer at a time, by one set of SQL statements (so incremental derivation and a
 * rebuild are the same code and give the same rows):
 *
 * <ol>
 *   <li>per customer, channel and device, touches ordered by time; a gap longer than the session timeout starts a
 *       new session (window functions: {@code lag}, then a running {@code sum} numbers the sessions);
 *   <li>a session is <em>recognised</em> when its first touch resolved to a customer that already had a touch before
 *       the session began (history) in the same record, rather than to a profile created for it. Only the record's
 *       own touches are looked at, so the answer never depends on which customers are derived together;
 *   <li>it <em>converted</em> when the customer placed an order on the session's channel between its start and the
 *       conversion window after its end;
 *   <li>it <em>re-stated</em> when one of its messages gave an order number or e-mail address already on record.
 * </ol>
 */
@Repository
public class AnalyticsSessionRepository {

    private final JdbcClient jdbc;

    AnalyticsSessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The derivation, for the customers {@code scope} selects (a condition on {@code customer_id}). */
    private static String derivation(String scope) {
        return """
                        with t as (
                            select customer_id, channel, device, at, first_customer_id, conversation_id, source,
                                   event_type, restated,
                                   case when at - lag(at) over w <= cast(:timeout as interval) then 0 else 1 end
                                       as starts
                              from analytics_touch
                             where %1$s and in_session
                            window w as (partition by customer_id, channel, device order by at, source)
                        ), numbered as (
                            select *, sum(starts) over (partition by customer_id, channel, device order by at, source
                                                        rows unbounded preceding) as n
                              from t
                        ), s as (
                            select customer_id, channel, device, min(at) as started_at, max(at) as ended_at,
                                   count(*) as touches,
                                   (array_agg(first_customer_id order by at, source))[1] as first_customer_id,
                                   (array_agg(conversation_id order by at, source)
                                        filter (where conversation_id is not null))[1] as conversation_id,
                                   bool_or(event_type = 'product_viewed') as viewed,
                                   bool_or(event_type = 'product_added') as carted,
                                   bool_or(event_type = 'checkout_started') as checked_out,
                                   bool_or(restated) as restated
                              from numbered
                             group by customer_id, channel, device, n
                        ), firsts as (
                            -- when each customer the touches arrived for was first seen in this customer's record
                            -- (per customer: a batch's other customers never change the answer)
                            select customer_id, first_customer_id, min(at) as first_at from analytics_touch
                             where %1$s group by customer_id, first_customer_id
                        )
                        select s.customer_id, s.channel, s.device, s.started_at, s.ended_at, s.touches,
                               s.first_customer_id, f.first_at < s.started_at, s.conversation_id,
                               exists (select 1 from analytics_touch o
                                        where o.customer_id = s.customer_id and o.kind = 'order'
                                          and o.channel = s.channel and o.at >= s.started_at
                                          and o.at <= s.ended_at + cast(:window as interval)),
                               coalesce(s.viewed, false), coalesce(s.carted, false), coalesce(s.checked_out, false),
                               s.restated
                          from s join firsts f
                            on f.customer_id = s.customer_id and f.first_customer_id = s.first_customer_id
                """.formatted(scope);
    }

    /** The table a rebuild derives into, put in place of {@code analytics_session} when complete. */
    static final String NEXT = "analytics_session_next";

    private static final String COLUMNS = """
            analytics_session (customer_id, channel, device, started_at, ended_at, touches, first_customer_id,
                               recognised, conversation_id, converted, viewed, carted, checked_out, restated)
            """;

    /** Some customers: the sessions written are added to the rollups in the same statement. */
    private static final String DERIVE_SOME;

    /** Everyone, into the rebuild's table (the rebuild builds the rollups afresh after it). */
    private static final String DERIVE_ALL =
            "insert into " + COLUMNS.replaceFirst("analytics_session", NEXT) + derivation("true");

    static {
        String some = derivation("customer_id = any(:ids)");
        int select = some.lastIndexOf("select s.customer_id");
        DERIVE_SOME = some.substring(0, select).stripTrailing() + ", made as (insert into " + COLUMNS
                + some.substring(select) + " returning *) " + RollupRepository.sessions("made", 1);
    }

    /**
     * Derives the sessions of these customers again from their touches, and moves the rollups with them (days in
     * {@code zone}).
     */
    public void derive(Collection<UUID> customers, Duration timeout, Duration conversionWindow, String zone) {
        UUID[] ids = customers.toArray(UUID[]::new);
        remove(ids, zone);
        jdbc.sql(DERIVE_SOME)
                .param("ids", ids)
                .param("timeout", timeout.toSeconds() + " seconds")
                .param("window", conversionWindow.toSeconds() + " seconds")
                .param("zone", zone)
                .update();
    }

    /**
     * Holds off every other writer of sessions and rollups until the transaction ends (readers go on), taken in one
     * statement so nothing can hold one of them and wait for another.
     */
    public void lockAll() {
        jdbc.sql("lock table analytics_session, analytics_rollup, analytics_sales_rollup in exclusive mode")
                .update();
    }

    /** A derivation's lock on the sessions, taken first: it waits here while a rebuild runs. */
    public void lockForDerivation() {
        jdbc.sql("lock table analytics_session in row exclusive mode").update();
    }

    /**
     * Derives every session again, in one pass over all touches, into a new table without indexes ({@value #NEXT}):
     * inserting a million rows into the indexed table took twice as long as inserting them bare and building the
     * indexes after (bench A3). {@link #replace} then puts it in place. The caller holds writers of sessions off.
     */
    public int deriveAll(Duration timeout, Duration conversionWindow) {
        jdbc.sql("drop table if exists " + NEXT).update();
        jdbc.sql("create table " + NEXT + " (like analytics_session including defaults including constraints)")
                .update();
        return jdbc.sql(DERIVE_ALL)
                .param("timeout", timeout.toSeconds() + " seconds")
                .param("window", conversionWindow.toSeconds() + " seconds")
                .update();
    }

    /**
     * Puts the table {@link #deriveAll} filled in place of {@code analytics_session}, with the same indexes and primary
     * key (read from the catalogue, so indexes a later migration adds come along). Readers wait for the moment the
     * indexes take to build; a writer waiting on the old table goes on with the new one (PostgreSQL looks a name up
     * again after a wait).
     */
    public void replace() {
        // the indexes that back no constraint, and the constraints a LIKE copy does not bring (key, unique, exclusion,
        // foreign keys; NOT NULL, CHECK and defaults come with it)
        List<String> indexes = jdbc.sql("""
                        select i.indexdef from pg_indexes i
                         where i.schemaname = current_schema() and i.tablename = 'analytics_session'
                           and not exists (select 1 from pg_constraint c
                                            where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
                        """).query(String.class).list();
        List<String> constraints = jdbc.sql("""
                        select format('alter table analytics_session add constraint %I ', conname)
                               || pg_get_constraintdef(oid)
                          from pg_constraint
                         where conrelid = 'analytics_session'::regclass and contype in ('p', 'u', 'x', 'f')
                         order by contype desc, conname
                        """).query(String.class).list();
        // readers hold the old table for a report's length at most; past this the rebuild fails and is tried later
        jdbc.sql("set local lock_timeout = '15s'").update();
        jdbc.sql("drop table analytics_session").update();
        jdbc.sql("alter table " + NEXT + " rename to analytics_session").update();
        for (String constraint : constraints) {
            jdbc.sql(constraint).update();
        }
        for (String index : indexes) {
            jdbc.sql(index).update();
        }
        jdbc.sql("analyze analytics_session").update();
    }

    /** Deletes these customers' sessions, and subtracts them from the rollups. */
    public void remove(UUID[] customers, String zone) {
        jdbc.sql("with gone as (delete from analytics_session where customer_id = any(:ids) returning *) "
                        + RollupRepository.sessions("gone", -1))
                .param("ids", customers)
                .param("zone", zone)
                .update();
    }

    /** A customer's sessions, oldest first (the export of a person's data). */
    public List<SessionRow> of(Collection<UUID> customers) {
        return jdbc.sql("""
                        select channel, started_at, ended_at, touches, recognised, converted from analytics_session
                         where customer_id = any(:ids) order by started_at
                        """)
                .param("ids", customers.toArray(UUID[]::new))
                .query((rs, n) -> new SessionRow(
                        rs.getString("channel"),
                        instant(rs, "started_at"),
                        instant(rs, "ended_at"),
                        rs.getInt("touches"),
                        rs.getBoolean("recognised"),
                        rs.getBoolean("converted")))
                .list();
    }

    public record SessionRow(
            String channel, Instant startedAt, Instant endedAt, int touches, boolean recognised, boolean converted) {}

    /** Some customers' sessions as rows in a stable order, for comparing an incremental state with a rebuild. */
    public List<String> fingerprint(Collection<UUID> customers) {
        return jdbc.sql("""
                        select concat_ws('|', customer_id, channel, device, started_at, ended_at, touches,
                                         first_customer_id, recognised, conversation_id, converted, viewed,
                                         carted, checked_out, restated)
                          from analytics_session where customer_id = any(:ids)
                         order by customer_id, channel, device, started_at
                        """)
                .param("ids", customers.toArray(UUID[]::new))
                .query(String.class)
                .list();
    }
}
