package org.oneplace.staff;

import java.time.Instant;
import java.util.UUID;

/**
 * A password reset an admin asked for.
 *
 * @param userId whose password it is
 * @param email where the link goes
 * @param linkExpiresAt until when the e-mailed link works
 * @param emailSent whether the mail server took the e-mail; false when none is configured ({@code SPRING_MAIL_HOST})
 *     or it refused: the old password is disabled all the same, so ask again once mail works
 */
public record PasswordResetView(UUID userId, String email, Instant linkExpiresAt, boolean emailSent) {}
