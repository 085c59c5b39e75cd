package org.oneplace.staff.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.oneplace.staff.Role;
import org.oneplace.staff.UserView;

/** A staff user row, with the password hash that never leaves this package's callers' hands. */
public record StoredUser(
        UUID id,
        String email,
        String displayName,
        String passwordHash,
        Set<Role> roles,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {

    public UserView view() {
        return new UserView(id, email, displayName, roles, enabled, createdAt, updatedAt);
    }
}
