package org.oneplace.staff.internal;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.oneplace.staff.Role;
import org.oneplace.staff.UserView;

/**
 * A staff user row, with the password hash that never leaves this package's callers' hands.
 *
 * @param passwordResetRequired an admin asked for a new password: the current one no longer signs in
 */
public record StoredUser(
        UUID id,
        String email,
        String displayName,
        String passwordHash,
        Set<Role> roles,
        boolean enabled,
        boolean passwordResetRequired,
        Instant createdAt,
        Instant updatedAt) {

    public UserView view() {
        return new UserView(id, email, displayName, roles, enabled, passwordResetRequired, createdAt, updatedAt);
    }

    /** This user with a new password hash; a new password answers any reset an admin asked for. */
    public StoredUser withPassword(String newPasswordHash, Instant at) {
        return new StoredUser(id, email, displayName, newPasswordHash, roles, enabled, false, createdAt, at);
    }

    /** This user made to choose a new password before signing in again. */
    public StoredUser requiringPasswordReset(Instant at) {
        return new StoredUser(id, email, displayName, passwordHash, roles, enabled, true, createdAt, at);
    }
}
