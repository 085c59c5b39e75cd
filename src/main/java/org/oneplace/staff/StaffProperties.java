package org.oneplace.staff;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the staff module, under {@code oneplace.staff}.
 *
 * @param bootstrap what the first start creates, for automated setups
 * @param lockout how failed sign-ins lock an account
 * @param passwordReset the e-mailed links that set a new password
 */
@ConfigurationProperties("oneplace.staff")
public record StaffProperties(
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Lockout lockout,
        @DefaultValue PasswordReset passwordReset) {

    /**
     * Created on start when missing; never changed or re-created afterwards (idempotent across restarts).
     *
     * @param adminEmail the first admin ({@code ONEPLACE_BOOTSTRAP_ADMIN_EMAIL}); without it and without any user,
     *     {@code admin@oneplace.local} is created
     * @param adminPassword that admin's password ({@code ONEPLACE_BOOTSTRAP_ADMIN_PASSWORD}, at least 12
     *     characters); without it a random one is generated and logged once
     * @param apiToken an admin-scoped API token with this exact value ({@code ONEPLACE_BOOTSTRAP_API_TOKEN})
     * @param writeKey a tracking write key of the {@code web} source ({@code ONEPLACE_BOOTSTRAP_WRITE_KEY})
     */
    public record Bootstrap(
            @Nullable String adminEmail,
            @Nullable String adminPassword,
            @Nullable String apiToken,
            @Nullable String writeKey) {}

    /**
     * SEC-12: after {@code threshold} consecutive failed sign-ins an account is locked for {@code initialBackoff};
     * every further failure after a lock doubles it, up to {@code maxBackoff}. A successful sign-in or a password
     * reset starts the count afresh. The lock is kept in the database, so it holds on every node.
     *
     * @param threshold failures before the first lock ({@code ONEPLACE_STAFF_LOCKOUT_THRESHOLD})
     * @param initialBackoff the first lock ({@code ONEPLACE_STAFF_LOCKOUT_INITIAL_BACKOFF})
     * @param maxBackoff the longest lock ({@code ONEPLACE_STAFF_LOCKOUT_MAX_BACKOFF})
     */
    public record Lockout(
            @DefaultValue("5") int threshold,
            @DefaultValue("1m") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff) {

        public Lockout {
            if (threshold < 1) {
                throw new IllegalArgumentException("ONEPLACE_STAFF_LOCKOUT_THRESHOLD must be at least 1.");
            }
            if (!initialBackoff.isPositive() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("ONEPLACE_STAFF_LOCKOUT_INITIAL_BACKOFF must be positive and"
                        + " ONEPLACE_STAFF_LOCKOUT_MAX_BACKOFF at least as long.");
            }
        }

        /** How long the {@code failures}-th consecutive failure locks the account: zero below the threshold. */
        public Duration backoff(int failures) {
            if (failures < threshold) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - threshold, 30);
            Duration backoff = initialBackoff.multipliedBy(1L << doublings);
            return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        }
    }

    /**
     * @param linkValidity how long an e-mailed reset link works ({@code ONEPLACE_STAFF_PASSWORD_RESET_LINK_VALIDITY})
     * @param mailFrom the sender of reset e-mails ({@code ONEPLACE_STAFF_PASSWORD_RESET_MAIL_FROM})
     */
    public record PasswordReset(
            @DefaultValue("30m") Duration linkValidity,
            @DefaultValue("no-reply@oneplace.local") String mailFrom) {}
}
