package org.oneplace.staff.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code sign_in_failure}: consecutive failed sign-ins per user and the lock they earned. */
@Repository
public class SignInFailureRepository {

    /** The failures counted so far, and until when the account is locked (null: it is not). */
    public record Failures(int count, @Nullable Instant lockedUntil) {}

    private final JdbcClient jdbc;

    SignInFailureRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's failures since their last successful sign-in, if any (a lock may lie in the past). */
    public Optional<Failures> find(UUID userId) {
        return jdbc.sql("SELECT failures, locked_until FROM sign_in_failure WHERE user_id = :user")
                .param("user", userId)
                .query(SignInFailureRepository::map)
                .optional();
    }

    /**
     * Counts one more failure and answers the new count. The upsert holds the row lock until the transaction ends, so
     * failures racing on several nodes each get their own count and {@link #lock} sees the latest.
     */
    public Failures countFailure(UUID userId, Instant at) {
        return jdbc.sql("""
                        INSERT INTO sign_in_failure (user_id, failures, last_failed_at)
                        VALUES (:user, 1, :at)
                        ON CONFLICT (user_id) DO UPDATE
                           SET failures = sign_in_failure.failures + 1, last_failed_at = :at
                        RETURNING failures, locked_until
                        """)
                .param("user", userId)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .query(SignInFailureRepository::map)
                .single();
    }

    public void lock(UUID userId, Instant until) {
        jdbc.sql("UPDATE sign_in_failure SET locked_until = :until WHERE user_id = :user")
                .param("user", userId)
                .param("until", OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .update();
    }

    /** Forgets the user's failures and any lock: after a successful sign-in or a new password. */
    public void clear(UUID userId) {
        jdbc.sql("DELETE FROM sign_in_failure WHERE user_id = :user")
                .param("user", userId)
                .update();
    }

    private static Failures map(ResultSet rs, int row) throws SQLException {
        OffsetDateTime until = rs.getObject("locked_until", OffsetDateTime.class);
        return new Failures(rs.getInt("failures"), until == null ? null : until.toInstant());
    }
}
