package org.oneplace.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.oneplace.shared.InvalidValueException;

/**
 * Where the money is. Oneplace records it; a payment service provider (or the till) moves it. A gateway
 * integration later calls {@link OrderService#recordPayment} with these states — that is the port.
 */
public enum PaymentStatus {
    PENDING,
    AUTHORIZED,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    FAILED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PaymentStatus parse(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not a payment status; use one of "
                        + Arrays.stream(values()).map(PaymentStatus::code).toList()));
    }
}
