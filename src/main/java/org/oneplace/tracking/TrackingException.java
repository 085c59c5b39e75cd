package org.oneplace.tracking;

import org.oneplace.platform.DomainException;

/** A tracking request that cannot be accepted; the message says why (Segment answers these with 400). */
public class TrackingException extends DomainException {

    public TrackingException(Reason reason, String title, String detail) {
        super(reason, title, detail);
    }

    public static TrackingException invalid(String detail) {
        return new TrackingException(Reason.INVALID, "Invalid tracking call", detail);
    }

    public static TrackingException tooLarge(String detail) {
        return new TrackingException(Reason.INVALID, "Tracking call too large", detail);
    }
}
