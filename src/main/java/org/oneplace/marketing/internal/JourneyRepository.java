package org.oneplace.marketing.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.shared.Uuid7;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Journeys, their versions, and the customers in them with the step each is at and when it is due. */
@Repository
public class JourneyRepository {

    private final JdbcClient jdbc;

    JourneyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A journey's head row. */
    /**
     * A journey's head row.
     *
     * @param kind {@code journey}, or {@code broadcast}: one send to a segment's members
     * @param releasedAt when a broadcast's audience was taken from its segment, null before
     */
    public record Journey(
            UUID id,
            String name,
            String kind,
            String status,
            int version,
            @Nullable Instant releasedAt,
            Instant createdAt,
            Instant updatedAt) {}

    /** A customer's run through a journey. */
    public record Instance(
            UUID id,
            UUID journeyId,
            int version,
            UUID customerId,
            String stepId,
            String status,
            @Nullable Instant dueAt,
            Instant enteredAt,
            @Nullable String context) {}

    public void create(UUID id, String name, String kind, String definition, Instant now) {
        jdbc.sql("""
                        insert into marketing_journey (id, name, kind, status, version, created_at, updated_at)
                        values (:id, :name, :kind, 'draft', 1, :now, :now)
                        """)
                .param("id", id)
                .param("name", name)
                .param("kind", kind)
                .param("now", utc(now))
                .update();
        saveVersion(id, 1, definition, now);
    }

    /** Writes a version's definition (a draft's, in place; a new version's). */
    public void saveVersion(UUID id, int version, String definition, Instant now) {
        jdbc.sql("""
                        insert into marketing_journey_version (journey_id, version, definition, created_at)
                        values (:id, :version, cast(:definition as jsonb), :now)
                        on conflict (journey_id, version) do update set definition = excluded.definition
                        """)
                .param("id", id)
                .param("version", version)
                .param("definition", definition)
                .param("now", utc(now))
                .update();
    }

    public void update(UUID id, String name, String status, int version, Instant now) {
        jdbc.sql("""
                        update marketing_journey set name = :name, status = :status, version = :version,
                                                     updated_at = :now
                         where id = :id
                        """)
                .param("id", id)
                .param("name", name)
                .param("status", status)
                .param("version", version)
                .param("now", utc(now))
                .update();
    }

    public Optional<Journey> find(UUID id) {
        return jdbc.sql("select * from marketing_journey where id = :id")
                .param("id", id)
                .query(JourneyRepository::journey)
                .optional();
    }

    /** Locks a journey's row for a change of status or version. */
    public Optional<Journey> lock(UUID id) {
        return jdbc.sql("select * from marketing_journey where id = :id for update")
                .param("id", id)
                .query(JourneyRepository::journey)
                .optional();
    }

    public List<Journey> all() {
        return jdbc.sql("select * from marketing_journey order by created_at desc, id limit 500")
                .query(JourneyRepository::journey)
                .list();
    }

    public List<Journey> live() {
        return jdbc.sql("select * from marketing_journey where status = 'live' order by id")
                .query(JourneyRepository::journey)
                .list();
    }

    public String definition(UUID id, int version) {
        return jdbc.sql(
                        "select definition from marketing_journey_version where journey_id = :id and version = :version")
                .param("id", id)
                .param("version", version)
                .query(String.class)
                .single();
    }

