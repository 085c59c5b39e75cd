package org.oneplace.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a customer stands on one channel and purpose: {@code GRANTED} (opted in), {@code DENIED} (asked and said
 * no), {@code REVOKED} (opted in once, then withdrew, e.g. by replying STOP).
 */
public enum ConsentStatus {
    GRANTED,
    DENIED,
    REVOKED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConsentStatus parse(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equalsIgnoreCase(code.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not a consent status; use one of "
                        + Arrays.stream(values()).map(ConsentStatus::code).toList()));
    }
}
