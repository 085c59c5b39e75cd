package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Creates an API token that acts for a user — the caller, or another user (a service account, say) — with scopes no
 * wider than both the caller's and that user's permissions. Empty scopes make a token that proves who it is but
 * holds no permission.
 *
 * @param expiresAt when the token stops working; absent = until revoked
 * @param ownerId the user the token acts for; absent = the caller
 */
public record CreateApiToken(
        @NotBlank @Size(max = 200) String name,
        @NotNull Set<Permission> scopes,
        @Nullable Instant expiresAt,
        @Nullable UUID ownerId) {

    public CreateApiToken(String name, Set<Permission> scopes, @Nullable Instant expiresAt) {
        this(name, scopes, expiresAt, null);
    }
}
