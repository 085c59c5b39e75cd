package org.oneplace.routing;

import org.oneplace.platform.DomainException;

public class RoutingException extends DomainException {

    RoutingException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    static RoutingException invalid(String detail) {
        return new RoutingException(Reason.INVALID, "Invalid SLA policy", detail);
    }

    static RoutingException conflict(String detail) {
        return new RoutingException(Reason.CONFLICT, "SLA policy exists", detail);
    }

    static RoutingException noSla(Object id) {
        return new RoutingException(
                Reason.NOT_FOUND, "No SLA", "The conversation " + id + " has no SLA (no policy covers it).");
    }
}
