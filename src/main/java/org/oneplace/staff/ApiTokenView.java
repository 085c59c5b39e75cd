package org.oneplace.staff;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An API token as listed: never the token itself, only a hint (its last characters) to recognise it.
 */
public record ApiTokenView(
        UUID id,
        String name,
        String hint,
        Set<Permission> scopes,
        UUID ownerId,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant lastUsedAt,
        @Nullable Instant revokedAt) {

    /** {@code active}, {@code expired} or {@code revoked}. */
    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }
}
