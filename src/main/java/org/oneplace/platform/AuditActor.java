package org.oneplace.platform;

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
}
