package org.oneplace.staff;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A staff user as shown to others; never carries the password. */
public record UserView(
        UUID id,
        String email,
        String displayName,
        Set<Role> roles,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {}