    private static Journey journey(ResultSet rs, int n) throws SQLException {
        return new Journey(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getInt("version"),
                nullableInstant(rs, "released_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /**
     * Releases a live broadcast whose time has come: marks it released (once) and starts a run for every member of
     * its audience in one statement, their due times spread at the rate asked. Answers how many runs started; 0
     * when it was released already.
     */
    public int release(
            UUID journeyId,
            int version,
            String firstStep,
            CustomerFilter audience,
            Instant from,
            int perMinute,
            Instant now) {
        int claimed =
                jdbc.sql("""
                        update marketing_journey set released_at = :now
                         where id = :id and kind = 'broadcast' and status = 'live' and released_at is null
                        """).param("id", journeyId).param("now", utc(now)).update();
        if (claimed == 0) {
            return 0;
        }
        return jdbc.sql("insert into marketing_instance (id, journey_id, version, customer_id, original_customer_id,"
                        + " step_id, status, due_at, entered_at, updated_at, context)"
                        + " select gen_random_uuid(), :journey, :version, a.customer_id, a.customer_id, :step, 'active',"
                        + " :from + (row_number() over (order by a.customer_id) - 1) * (60.0 / :perMinute)"
                        + " * interval '1 second', :now, :now, 'broadcast'"
                        + " from (" + audience.sql() + ") a"
                        + " on conflict do nothing")
                .params(audience.params())
                .param("journey", journeyId)
                .param("version", version)
                .param("step", firstStep)
                .param("from", utc(from))
                .param("perMinute", perMinute)
                .param("now", utc(now))
                .update();
    }

    /** Live broadcasts due to be released. */
    public List<Journey> broadcastsDue(Instant now) {
        return jdbc.sql("""
                        select * from marketing_journey
                         where kind = 'broadcast' and status = 'live' and released_at is null
                        """).query(JourneyRepository::journey).list();
    }

    /** How many customers a journey has had, and how many are in it now. */
    public long[] audience(UUID journeyId) {
        return jdbc.sql("""
                        select count(*), count(*) filter (where status in ('active', 'sending'))
                          from marketing_instance where journey_id = :journey
                        """)
                .param("journey", journeyId)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    // ---- instances ------------------------------------------------------------------------------------------

    /** The customer's running instance of a journey, locked. */
    public Optional<Instance> running(UUID journeyId, UUID customerId) {
        return jdbc.sql("""
                        select * from marketing_instance
                         where journey_id = :journey and customer_id = :customer and status in ('active', 'sending')
                         for update
                        """)
                .param("journey", journeyId)
                .param("customer", customerId)
                .query(JourneyRepository::instance)
                .optional();
    }

    /** Whether a run about this context was ever started (a reminder for one purchase is sent once). */
    public boolean enteredAbout(UUID journeyId, UUID customerId, String context) {
        return jdbc.sql("select exists (select 1 from marketing_instance where customer_id = :customer"
                        + " and journey_id = :journey and context = :context)")
                .param("journey", journeyId)
                .param("customer", customerId)
                .param("context", context)
                .query(Boolean.class)
                .single();
    }

    public boolean everEntered(UUID journeyId, UUID customerId) {
        return jdbc.sql("select exists (select 1 from marketing_instance where journey_id = :journey"
                        + " and customer_id = :customer)")
                .param("journey", journeyId)
                .param("customer", customerId)
                .query(Boolean.class)
                .single();
    }

    /** Starts a run; false when one is already running (a concurrent start won). */
    public boolean start(UUID journeyId, int version, UUID customerId, String stepId, Instant dueAt, Instant now) {
        return start(journeyId, version, customerId, stepId, dueAt, now, null);
    }

    /** Starts a run about something ({@code context}); false when one is already running. */
    public boolean start(
            UUID journeyId,
            int version,
            UUID customerId,
            String stepId,
            Instant dueAt,
            Instant now,
            @Nullable String context) {
        return jdbc.sql("""
                        insert into marketing_instance (id, journey_id, version, customer_id, original_customer_id,
                                                        step_id, status, due_at, entered_at, updated_at, context)
                        values (:id, :journey, :version, :customer, :customer, :step, 'active', :due, :now, :now,
                                :context)
                        on conflict do nothing
                        """)
                        .param("context", context)
                        .param("id", Uuid7.next())
                        .param("journey", journeyId)
                        .param("version", version)
                        .param("customer", customerId)
                        .param("step", stepId)
                        .param("due", utc(dueAt))
                        .param("now", utc(now))
                        .update()
                == 1;
    }

    /**
     * Claims due runs of live journeys; rows another node holds are skipped, so each runs on one node at a time.
     */
    public List<Instance> claimDue(Instant now, int limit) {
        return jdbc.sql("""
                        select i.* from marketing_instance i
                          join marketing_journey j on j.id = i.journey_id and j.status = 'live'
                         where i.status = 'active' and i.due_at <= :now
                         order by i.due_at
                         limit :limit
                         for update of i skip locked
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query(JourneyRepository::instance)
                .list();
    }

    /** Moves a run to a step, due at a time, with a status. */
    public void move(UUID id, String stepId, String status, @Nullable Instant dueAt, Instant now) {
        jdbc.sql("""
                        update marketing_instance set step_id = :step, status = :status, due_at = :due,
                                                      updated_at = :now
                         where id = :id
                        """)
                .param("id", id)
                .param("step", stepId)
                .param("status", status)
                .param("due", utc(dueAt))
                .param("now", utc(now))
                .update();
    }

    /**
     * Moves a run on after its send: to the next step, due now, or completed at the end. Only a run still sending
     * that step moves; one ended meanwhile (merged away) stays ended.
     */
    public void afterSend(UUID id, String sendStep, @Nullable String next, Instant now) {
        jdbc.sql("""
                        update marketing_instance
                           set step_id = coalesce(:next, step_id),
                               status = case when cast(:next as text) is null then 'completed' else 'active' end,
                               due_at = case when cast(:next as text) is null then null else :now end,
                               updated_at = :now
                         where id = :id and status = 'sending' and step_id = :step
                        """)
                .param("id", id)
                .param("step", sendStep)
                .param("next", next)
                .param("now", utc(now))
                .update();
    }

    /** Ends a run that is still going. */
    public void end(UUID id, String status, @Nullable String reason, Instant now) {
        jdbc.sql("""
                        update marketing_instance set status = :status, exit_reason = :reason, due_at = null,
                                                      updated_at = :now
                         where id = :id and status in ('active', 'sending')
                        """)
                .param("id", id)
                .param("status", status)
                .param("reason", reason)
                .param("now", utc(now))
                .update();
    }

    /** Running instances of a customer in journeys that exit on a reason; locked. */
    public List<Instance> runningFor(UUID customerId) {
        return jdbc.sql("""
                        select * from marketing_instance
                         where customer_id = :customer and status in ('active', 'sending')
                         for update
                        """)
                .param("customer", customerId)
                .query(JourneyRepository::instance)
                .list();
    }

    /** Runs left {@code sending} by a node that stopped mid-send, before a moment. */
    public List<Instance> stuckSending(Instant before, int limit) {
        return jdbc.sql("""
                        select * from marketing_instance where status = 'sending' and updated_at < :before
                         order by updated_at limit :limit for update skip locked
                        """)
                .param("before", utc(before))
                .param("limit", limit)
                .query(JourneyRepository::instance)
                .list();
    }

    /** Customers at each step of a journey now. */
    public List<Object[]> waitingByStep(UUID journeyId) {
        return jdbc.sql("""
                        select step_id, count(*) from marketing_instance
                         where journey_id = :journey and status in ('active', 'sending') group by step_id
                        """)
                .param("journey", journeyId)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .list();
    }

    public void fold(UUID from, UUID to) {
        // the survivor keeps its own running instance of a journey; the merged customer's parallel run ends
        jdbc.sql("""
                        update marketing_instance m set status = 'exited', exit_reason = 'merged', due_at = null
                         where m.customer_id = :from and m.status in ('active', 'sending')
                           and exists (select 1 from marketing_instance s where s.customer_id = :to
                                        and s.journey_id = m.journey_id and s.status in ('active', 'sending'))
                        """).param("from", from).param("to", to).update();
        jdbc.sql("update marketing_instance set customer_id = :to where customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
    }

    public void unfold(UUID survivor, UUID restored, Collection<UUID> restoredIds) {
        jdbc.sql("""
                        update marketing_instance set customer_id = :restored
                         where customer_id = :survivor and original_customer_id = any(:ids)
                        """)
                .param("survivor", survivor)
                .param("restored", restored)
                .param("ids", restoredIds.toArray(UUID[]::new))
                .update();
    }

    public List<Instance> of(Collection<UUID> customerIds) {
        return jdbc.sql("select * from marketing_instance where customer_id = any(:ids) order by entered_at")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(JourneyRepository::instance)
                .list();
    }

    public void erase(Collection<UUID> customerIds) {
        jdbc.sql("delete from marketing_instance where customer_id = any(:ids)")
                .param("ids", customerIds.toArray(UUID[]::new))
                .update();
    }

    private static Instance instance(ResultSet rs, int n) throws SQLException {
        return new Instance(
                rs.getObject("id", UUID.class),
                rs.getObject("journey_id", UUID.class),
                rs.getInt("version"),
                rs.getObject("customer_id", UUID.class),
                rs.getString("step_id"),
                rs.getString("status"),
                nullableInstant(rs, "due_at"),
                instant(rs, "entered_at"),
                rs.getString("context"));
    }
}
