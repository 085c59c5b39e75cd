package org.oneplace.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Why a business contacts a customer on a channel; consent is given per channel and purpose. */
public enum ConsentPurpose {
    /** Promotions, newsletters, reminders the customer did not ask for. */
    MARKETING,
    /** Messages about something the customer did: order confirmations, pickup notices, receipts. */
    TRANSACTIONAL,
    /** Conversations with customer service. */
    SERVICE;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConsentPurpose parse(String code) {
        return Arrays.stream(values())
                .filter(p -> p.code().equalsIgnoreCase(code.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not a consent purpose; use one of "
                        + Arrays.stream(values()).map(ConsentPurpose::code).toList()));
    }
}
