package org.oneplace.channel;

import java.util.Locale;

/**
 * Where an outbound message is. {@code queued → sending → sent → delivered → read}; {@code retrying} waits for the
 * next attempt, {@code unknown} means the provider may or may not have taken it (a timeout after the request was
 * sent) and is never resent blindly, {@code failed} is final except that a later {@code delivered} or {@code read}
 * receipt proves otherwise.
 */
public enum DeliveryStatus {
    QUEUED(0),
    RETRYING(0),
    SENDING(1),
    UNKNOWN(1),
    SENT(2),
    DELIVERED(3),
    READ(4),
    FAILED(5);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /**
     * Whether a receipt saying {@code next} may replace this status: statuses only move forward (providers deliver
     * receipts out of order), a failure ends everything but proof of delivery, and nothing moves a read message back.
     */
    public boolean canMoveTo(DeliveryStatus next) {
        if (this == READ || this == next) {
            return false;
        }
        if (this == FAILED) {
            return next == READ || next == DELIVERED;
        }
        return next == FAILED || next.rank > rank;
    }
}
