package org.oneplace.fulfilment;

import java.util.UUID;
import org.oneplace.platform.DomainException;

/** A fulfilment rule a request broke. */
public class FulfilmentException extends DomainException {

    FulfilmentException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    static FulfilmentException unknownReturn(UUID id) {
        return new FulfilmentException(Reason.NOT_FOUND, "Unknown return", "There is no return " + id + ".");
    }

    static FulfilmentException wrongCode(long number) {
        return new FulfilmentException(
                Reason.FORBIDDEN,
                "Wrong pickup code",
                "The code does not match order #" + number + "'s pickup code; ask for the code from the notice, or"
                        + " check the customer's identity and hand over with identityChecked=true.");
    }

    static FulfilmentException notReady(long number, String status) {
        return new FulfilmentException(
                Reason.CONFLICT,
                "Pickup not ready",
                "Order #" + number + " is not waiting at the counter (" + status + ").");
    }

    static FulfilmentException alreadyReceived(UUID id) {
        return new FulfilmentException(
                Reason.CONFLICT, "Return already received", "The return " + id + " was received already.");
    }

    static FulfilmentException invalid(String detail) {
        return new FulfilmentException(Reason.INVALID, "Invalid request", detail);
    }
}
