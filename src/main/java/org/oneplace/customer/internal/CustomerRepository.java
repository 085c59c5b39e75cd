package org.oneplace.customer.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.CustomerFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code customer} and {@code customer_identifier}. */
@Repository
public class CustomerRepository {

    private static final String CUSTOMER = "id, created_at, merged_into, erased_at, name, traits, trait_times";
    private static final String IDENTIFIER =
            "id, customer_id, type, value, verified, added_at, rule, source, source_ref, first_customer_id, merge_id";

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, Instant at) {
        jdbc.sql("INSERT INTO customer (id, created_at, updated_at) VALUES (:id, :at, :at)")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    public Optional<StoredCustomer> find(UUID id) {
        return jdbc.sql("SELECT " + CUSTOMER + " FROM customer WHERE id = :id")
                .param("id", id)
                .query(CustomerRepository::customer)
                .optional();
    }

    /**
     * Locks customers for a merge. Always in id order, whoever calls: two merges touching the same customers then
     * queue instead of each holding one and waiting for the other.
     */
    public List<StoredCustomer> lockForUpdate(Collection<UUID> ids) {
        return jdbc.sql("SELECT " + CUSTOMER + " FROM customer WHERE id = ANY(:ids) ORDER BY id FOR UPDATE")
                .param("ids", ids.toArray(UUID[]::new))
                .query(CustomerRepository::customer)
                .list();
    }

    /**
     * Keeps a customer from being merged or erased until the caller commits (a merge takes {@code FOR UPDATE}),
     * so that what the caller writes for it is folded by the merge rather than left behind.
     */
    public Optional<StoredCustomer> lockShared(UUID id) {
        return jdbc.sql("SELECT " + CUSTOMER + " FROM customer WHERE id = :id FOR KEY SHARE")
                .param("id", id)
                .query(CustomerRepository::customer)
                .optional();
    }

    /** Locks several customers {@code FOR KEY SHARE} in id order; answers those that are live. */
    public List<UUID> lockShared(java.util.Set<UUID> ids) {
        return jdbc.sql("""
                        SELECT id FROM customer WHERE id = ANY(:ids) AND merged_into IS NULL AND erased_at IS NULL
                         ORDER BY id FOR KEY SHARE
                        """)
                .param("ids", ids.toArray(UUID[]::new))
                .query(UUID.class)
                .list();
    }

    /** The live customer an id answers for: itself, or the end of its chain of merges. */
    public Optional<UUID> liveId(UUID id) {
        return jdbc.sql("""
                        WITH RECURSIVE chain(id, merged_into, erased_at, depth) AS (
                            SELECT id, merged_into, erased_at, 0 FROM customer WHERE id = :id
                            UNION ALL
                            SELECT c.id, c.merged_into, c.erased_at, chain.depth + 1
                              FROM customer c JOIN chain ON c.id = chain.merged_into
                             WHERE chain.depth < 1000
                        )
                        SELECT id FROM chain WHERE merged_into IS NULL AND erased_at IS NULL
                        """).param("id", id).query(UUID.class).optional();
    }

    /**
     * The live customer an id answers for, followed by every customer merged into it: what a read of one person
     * needs, in one round trip. Empty when the id is unknown or erased.
     */
    public List<UUID> cluster(UUID id) {
        return jdbc.sql("""
                        WITH RECURSIVE up(id, merged_into, erased_at, depth) AS (
                            SELECT id, merged_into, erased_at, 0 FROM customer WHERE id = :id
                            UNION ALL
                            SELECT c.id, c.merged_into, c.erased_at, up.depth + 1
                              FROM customer c JOIN up ON c.id = up.merged_into
                             WHERE up.depth < 1000
                        ),
                        down(id, depth) AS (
                            SELECT id, 0 FROM up WHERE merged_into IS NULL AND erased_at IS NULL
                            UNION ALL
                            SELECT c.id, down.depth + 1 FROM customer c JOIN down ON c.merged_into = down.id
                             WHERE down.depth < 1000
                        )
                        SELECT id FROM down ORDER BY depth, id
                        """).param("id", id).query(UUID.class).list();
    }

    /** Every customer merged into this one, directly or through others. */
    public List<UUID> mergedInto(UUID id) {
        return jdbc.sql("""
                        WITH RECURSIVE merged(id, depth) AS (
                            SELECT id, 0 FROM customer WHERE merged_into = :id
                            UNION ALL
                            SELECT c.id, merged.depth + 1 FROM customer c JOIN merged ON c.merged_into = merged.id
                             WHERE merged.depth < 1000
                        )
                        SELECT id FROM merged ORDER BY id
                        """).param("id", id).query(UUID.class).list();
    }

    public void markMerged(UUID id, UUID survivorId, Instant at) {
        jdbc.sql("UPDATE customer SET merged_into = :survivor, merged_at = :at, updated_at = :at WHERE id = :id")
                .param("id", id)
                .param("survivor", survivorId)
                .param("at", utc(at))
                .update();
    }

    public void markUnmerged(UUID id, Instant at) {
        jdbc.sql("UPDATE customer SET merged_into = NULL, merged_at = NULL, updated_at = :at WHERE id = :id")
                .param("id", id)
                .param("at", utc(at))
                .update();
    }

    public void updateTraits(UUID id, @Nullable String name, String traits, String traitTimes, Instant at) {
        jdbc.sql("""
                        UPDATE customer
                           SET name = :name, traits = CAST(:traits AS jsonb), trait_times = CAST(:times AS jsonb),
                               updated_at = :at
                         WHERE id = :id
                        """)
                .param("id", id)
                .param("name", name)
                .param("traits", traits)
                .param("times", traitTimes)
                .param("at", utc(at))
                .update();
    }

    /** A customer's new traits, for {@link #updateTraitsAll}. */
    public record TraitsUpdate(UUID id, @Nullable String name, String traits, String traitTimes) {}

    /** Writes several customers' traits in one statement. */
    public void updateTraitsAll(List<TraitsUpdate> updates, Instant at) {
        jdbc.sql("""
                        UPDATE customer c
                           SET name = x.name, traits = CAST(x.traits AS jsonb), trait_times = CAST(x.times AS jsonb),
                               updated_at = :at
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:names AS text[]), CAST(:traits AS text[]),
                                      CAST(:times AS text[])) AS x(id, name, traits, times)
                         WHERE c.id = x.id
                        """)
                .param("ids", updates.stream().map(TraitsUpdate::id).toArray(UUID[]::new))
                .param("names", updates.stream().map(TraitsUpdate::name).toArray(String[]::new))
                .param("traits", updates.stream().map(TraitsUpdate::traits).toArray(String[]::new))
                .param("times", updates.stream().map(TraitsUpdate::traitTimes).toArray(String[]::new))
                .param("at", utc(at))
                .update();
    }

    public void markErased(Set<UUID> ids, Instant at) {
        jdbc.sql("""
                        UPDATE customer SET erased_at = :at, updated_at = :at, name = NULL, traits = '{}',
                               trait_times = '{}'
                         WHERE id = ANY(:ids)
                        """)
                .param("ids", ids.toArray(UUID[]::new))
                .param("at", utc(at))
                .update();
    }

    /**
     * Customers whose name or any identifier contains {@code text} (case-insensitive; {@code %} and {@code _} are
     * matched literally), newest first, after the cursor.
     */
    public List<StoredCustomer> search(String text, @Nullable UUID cursor, int limit) {
        String pattern = "%"
                + text.toLowerCase(java.util.Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                + "%";
        return jdbc.sql("""
                        SELECT %s FROM customer c
                         WHERE c.merged_into IS NULL AND c.erased_at IS NULL
                           AND (CAST(:cursor AS uuid) IS NULL OR c.id < :cursor)
                           AND (lower(c.name) LIKE :pattern
                                OR c.id IN (SELECT customer_id FROM customer_identifier WHERE lower(value) LIKE :pattern))
                         ORDER BY c.id DESC
                         LIMIT :limit
                        """.formatted(CUSTOMER.replaceAll("(\\w+)", "c.$1")))
                .param("pattern", pattern)
                .param("cursor", cursor)
                .param("limit", limit + 1)
                .query(CustomerRepository::customer)
                .list();
    }

    /** Live customers in id order after a cursor: a bulk export's page. */
    public List<StoredCustomer> page(@Nullable UUID after, int limit) {
        return jdbc.sql("SELECT " + CUSTOMER + """
                         FROM customer
                        WHERE merged_into IS NULL AND erased_at IS NULL
                          AND (CAST(:after AS uuid) IS NULL OR id > :after)
                        ORDER BY id
                        LIMIT :limit
                        """)
                .param("after", after)
                .param("limit", limit)
                .query(CustomerRepository::customer)
                .list();
    }

    // identifiers

    /** The identifier rows with these keys ({@code type:value}), whoever holds them. */
    public List<StoredIdentifier> findIdentifiers(Collection<IdentifierType> types, Collection<String> values) {
        return jdbc.sql("""
                        SELECT %s FROM customer_identifier
                         WHERE (type, value) IN (SELECT * FROM unnest(CAST(:types AS text[]), CAST(:values AS text[])))
                        """.formatted(IDENTIFIER))
                .param("types", types.stream().map(IdentifierType::code).toArray(String[]::new))
                .param("values", values.toArray(String[]::new))
                .query(CustomerRepository::identifier)
                .list();
    }

    public Optional<StoredIdentifier> findIdentifier(IdentifierType type, String value) {
        return jdbc.sql("SELECT " + IDENTIFIER + " FROM customer_identifier WHERE type = :type AND value = :value")
                .param("type", type.code())
                .param("value", value)
                .query(CustomerRepository::identifier)
                .optional();
    }

    public List<StoredIdentifier> identifiersOf(Collection<UUID> customerIds) {
        return jdbc.sql("SELECT " + IDENTIFIER
                        + " FROM customer_identifier WHERE customer_id = ANY(:ids) ORDER BY added_at, id")
                .param("ids", customerIds.toArray(UUID[]::new))
                .query(CustomerRepository::identifier)
                .list();
    }

    /** Inserts customers created at the given times, in one statement. */
    public void insertAll(List<UUID> ids, List<Instant> createdAt) {
        jdbc.sql("""
                        INSERT INTO customer (id, created_at, updated_at)
                        SELECT id, CAST(at AS timestamptz), CAST(at AS timestamptz)
                          FROM unnest(CAST(:ids AS uuid[]), CAST(:at AS text[])) AS x(id, at)
                        """)
                .param("ids", ids.toArray(UUID[]::new))
                .param("at", createdAt.stream().map(Instant::toString).toArray(String[]::new))
                .update();
    }

    /**
     * Inserts identifiers in one statement, skipping any someone holds already; answers how many were inserted (fewer
     * than given means another transaction took one first).
     */
    public int insertIdentifiers(List<StoredIdentifier> rows) {
        return jdbc.sql("""
                        INSERT INTO customer_identifier (id, customer_id, type, value, verified, added_at, rule, source,
                                                         source_ref, first_customer_id)
                        SELECT id, customer_id, type, value, verified, CAST(added_at AS timestamptz), rule, source,
                               source_ref, customer_id
                          FROM unnest(CAST(:id AS uuid[]), CAST(:customer AS uuid[]), CAST(:type AS text[]),
                                      CAST(:value AS text[]), CAST(:verified AS boolean[]), CAST(:at AS text[]),
                                      CAST(:rule AS text[]), CAST(:source AS text[]), CAST(:ref AS text[]))
                               AS x(id, customer_id, type, value, verified, added_at, rule, source, source_ref)
                        ON CONFLICT (type, value) DO NOTHING
                        """)
                .param("id", rows.stream().map(StoredIdentifier::id).toArray(UUID[]::new))
                .param(
                        "customer",
                        rows.stream().map(StoredIdentifier::customerId).toArray(UUID[]::new))
                .param("type", rows.stream().map(r -> r.type().code()).toArray(String[]::new))
                .param("value", rows.stream().map(StoredIdentifier::value).toArray(String[]::new))
                .param("verified", rows.stream().map(StoredIdentifier::verified).toArray(Boolean[]::new))
                .param("at", rows.stream().map(r -> r.addedAt().toString()).toArray(String[]::new))
                .param("rule", rows.stream().map(StoredIdentifier::rule).toArray(String[]::new))
                .param("source", rows.stream().map(StoredIdentifier::source).toArray(String[]::new))
                .param("ref", rows.stream().map(StoredIdentifier::sourceRef).toArray(String[]::new))
                .update();
    }

    /** Inserts an identifier unless someone holds it already; false when someone does (maybe not yet committed). */
    public boolean insertIdentifier(StoredIdentifier identifier) {
        return jdbc.sql("""
                        INSERT INTO customer_identifier (%s)
                        VALUES (:id, :customerId, :type, :value, :verified, :addedAt, :rule, :source, :sourceRef,
                                :firstCustomerId, NULL)
                        ON CONFLICT (type, value) DO NOTHING
                        """.formatted(IDENTIFIER))
                        .param("id", identifier.id())
                        .param("customerId", identifier.customerId())
                        .param("type", identifier.type().code())
                        .param("value", identifier.value())
                        .param("verified", identifier.verified())
                        .param("addedAt", utc(identifier.addedAt()))
                        .param("rule", identifier.rule())
                        .param("source", identifier.source())
                        .param("sourceRef", identifier.sourceRef())
                        .param("firstCustomerId", identifier.firstCustomerId())
                        .update()
                == 1;
    }

    /** Moves one identifier to another customer, marking it verified; false if it is no longer where it was. */
    public boolean moveIdentifier(UUID identifierId, UUID from, UUID to, String rule) {
        return jdbc.sql("""
                        UPDATE customer_identifier SET customer_id = :to, verified = true, rule = :rule
                         WHERE id = :id AND customer_id = :from
                        """)
                        .param("id", identifierId)
                        .param("from", from)
                        .param("to", to)
                        .param("rule", rule)
                        .update()
                == 1;
    }

    public void markVerified(UUID identifierId) {
        jdbc.sql("UPDATE customer_identifier SET verified = true WHERE id = :id")
                .param("id", identifierId)
                .update();
    }

    /** Moves all identifiers of one customer to another, answering the moved rows as they were. */
    public List<StoredIdentifier> moveAll(UUID from, UUID to, UUID mergeId) {
        List<StoredIdentifier> moving = identifiersOf(List.of(from));
        jdbc.sql("UPDATE customer_identifier SET customer_id = :to, merge_id = :merge WHERE customer_id = :from")
                .param("from", from)
                .param("to", to)
                .param("merge", mergeId)
                .update();
        return moving;
    }

    /** Moves identifiers back after an undo; only those still on {@code from}. */
    public void moveBack(Collection<UUID> identifierIds, UUID from, UUID to) {
        jdbc.sql("""
                        UPDATE customer_identifier SET customer_id = :to, merge_id = NULL
                         WHERE id = ANY(:ids) AND customer_id = :from
                        """)
                .param("ids", identifierIds.toArray(UUID[]::new))
                .param("from", from)
                .param("to", to)
                .update();
    }

    public void deleteIdentifiers(Set<UUID> customerIds) {
        jdbc.sql("DELETE FROM customer_identifier WHERE customer_id = ANY(:ids)")
                .param("ids", customerIds.toArray(UUID[]::new))
                .update();
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static StoredCustomer customer(ResultSet rs, int row) throws SQLException {
        return new StoredCustomer(
                rs.getObject("id", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("merged_into", UUID.class),
                instant(rs, "erased_at"),
                rs.getString("name"),
                rs.getString("traits"),
                rs.getString("trait_times"));
    }

    private static StoredIdentifier identifier(ResultSet rs, int row) throws SQLException {
        return new StoredIdentifier(
                rs.getObject("id", UUID.class),
                rs.getObject("customer_id", UUID.class),
                IdentifierType.parse(rs.getString("type")),
                rs.getString("value"),
                rs.getBoolean("verified"),
                rs.getObject("added_at", OffsetDateTime.class).toInstant(),
                rs.getString("rule"),
                rs.getString("source"),
                rs.getString("source_ref"),
                rs.getObject("first_customer_id", UUID.class),
                rs.getObject("merge_id", UUID.class));
    }
    /** Every live customer, as a segment's ground. */
    public CustomerFilter liveFilter() {
        return new CustomerFilter(
                "SELECT id AS customer_id FROM customer WHERE merged_into IS NULL AND erased_at IS NULL", Map.of());
    }

    /** Live customers with a trait, with this value (as text) unless null. */
    public CustomerFilter traitFilter(String key, @Nullable String value) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", key);
        String condition = "traits ->> :key IS NOT NULL";
        if (value != null) {
            params.put("value", value);
            condition = "traits ->> :key = :value";
        }
        return new CustomerFilter(
                "SELECT id AS customer_id FROM customer WHERE merged_into IS NULL AND erased_at IS NULL AND "
                        + condition,
                params);
    }

    /** Customers holding an identifier of a type. */
    public CustomerFilter identifierFilter(String type) {
        return new CustomerFilter(
                "SELECT customer_id FROM customer_identifier WHERE type = :type", Map.of("type", type));
    }
}
