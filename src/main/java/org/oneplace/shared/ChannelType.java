package org.oneplace.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The channels a business meets its customers on. Tracking sources (web, app, store) and messaging channels share
 * this vocabulary so that reports and the timeline can name where something happened.
 */
public enum ChannelType {
    WEB("Web"),
    APP("App"),
    STORE("Store"),
    EMAIL("Email"),
    WEBCHAT("Web chat"),
    WHATSAPP("WhatsApp"),
    MESSENGER("Messenger"),
    INSTAGRAM("Instagram"),
    SMS("SMS"),
    TELEGRAM("Telegram"),
    PHONE("Phone"),
    PUSH("Push"),
    API("API");

    private final String label;

    ChannelType(String label) {
        this.label = label;
    }

    /** The name people read, e.g. "WhatsApp". */
    public String label() {
        return label;
    }

    /** The channels on which a business can contact a person, so those consent is asked and kept for. */
    public static final java.util.Set<ChannelType> CONSENT_CHANNELS = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(EMAIL, SMS, WHATSAPP, PUSH, MESSENGER, INSTAGRAM, TELEGRAM, PHONE));

    /** The lower-case name used in URLs and JSON, e.g. {@code whatsapp}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Finds a channel by its code, ignoring case. */
    public static Optional<ChannelType> fromCode(String code) {
        return Arrays.stream(values())
                .filter(c -> c.code().equalsIgnoreCase(code.trim()))
                .findFirst();
    }

    /** Like {@link #fromCode} but rejects an unknown code with a message that lists the known ones. */
    @JsonCreator
    public static ChannelType parse(String code) {
        return fromCode(code)
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not a channel; use one of "
                        + Arrays.stream(values()).map(ChannelType::code).toList()));
    }
}
