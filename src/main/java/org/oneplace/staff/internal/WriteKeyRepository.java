package org.oneplace.staff.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.staff.WriteKeyView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code write_key}. */
@Repository
public class WriteKeyRepository {

    private static final String COLUMNS = "id, name, key, source, allowed_origins, created_at, revoked_at";

    private final JdbcClient jdbc;

    WriteKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(WriteKeyView key) {
        jdbc.sql("""
                        INSERT INTO write_key (id, name, key, source, allowed_origins, created_at)
                        VALUES (:id, :name, :key, :source, :origins, :createdAt)
                        """)
                .param("id", key.id())
                .param("name", key.name())
                .param("key", key.key())
                .param("source", key.source().code())
                .param("origins", key.allowedOrigins().toArray(String[]::new))
                .param("createdAt", OffsetDateTime.ofInstant(key.createdAt(), ZoneOffset.UTC))
                .update();
    }

    public Optional<WriteKeyView> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM write_key WHERE id = :id")
                .param("id", id)
                .query(WriteKeyRepository::map)
                .optional();
    }

    public Optional<WriteKeyView> findByKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM write_key WHERE key = :key")
                .param("key", key)
                .query(WriteKeyRepository::map)
                .optional();
    }

    public List<WriteKeyView> pageAfter(@Nullable UUID cursor, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM write_key
                         WHERE CAST(:cursor AS uuid) IS NULL OR id > :cursor
                         ORDER BY id
                         LIMIT :limit
                        """.formatted(COLUMNS))
                .param("cursor", cursor)
                .param("limit", limit + 1)
                .query(WriteKeyRepository::map)
                .list();
    }

    public void rename(UUID id, String name) {
        jdbc.sql("UPDATE write_key SET name = :name WHERE id = :id")
                .param("id", id)
                .param("name", name)
                .update();
    }

    public void allowOrigins(UUID id, List<String> origins) {
        jdbc.sql("UPDATE write_key SET allowed_origins = :origins WHERE id = :id")
                .param("id", id)
                .param("origins", origins.toArray(String[]::new))
                .update();
    }

    public void revoke(UUID id, Instant at) {
        jdbc.sql("UPDATE write_key SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .param("id", id)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    private static WriteKeyView map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        return new WriteKeyView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("key"),
                ChannelType.parse(rs.getString("source")),
                List.of((String[]) rs.getArray("allowed_origins").getArray()),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
