package org.oneplace.staff;

import java.io.Serializable;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditActor;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is making a request: a signed-in user, or an API token acting for its owner.
 *
 * @param userId the user, or the token's owner
 * @param email the user's email
 * @param tokenId the token, when the request carries one
 * @param tokenName the token's name, when the request carries one
 * @param permissions what this principal may do (for a token: its scopes that its owner still holds)
 */
public record StaffPrincipal(
        UUID userId,
        String email,
        @Nullable UUID tokenId,
        @Nullable String tokenName,
        Set<Permission> permissions) implements AuditActor, AuthenticatedPrincipal, Serializable {

    public StaffPrincipal {
        permissions = Set.copyOf(permissions);
    }

    /** The principal of the current request, or {@code null} when the system itself acts (e.g. at bootstrap). */
    public static @Nullable StaffPrincipal current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof StaffPrincipal principal
                ? principal
                : null;
    }

    public boolean isToken() {
        return tokenId != null;
    }

    public boolean can(Permission permission) {
        return permissions.contains(permission);
    }

    @Override
    public String getName() {
        return email;
    }

    @Override
    public String actorType() {
        return isToken() ? "token" : "user";
    }

    @Override
    public String actorId() {
        return String.valueOf(isToken() ? tokenId : userId);
    }

    @Override
    public String actorName() {
        return isToken() ? "token '" + tokenName + "' of " + email : email;
    }
}
