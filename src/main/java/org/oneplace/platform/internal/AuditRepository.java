package org.oneplace.platform.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditEntryView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the append-only {@code audit_entry} table. */
@Repository
public class AuditRepository {

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(AuditEntryView entry) {
        jdbc.sql("""
                        INSERT INTO audit_entry (id, occurred_at, actor_type, actor_id, actor_name, action,
                                                 object_type, object_id, before, after, source_ip)
                        VALUES (:id, :occurredAt, :actorType, :actorId, :actorName, :action,
                                :objectType, :objectId, CAST(:before AS jsonb), CAST(:after AS jsonb), :sourceIp)
                        """)
                .param("id", entry.id())
                .param("occurredAt", OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC))
                .param("actorType", entry.actorType())
                .param("actorId", entry.actorId())
                .param("actorName", entry.actorName())
                .param("action", entry.action())
                .param("objectType", entry.objectType())
                .param("objectId", entry.objectId())
                .param("before", entry.before())
                .param("after", entry.after())
                .param("sourceIp", entry.sourceIp())
                .update();
    }

    public List<AuditEntryView> recent(@Nullable String objectType, @Nullable String objectId, int limit) {
        return jdbc.sql("""
                        SELECT id, occurred_at, actor_type, actor_id, actor_name, action, object_type, object_id,
                               before::text AS before, after::text AS after, source_ip
                          FROM audit_entry
                         WHERE (CAST(:objectType AS text) IS NULL OR object_type = :objectType)
                           AND (CAST(:objectId AS text) IS NULL OR object_id = :objectId)
                         ORDER BY id DESC
                         LIMIT :limit
                        """)
                .param("objectType", objectType)
                .param("objectId", objectId)
                .param("limit", limit)
                .query((rs, n) -> new AuditEntryView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor_type"),
                        rs.getString("actor_id"),
                        rs.getString("actor_name"),
                        rs.getString("action"),
                        rs.getString("object_type"),
                        rs.getString("object_id"),
                        rs.getString("before"),
                        rs.getString("after"),
                        rs.getString("source_ip")))
                .list();
    }
}
