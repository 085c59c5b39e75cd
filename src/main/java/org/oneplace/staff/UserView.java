package org.oneplace.staff;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A staff user as shown to others; never carries the password.
 *
 * @param passwordResetRequired an admin asked this user for a new password: the old one no longer signs in until
 *     they choose one through the e-mailed link
 */
public record UserView(
        UUID id,
        String email,
        String displayName,
        Set<Role> roles,
        boolean enabled,
        boolean passwordResetRequired,
        Instant createdAt,
        Instant updatedAt) {}
