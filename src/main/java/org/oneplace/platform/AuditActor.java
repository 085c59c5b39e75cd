package org.oneplace.platform;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Implemented by the authenticated principal so that the audit log can say who acted without knowing how they
 * signed in.
 */
public interface AuditActor {

    /** {@code user}, {@code token} or {@code system}. */
    String actorType();

    /** The id of the user or token. */
    String actorId();

    /** A name a person recognises, e.g. the user's email or the token's name. */
    String actorName();

    /** The name of whoever is acting in this thread: the signed-in principal, else {@code system}. */
    static String currentName() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AuditActor actor) {
            return actor.actorName();
        }
        return "system";
    }
}
