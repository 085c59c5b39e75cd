package org.oneplace.routing.internal;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.routing.SlaPolicyView;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SLA policies and the clocks of each conversation they cover. */
@Repository
public class SlaRepository {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SlaRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean insertPolicy(SlaPolicyView p) {
        try {
            jdbc.sql("""
                            insert into sla_policy (id, name, team_id, first_response_s, next_response_s, resolution_s,
                                business_hours, holidays, created_at)
                            values (:id, :name, :team, :first, :next, :resolution, cast(:hours as jsonb), :holidays, :at)
                            """)
                    .param("id", p.id())
                    .param("name", p.name())
                    .param("team", p.teamId())
                    .param("first", p.firstResponse().toSeconds())
                    .param(
                            "next",
                            p.nextResponse() == null ? null : p.nextResponse().toSeconds())
                    .param(
                            "resolution",
                            p.resolution() == null ? null : p.resolution().toSeconds())
                    .param(
                            "hours",
                            json.writeValueAsString(Map.of("timezone", p.timezone(), "hours", p.businessHours())))
                    .param(
                            "holidays",
                            p.holidays().stream().map(LocalDate::toString).toArray(String[]::new))
                    .param("at", utc(p.createdAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public List<SlaPolicyView> policies() {
        return jdbc.sql("select * from sla_policy order by name")
                .query(this::policyRow)
                .list();
    }

    public Optional<SlaPolicyView> policy(UUID id) {
        return jdbc.sql("select * from sla_policy where id = :id")
                .param("id", id)
                .query(this::policyRow)
                .optional();
    }

    /** The team's policy, else the default one (no team). */
    public Optional<SlaPolicyView> policyFor(@Nullable UUID teamId) {
        return jdbc.sql("""
                        select * from sla_policy
                         where team_id = :team or team_id is null
                         order by team_id nulls last, created_at desc limit 1
                        """).param("team", teamId).query(this::policyRow).optional();
    }

    /** One conversation's clocks. */
    public record Clocks(
            UUID conversationId,
            UUID policyId,
            @Nullable UUID teamId,
            Instant startedAt,
            Instant firstResponseDue,
            @Nullable Instant firstResponseAt,
            boolean firstResponseBreached,
            @Nullable Instant nextResponseDue,
            boolean nextResponseBreached,
            @Nullable Instant resolutionDue,
            @Nullable Instant resolvedAt,
            boolean resolutionBreached,
            @Nullable Instant pausedSince,
            int escalations) {}

    /** Starts the clocks of a conversation (again, when it reopens). */
    public void start(
            UUID conversationId,
            UUID policyId,
            @Nullable UUID teamId,
            Instant at,
            Instant firstDue,
            @Nullable Instant resolutionDue) {
        jdbc.sql("""
                        insert into conversation_sla (conversation_id, policy_id, team_id, started_at,
                            first_response_due, resolution_due)
                        values (:id, :policy, :team, :at, :first, :resolution)
                        on conflict (conversation_id) do update
                           set policy_id = excluded.policy_id, team_id = excluded.team_id,
                               started_at = excluded.started_at, first_response_due = excluded.first_response_due,
                               first_response_at = null, first_response_breached = false, next_response_due = null,
                               next_response_breached = false, resolution_due = excluded.resolution_due,
                               resolved_at = null, resolution_breached = false, paused_since = null
                        """)
                .param("id", conversationId)
                .param("policy", policyId)
                .param("team", teamId)
                .param("at", utc(at))
                .param("first", utc(firstDue))
                .param("resolution", resolutionDue == null ? null : utc(resolutionDue))
                .update();
    }

    public Optional<Clocks> clocks(UUID conversationId, boolean lock) {
        return jdbc.sql("select * from conversation_sla where conversation_id = :id" + (lock ? " for update" : ""))
                .param("id", conversationId)
                .query(SlaRepository::clocks)
                .optional();
    }

    /** The clocks of these conversations (those that have one). */
    public List<Clocks> clocks(java.util.Collection<UUID> conversationIds) {
        return jdbc.sql("select * from conversation_sla where conversation_id = any(:ids)")
                .param("ids", conversationIds.toArray(UUID[]::new))
                .query(SlaRepository::clocks)
                .list();
    }

    public void save(Clocks c) {
        jdbc.sql("""
                        update conversation_sla
                           set first_response_at = :firstAt, first_response_breached = :firstBreached,
                               next_response_due = :nextDue, next_response_breached = :nextBreached,
                               resolution_due = :resolutionDue, resolved_at = :resolvedAt,
                               resolution_breached = :resolutionBreached, paused_since = :paused,
                               escalations = :escalations
                         where conversation_id = :id
                        """)
                .param("id", c.conversationId())
                .param("firstAt", c.firstResponseAt() == null ? null : utc(c.firstResponseAt()))
                .param("firstBreached", c.firstResponseBreached())
                .param("nextDue", c.nextResponseDue() == null ? null : utc(c.nextResponseDue()))
                .param("nextBreached", c.nextResponseBreached())
                .param("resolutionDue", c.resolutionDue() == null ? null : utc(c.resolutionDue()))
                .param("resolvedAt", c.resolvedAt() == null ? null : utc(c.resolvedAt()))
                .param("resolutionBreached", c.resolutionBreached())
                .param("paused", c.pausedSince() == null ? null : utc(c.pausedSince()))
                .param("escalations", c.escalations())
                .update();
    }

    /** The soonest target still pending per conversation (first response, next response, resolution). */
    public Map<UUID, Instant> nextDue(java.util.Collection<UUID> conversationIds) {
        Map<UUID, Instant> due = new LinkedHashMap<>();
        jdbc.sql("""
                        select conversation_id,
                               least(case when first_response_at is null then first_response_due end,
                                     next_response_due,
                                     case when paused_since is null then resolution_due end) as due
                          from conversation_sla
                         where conversation_id = any(:ids) and resolved_at is null
                        """)
                .param("ids", conversationIds.toArray(UUID[]::new))
                .query((rs, n) -> {
                    Instant at = nullableInstant(rs, "due");
                    if (at != null) {
                        due.put(rs.getObject("conversation_id", UUID.class), at);
                    }
                    return 1;
                })
                .list();
        return due;
    }

    /** Conversations with a pending SLA target, soonest first (the inbox's order). */
    public List<UUID> soonestDue(int limit) {
        return jdbc.sql("""
                        select conversation_id from conversation_sla
                         where resolved_at is null
                           and least(case when first_response_at is null then first_response_due end,
                                     next_response_due,
                                     case when paused_since is null then resolution_due end) is not null
                         order by least(case when first_response_at is null then first_response_due end,
                                        next_response_due,
                                        case when paused_since is null then resolution_due end)
                         limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
    }

    /** Clocks past a due time not yet marked breached, locked; rows another node is handling are skipped. */
    public List<Clocks> overdue(Instant now, int limit) {
        return jdbc.sql("""
                        select * from conversation_sla
                         where resolved_at is null
                           and ((first_response_at is null and not first_response_breached and first_response_due < :now)
                             or (next_response_due is not null and not next_response_breached and next_response_due < :now)
                             or (paused_since is null and resolution_due is not null and not resolution_breached
                                 and resolution_due < :now))
                         order by first_response_due
                         limit :limit
                         for update skip locked
                        """)
                .param("now", utc(now))
                .param("limit", limit)
                .query(SlaRepository::clocks)
                .list();
    }

    private static Clocks clocks(ResultSet rs, int row) throws SQLException {
        return new Clocks(
                rs.getObject("conversation_id", UUID.class),
                rs.getObject("policy_id", UUID.class),
                rs.getObject("team_id", UUID.class),
                instant(rs, "started_at"),
                instant(rs, "first_response_due"),
                nullableInstant(rs, "first_response_at"),
                rs.getBoolean("first_response_breached"),
                nullableInstant(rs, "next_response_due"),
                rs.getBoolean("next_response_breached"),
                nullableInstant(rs, "resolution_due"),
                nullableInstant(rs, "resolved_at"),
                rs.getBoolean("resolution_breached"),
                nullableInstant(rs, "paused_since"),
                rs.getInt("escalations"));
    }

    @SuppressWarnings("unchecked")
    private SlaPolicyView policyRow(ResultSet rs, int row) throws SQLException {
        Map<String, Object> hours = json.readValue(rs.getString("business_hours"), MAP);
        List<LocalDate> holidays = new ArrayList<>();
        for (String d : (String[]) rs.getArray("holidays").getArray()) {
            holidays.add(LocalDate.parse(d));
        }
        long next = rs.getLong("next_response_s");
        boolean noNext = rs.wasNull();
        long resolution = rs.getLong("resolution_s");
        boolean noResolution = rs.wasNull();
        return new SlaPolicyView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getObject("team_id", UUID.class),
                Duration.ofSeconds(rs.getLong("first_response_s")),
                noNext ? null : Duration.ofSeconds(next),
                noResolution ? null : Duration.ofSeconds(resolution),
                String.valueOf(hours.getOrDefault("timezone", "UTC")),
                (Map<String, String>) hours.getOrDefault("hours", Map.of()),
                holidays,
                instant(rs, "created_at"));
    }
}
