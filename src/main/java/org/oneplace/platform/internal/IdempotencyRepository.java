package org.oneplace.platform.internal;

import static org.oneplace.platform.SqlTime.utc;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored answers to requests with an {@code Idempotency-Key}. */
@Repository
public class IdempotencyRepository {

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(
            String hash, int status, String body, @Nullable String location) {}

    public void deleteExpired(String principal, String operation, String key, Instant now) {
        jdbc.sql("""
                        delete from idempotency_key
                        where principal = :principal and operation = :operation and key = :key and expires_at <= :now
                        """)
                .param("principal", principal)
                .param("operation", operation)
                .param("key", key)
                .param("now", utc(now))
                .update();
    }

    /**
     * Claims a key in the caller's transaction; false when it is taken. While another transaction holds an
     * uncommitted claim on the same key this waits for it to commit or roll back.
     */
    public boolean insert(String principal, String operation, String key, String hash, Instant now, Instant expires) {
        return jdbc.sql("""
                                insert into idempotency_key (principal, operation, key, request_hash, response_status,
                                                             response_body, created_at, expires_at)
                                values (:principal, :operation, :key, :hash, 0, '', :now, :expires)
                                on conflict do nothing
                                """)
                        .param("principal", principal)
                        .param("operation", operation)
                        .param("key", key)
                        .param("hash", hash)
                        .param("now", utc(now))
                        .param("expires", utc(expires))
                        .update()
                == 1;
    }

    public void complete(
            String principal, String operation, String key, int status, String body, @Nullable String location) {
        jdbc.sql("""
                        update idempotency_key set response_status = :status, response_body = :body,
                                                   response_location = :location
                        where principal = :principal and operation = :operation and key = :key
                        """)
                .param("status", status)
                .param("body", body)
                .param("location", location)
                .param("principal", principal)
                .param("operation", operation)
                .param("key", key)
                .update();
    }

    public Optional<Stored> find(String principal, String operation, String key) {
        return jdbc.sql("""
                        select request_hash, response_status, response_body, response_location from idempotency_key
                        where principal = :principal and operation = :operation and key = :key
                        """)
                .param("principal", principal)
                .param("operation", operation)
                .param("key", key)
                .query((rs, row) -> new Stored(
                        rs.getString("request_hash"),
                        rs.getInt("response_status"),
                        rs.getString("response_body"),
                        rs.getString("response_location")))
                .optional();
    }

    public int purgeExpired(Instant now) {
        return jdbc.sql("delete from idempotency_key where expires_at <= :now")
                .param("now", utc(now))
                .update();
    }

    /** Replaces the stored answers that mention any of these ids; the keys stay, so a retry still changes nothing. */
    public int redactMentioning(java.util.Collection<String> ids, String replacement) {
        return jdbc.sql(
                        "update idempotency_key set response_body = :replacement where response_body like any(:patterns)")
                .param("replacement", replacement)
                .param("patterns", ids.stream().map(id -> "%" + id + "%").toArray(String[]::new))
                .update();
    }
}
