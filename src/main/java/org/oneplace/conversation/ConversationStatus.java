package org.oneplace.conversation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.oneplace.shared.InvalidValueException;

/** Where a conversation stands: {@code open}, {@code resolved}, or {@code merged} into another one. */
public enum ConversationStatus {
    OPEN,
    RESOLVED,
    MERGED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ConversationStatus parse(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equalsIgnoreCase(code.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException(
                        "status", "'" + code + "' is not a status; use open, resolved or merged."));
    }
}
