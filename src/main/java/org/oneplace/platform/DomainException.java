package org.oneplace.platform;

import org.jspecify.annotations.Nullable;

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
    private final @Nullable String field;

    /**
     * @param title a short title for the problem type, e.g. "Unknown user"
     * @param detail what was wrong and what to do instead
     */
    protected DomainException(Reason reason, String title, String detail) {
        this(reason, title, detail, null);
    }

    /** @param field the request field at fault (a path like {@code steps[2].duration}), answered as {@code field} */
    protected DomainException(Reason reason, String title, String detail, @Nullable String field) {
        super(detail);
        this.reason = reason;
        this.title = title;
        this.field = field;
    }

    /** The request field at fault, when one is. */
    public @Nullable String field() {
        return field;
    }

    public Reason reason() {
        return reason;
    }

    /** A short title for the problem type, e.g. "Unknown user". */
    public String title() {
        return title;
    }
}
