package org.oneplace.platform;

/**
 * Base of the exceptions modules throw for a rule a caller broke. The message is the {@code detail} a person reads
 * in the problem answer, so it says what was wrong and what to do instead, and never carries a secret.
 */
public abstract class DomainException extends RuntimeException {

    /** What kind of rule was broken; the web layer turns it into an HTTP status. */
    public enum Reason {
        /** The addressed thing does not exist (or the caller may not know it does). */
        NOT_FOUND,
        /** The request conflicts with the current state, e.g. a duplicate. */
        CONFLICT,
        /** The request is well-formed but its content is not acceptable. */
        INVALID,
        /** The caller did not prove who they are (a missing or unknown session). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** The request repeats an earlier one's identity (an idempotency key) with different content. */
        UNPROCESSABLE
    }

    private final Reason reason;
    private final String title;

    /**
     * @param title a short title for the problem type, e.g. "Unknown user"
     * @param detail what was wrong and what to do instead
     */
    protected DomainException(Reason reason, String title, String detail) {
        super(detail);
        this.reason = reason;
        this.title = title;
    }

    public Reason reason() {
        return reason;
    }

    /** A short title for the problem type, e.g. "Unknown user". */
    public String title() {
        return title;
    }
}
