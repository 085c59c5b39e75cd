package org.oneplace.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.oneplace.shared.InvalidValueException;

/** How an order reaches the customer. */
public enum FulfilmentType {
    /** Sent from a warehouse (or a store) to an address. */
    SHIP,
    /** Collected at a store; the units are reserved there when the order is placed. */
    PICKUP,
    /** Bought at a store's till; the units leave that store's shelf at once. */
    IN_STORE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FulfilmentType parse(String code) {
        return Arrays.stream(values())
                .filter(t -> t.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException(
                        "'" + code + "' is not a fulfilment type; use one of" + " ship, pickup, in_store"));
    }
}
