package org.oneplace.order;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an order is. */
public enum OrderStatus {
    /** Checked out; units reserved (ship, pickup). */
    PLACED,
    /** Waiting at the store's counter. */
    READY_FOR_PICKUP,
    /** Handed over at the counter. */
    COLLECTED,
    /** Left the warehouse with a carrier. */
    SHIPPED,
    /** The carrier delivered it. */
    DELIVERED,
    /** Bought at a till: done on the spot. */
    COMPLETED,
    /** Cancelled (by a person, or a pickup nobody came for); its units were released. */
    CANCELLED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderStatus parse(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Whether the customer has the goods, so they can be returned. */
    public boolean withCustomer() {
        return this == COLLECTED || this == DELIVERED || this == COMPLETED;
    }
}
