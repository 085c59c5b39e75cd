package org.oneplace.staff.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code password_reset}: the SHA-256 of each outstanding reset token, its user and its expiry. */
@Repository
public class PasswordResetRepository {

    private final JdbcClient jdbc;

    PasswordResetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new token's hash, and drops the expired ones of everybody on the way. */
    public void insert(String tokenHash, UUID userId, Instant createdAt, Instant expiresAt) {
        jdbc.sql("DELETE FROM password_reset WHERE expires_at <= :now")
                .param("now", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .update();
        jdbc.sql("""
                        INSERT INTO password_reset (token_hash, user_id, created_at, expires_at)
                        VALUES (:hash, :user, :createdAt, :expiresAt)
                        """)
                .param("hash", tokenHash)
                .param("user", userId)
                .param("createdAt", OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
                .param("expiresAt", OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .update();
    }

    /** Whether a token for this user was issued after {@code since} (and is still outstanding). */
    public boolean issuedSince(UUID userId, Instant since) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM password_reset WHERE user_id = :user AND created_at > :since)")
                .param("user", userId)
                .param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query(Boolean.class)
                .single();
    }

    /** The user of an unexpired token, without using it up. */
    public Optional<UUID> userOf(String tokenHash, Instant now) {
        return jdbc.sql("SELECT user_id FROM password_reset WHERE token_hash = :hash AND expires_at > :now")
                .param("hash", tokenHash)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(UUID.class)
                .optional();
    }

    /**
     * Uses a token up and answers its user, if it exists and has not expired. A delete, so that of two requests
     * racing with one token only one gets the user.
     */
    public Optional<UUID> consume(String tokenHash, Instant now) {
        return jdbc.sql("DELETE FROM password_reset WHERE token_hash = :hash AND expires_at > :now RETURNING user_id")
                .param("hash", tokenHash)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(UUID.class)
                .optional();
    }

    /** Revokes every outstanding token of a user. */
    public void deleteAllOf(UUID userId) {
        jdbc.sql("DELETE FROM password_reset WHERE user_id = :user")
                .param("user", userId)
                .update();
    }
}
