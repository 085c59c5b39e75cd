package org.oneplace.customer.internal;

import static org.oneplace.customer.internal.CustomerRepository.instant;
import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.customer.ConflictView;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.MergeView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code customer_merge} and {@code identity_conflict}. */
@Repository
public class MergeRepository {

    private static final String MERGE = "id, survivor_id, merged_id, reason, cause, actor, identifier_ids, identifiers,"
            + " survivor_traits, survivor_trait_times, merged_traits, merged_trait_times, merged_at, undone_at";
    private static final String CONFLICT =
            "id, customer_id, other_customer_id, type, value, reason, source, detected_at, resolved_at";

    private final JdbcClient jdbc;

    MergeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A merge with what undoing it needs: the moved identifier rows and both customers' traits before. */
    public record StoredMerge(
            MergeView view,
            List<UUID> identifierIds,
            String survivorTraits,
            String survivorTraitTimes,
            String mergedTraits,
            String mergedTraitTimes) {}

    public void insert(StoredMerge merge) {
        MergeView v = merge.view();
        jdbc.sql("""
                        INSERT INTO customer_merge (%s)
                        VALUES (:id, :survivor, :merged, :reason, :cause, :actor, :identifierIds, :identifiers,
                                CAST(:st AS jsonb), CAST(:stt AS jsonb), CAST(:mt AS jsonb), CAST(:mtt AS jsonb),
                                :at, NULL)
                        """.formatted(MERGE))
                .param("id", v.id())
                .param("survivor", v.survivorId())
                .param("merged", v.mergedId())
                .param("reason", v.reason())
                .param("cause", v.cause())
                .param("actor", v.actor())
                .param("identifierIds", merge.identifierIds().toArray(UUID[]::new))
                .param("identifiers", v.identifiers().toArray(String[]::new))
                .param("st", merge.survivorTraits())
                .param("stt", merge.survivorTraitTimes())
                .param("mt", merge.mergedTraits())
                .param("mtt", merge.mergedTraitTimes())
                .param("at", utc(v.mergedAt()))
                .update();
    }

    public Optional<StoredMerge> find(UUID id) {
        return jdbc.sql("SELECT " + MERGE + " FROM customer_merge WHERE id = :id")
                .param("id", id)
                .query(MergeRepository::merge)
                .optional();
    }

    /** Marks a merge undone; false when it already was (a concurrent undo). */
    public boolean markUndone(UUID id, Instant at) {
        return jdbc.sql("UPDATE customer_merge SET undone_at = :at WHERE id = :id AND undone_at IS NULL")
                        .param("id", id)
                        .param("at", utc(at))
                        .update()
                == 1;
    }

    /** Merges a customer took part in, newest first. */
    public List<MergeView> mergesOf(List<UUID> customerIds) {
        return jdbc
                .sql("""
                        SELECT %s FROM customer_merge
                         WHERE survivor_id = ANY(:ids) OR merged_id = ANY(:ids)
                         ORDER BY merged_at DESC, id DESC
                        """.formatted(MERGE))
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(MergeRepository::merge)
                .list()
                .stream()
                .map(StoredMerge::view)
                .toList();
    }

    public void insertConflict(ConflictView c) {
        jdbc.sql("""
                        INSERT INTO identity_conflict (%s)
                        VALUES (:id, :customer, :other, :type, :value, :reason, :source, :at, NULL)
                        ON CONFLICT (customer_id, other_customer_id, type, value) DO NOTHING
                        """.formatted(CONFLICT))
                .param("id", c.id())
                .param("customer", c.customerId())
                .param("other", c.otherCustomerId())
                .param("type", c.type().code())
                .param("value", c.value())
                .param("reason", c.reason())
                .param("source", c.source())
                .param("at", utc(c.detectedAt()))
                .update();
    }

    public List<ConflictView> conflictsOf(List<UUID> customerIds) {
        return jdbc.sql("""
                        SELECT %s FROM identity_conflict
                         WHERE customer_id = ANY(:ids) OR other_customer_id = ANY(:ids)
                         ORDER BY detected_at DESC, id DESC
                        """.formatted(CONFLICT))
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(MergeRepository::conflict)
                .list();
    }

    /**
     * Removes personal data from the merge history and conflicts of erased customers: identifier values and trait
     * snapshots go, the fact that a merge happened stays.
     */
    public void scrub(java.util.Set<UUID> customerIds) {
        UUID[] ids = customerIds.toArray(UUID[]::new);
        jdbc.sql("""
                        UPDATE customer_merge
                           SET identifiers = ARRAY(SELECT split_part(i, ':', 1) FROM unnest(identifiers) AS i),
                               survivor_traits = '{}', survivor_trait_times = '{}',
                               merged_traits = '{}', merged_trait_times = '{}'
                         WHERE survivor_id = ANY(:ids) OR merged_id = ANY(:ids)
                        """).param("ids", ids).update();
        jdbc.sql("DELETE FROM identity_conflict WHERE customer_id = ANY(:ids) OR other_customer_id = ANY(:ids)")
                .param("ids", ids)
                .update();
    }

    private static StoredMerge merge(ResultSet rs, int row) throws SQLException {
        UUID[] identifierIds = (UUID[]) rs.getArray("identifier_ids").getArray();
        String[] identifiers = (String[]) rs.getArray("identifiers").getArray();
        MergeView view = new MergeView(
                rs.getObject("id", UUID.class),
                rs.getObject("survivor_id", UUID.class),
                rs.getObject("merged_id", UUID.class),
                rs.getString("reason"),
                rs.getString("cause"),
                rs.getString("actor"),
                Arrays.asList(identifiers),
                rs.getObject("merged_at", OffsetDateTime.class).toInstant(),
                instant(rs, "undone_at"));
        return new StoredMerge(
                view,
                Arrays.asList(identifierIds),
                rs.getString("survivor_traits"),
                rs.getString("survivor_trait_times"),
                rs.getString("merged_traits"),
                rs.getString("merged_trait_times"));
    }

    private static ConflictView conflict(ResultSet rs, int row) throws SQLException {
        return new ConflictView(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("other_customer_id", UUID.class),
                IdentifierType.parse(rs.getString("type")),
                rs.getString("value"),
                rs.getString("reason"),
                rs.getString("source"),
                rs.getObject("detected_at", OffsetDateTime.class).toInstant(),
                instant(rs, "resolved_at"));
    }
}
