package org.oneplace.staff;

import org.oneplace.platform.DomainException;

/** A staff rule a request broke; the message says which and what to do instead. */
public class StaffException extends DomainException {

    StaffException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    static StaffException unknownUser(Object id) {
        return new StaffException(Reason.NOT_FOUND, "Unknown user", "There is no user " + id + ".");
    }

    static StaffException unknownToken(Object id) {
        return new StaffException(Reason.NOT_FOUND, "Unknown API token", "There is no API token " + id + ".");
    }

    static StaffException unknownWriteKey(Object id) {
        return new StaffException(Reason.NOT_FOUND, "Unknown write key", "There is no write key " + id + ".");
    }

    static StaffException emailTaken(String email) {
        return new StaffException(
                Reason.CONFLICT,
                "Email in use",
                "A user with the email " + email + " already exists; update that user instead.");
    }

    static StaffException resetLinkUnusable() {
        return new StaffException(
                Reason.INVALID,
                "Password reset link expired",
                "This password reset link has expired or was already used; ask for a new one on the sign-in page.");
    }

    static StaffException invalid(String detail) {
        return new StaffException(Reason.INVALID, "Invalid request", detail);
    }

    static StaffException notFound(String what, Object id) {
        return new StaffException(Reason.NOT_FOUND, "Unknown " + what, "There is no " + what + " " + id + ".");
    }

    static StaffException conflict(String detail) {
        return new StaffException(Reason.CONFLICT, "Conflict", detail);
    }

    static StaffException forbidden(String detail) {
        return new StaffException(Reason.FORBIDDEN, "Forbidden", detail);
    }
}
