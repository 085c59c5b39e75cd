package org.oneplace.tracking;

import org.oneplace.platform.DomainException;

/** A tracking request that cannot be accepted; the message says why (Segment answers these with 400). */
public class TrackingException extends DomainException {

    private final String title;

    public TrackingException(Reason reason, String title, String detail) {
        super(reason, detail);
        this.title = title;
    }

    @Override
    public String title() {
        return title;
    }

    public static TrackingException invalid(String detail) {
        return new TrackingException(Reason.INVALID, "Invalid tracking call", detail);
    }

    public static TrackingException tooLarge(String detail) {
        return new TrackingException(Reason.INVALID, "Tracking call too large", detail);
    }
}
