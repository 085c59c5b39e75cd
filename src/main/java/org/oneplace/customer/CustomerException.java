package org.oneplace.customer;

import java.util.UUID;
import org.oneplace.platform.DomainException;

/** A customer rule a request broke; the message says which and what to do instead. */
public class CustomerException extends DomainException {

    CustomerException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static CustomerException unknownCustomer(UUID id) {
        return new CustomerException(
                Reason.NOT_FOUND, "Unknown customer", "There is no customer " + id + " (or it was erased).");
    }

    static CustomerException noMatch(IdentifierType type, String value) {
        return new CustomerException(
                Reason.NOT_FOUND, "No such customer", "No customer has the " + type.code() + " '" + value + "'.");
    }

    public static CustomerException unknownMerge(UUID id) {
        return new CustomerException(Reason.NOT_FOUND, "Unknown merge", "There is no merge " + id + ".");
    }

    public static CustomerException alreadyUndone(UUID id) {
        return new CustomerException(
                Reason.CONFLICT, "Merge already undone", "The merge " + id + " was undone already.");
    }

    public static CustomerException undoRefused(String why) {
        return new CustomerException(
                Reason.CONFLICT, "Merge cannot be undone", "The merge cannot be undone: " + why + ".");
    }

    public static CustomerException mergeRefused(String why) {
        return new CustomerException(
                Reason.CONFLICT,
                "Merge refused",
                "These customers cannot be merged: " + why + ". Resolve the conflict on the customers first.");
    }

    public static CustomerException heldByAnother(IdentifierType type, String value) {
        return new CustomerException(
                Reason.CONFLICT,
                "Identifier held by another customer",
                "The " + type.code() + " '" + value + "' belongs to another customer. Add it with \"verified\": true"
                        + " if the person proved it (the two customers are then merged), or merge them by hand.");
    }

    public static CustomerException limitReached(IdentifierType type, int limit) {
        return new CustomerException(
                Reason.CONFLICT,
                "Identifier limit reached",
                "The customer already has " + limit + " identifiers of type " + type.code()
                        + " (oneplace.customer.limits); remove one first.");
    }

    static CustomerException confirmationMissing(UUID id) {
        return new CustomerException(
                Reason.INVALID,
                "Confirmation missing",
                "Erasing a customer cannot be undone; repeat the request with ?confirm=" + id
                        + " to confirm that this customer is meant.");
    }

    static CustomerException invalidCursor(String cursor) {
        return new CustomerException(
                Reason.INVALID, "Invalid cursor", "'" + cursor + "' is not a cursor this list gave out.");
    }
}
