package org.oneplace.consent.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.consent.ConsentView;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.oneplace.shared.CustomerFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code consent_record}. */
@Repository
public class ConsentRepository {

    private static final String COLUMNS =
            "id, customer_id, channel, purpose, status, at, source, evidence, recorded_by, recorded_at";

    private final JdbcClient jdbc;

    ConsentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ConsentView record, Instant recordedAt) {
        jdbc.sql("""
                        INSERT INTO consent_record (id, customer_id, first_customer_id, channel, purpose, status, at,
                                                    source, evidence, recorded_by, recorded_at)
                        VALUES (:id, :customer, :customer, :channel, :purpose, :status, :at, :source, :evidence,
                                :recordedBy, :recordedAt)
                        """)
                .param("id", record.id())
                .param("customer", record.customerId())
                .param("channel", record.channel().code())
                .param("purpose", record.purpose().code())
                .param("status", record.status().code())
                .param("at", utc(record.at()))
                .param("source", record.source())
                .param("evidence", record.evidence())
                .param("recordedBy", record.recordedBy())
                .param("recordedAt", utc(recordedAt))
                .update();
    }

    /** Inserts many entries in one statement (instants travel as ISO-8601 text: PgJDBC binds no timestamptz[]). */
    public void insertAll(List<ConsentView> records, Instant recordedAt) {
        if (records.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO consent_record (id, customer_id, first_customer_id, channel, purpose, status, at,
                                                    source, evidence, recorded_by, recorded_at)
                        SELECT id, customer, customer, channel, purpose, status, CAST(at AS timestamptz), source, evidence, :recordedBy,
                               :recordedAt
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:customers AS uuid[]), CAST(:channels AS text[]),
                                      CAST(:purposes AS text[]), CAST(:statuses AS text[]),
                                      CAST(:ats AS text[]), CAST(:sources AS text[]),
                                      CAST(:evidence AS text[]))
                               AS r(id, customer, channel, purpose, status, at, source, evidence)
                        """)
                .param("ids", records.stream().map(ConsentView::id).toArray(UUID[]::new))
                .param(
                        "customers",
                        records.stream().map(ConsentView::customerId).toArray(UUID[]::new))
                .param("channels", records.stream().map(r -> r.channel().code()).toArray(String[]::new))
                .param("purposes", records.stream().map(r -> r.purpose().code()).toArray(String[]::new))
                .param("statuses", records.stream().map(r -> r.status().code()).toArray(String[]::new))
                .param("ats", records.stream().map(r -> r.at().toString()).toArray(String[]::new))
                .param("sources", records.stream().map(ConsentView::source).toArray(String[]::new))
                .param("evidence", records.stream().map(ConsentView::evidence).toArray(String[]::new))
                .param("recordedBy", records.getFirst().recordedBy())
                .param("recordedAt", utc(recordedAt))
                .update();
    }

    /** The latest choice per channel and purpose. */
    public List<ConsentView> current(Set<UUID> customerIds) {
        return jdbc.sql("""
                        SELECT DISTINCT ON (channel, purpose) %s FROM consent_record
                         WHERE customer_id = ANY(:ids)
                         ORDER BY channel, purpose, at DESC, id DESC
                        """.formatted(COLUMNS))
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(ConsentRepository::map)
                .list();
    }

    public Optional<ConsentView> current(UUID customerId, ChannelType channel, ConsentPurpose purpose) {
        return jdbc.sql("""
                        SELECT %s FROM consent_record
                         WHERE customer_id = :id AND channel = :channel AND purpose = :purpose
                         ORDER BY at DESC, id DESC
                         LIMIT 1
                        """.formatted(COLUMNS))
                .param("id", customerId)
                .param("channel", channel.code())
                .param("purpose", purpose.code())
                .query(ConsentRepository::map)
                .optional();
    }

    public List<ConsentView> history(Set<UUID> customerIds) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM consent_record WHERE customer_id = ANY(:ids) ORDER BY at DESC, id DESC")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(ConsentRepository::map)
                .list();
    }

    /** Entries for the timeline, by when they were recorded, before a position, newest first. */
    public List<ConsentView> before(
            Set<UUID> customerIds, @Nullable Instant beforeAt, @Nullable String beforeId, int limit) {
        return jdbc.sql("""
                        SELECT r.* FROM unnest(CAST(:ids AS uuid[])) AS c(id)
                         CROSS JOIN LATERAL (
                                SELECT %s FROM consent_record
                                 WHERE customer_id = c.id
                                   AND (CAST(:beforeAt AS timestamptz) IS NULL
                                        OR (at, id) < (:beforeAt, CAST(:beforeId AS uuid)))
                                 ORDER BY at DESC, id DESC
                                 LIMIT :limit) r
                         ORDER BY r.at DESC, r.id DESC
                         LIMIT :limit
                        """.formatted(COLUMNS))
                .param("ids", customerIds.toArray(UUID[]::new))
                .param("beforeAt", beforeAt == null ? null : utc(beforeAt))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(ConsentRepository::map)
                .list();
    }

    public void reassign(UUID from, UUID to) {
        jdbc.sql("UPDATE consent_record SET customer_id = :to WHERE customer_id = :from")
                .param("from", from)
                .param("to", to)
                .update();
    }

    public void reassignBack(UUID from, UUID to, Set<UUID> firstCustomerIds) {
        jdbc.sql("""
                        UPDATE consent_record SET customer_id = :to
                         WHERE customer_id = :from AND first_customer_id = ANY(:first)
                        """)
                .param("from", from)
                .param("to", to)
                .param("first", firstCustomerIds.toArray(UUID[]::new))
                .update();
    }

    public void delete(Set<UUID> customerIds) {
        jdbc.sql("DELETE FROM consent_record WHERE customer_id = ANY(:ids) OR first_customer_id = ANY(:ids)")
                .param("ids", customerIds.toArray(UUID[]::new))
                .update();
    }

    private static ConsentView map(ResultSet rs, int row) throws SQLException {
        return new ConsentView(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                ChannelType.parse(rs.getString("channel")),
                ConsentPurpose.parse(rs.getString("purpose")),
                ConsentStatus.parse(rs.getString("status")),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("source"),
                rs.getString("evidence"),
                rs.getString("recorded_by"));
    }
    /** Customers whose latest choice for a channel and purpose is a grant. */
    public CustomerFilter grantedFilter(String channel, String purpose) {
        return new CustomerFilter("""
                SELECT customer_id FROM (
                        SELECT DISTINCT ON (customer_id) customer_id, status FROM consent_record
                         WHERE channel = :channel AND purpose = :purpose
                         ORDER BY customer_id, at DESC, id DESC) latest
                 WHERE status = 'granted'""", java.util.Map.of("channel", channel, "purpose", purpose));
    }
}
