package org.oneplace.customer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.StorableText;
import org.oneplace.shared.EmailAddress;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.shared.PhoneNumber;

/** The kinds of identifier a customer can carry; one identifier belongs to at most one live customer. */
public enum IdentifierType {
    /** The business's own login id. */
    USER_ID,
    EMAIL,
    /** E.164. */
    PHONE,
    /** A browser or app install, as sent by tracking SDKs. */
    ANONYMOUS_ID,
    LOYALTY_ID,
    /** A WhatsApp {@code wa_id}; kept as given even when it is not a valid phone number. */
    WHATSAPP,
    /** A Messenger page-scoped id. */
    MESSENGER,
    /** An Instagram-scoped id. */
    INSTAGRAM,
    /** A Telegram user id. */
    TELEGRAM;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static IdentifierType parse(String code) {
        return Arrays.stream(values())
                .filter(t -> t.code().equalsIgnoreCase(code.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("'" + code + "' is not an identifier type; use one of "
                        + Arrays.stream(values()).map(IdentifierType::code).toList()));
    }

    /** The key of an identifier of this type, {@code type:value}, as merge records and lookups name it. */
    public String key(String value) {
        return code() + ":" + value;
    }

    /**
     * The canonical form of a value of this type: emails trimmed and lower-cased, phones in E.164 (numbers without a
     * country code read in {@code defaultRegion}), other ids trimmed.
     *
     * @throws IllegalArgumentException naming the value when it is not valid for this type
     */
    public String normalise(String raw, @Nullable String defaultRegion) {
        return switch (this) {
            case EMAIL -> EmailAddress.of(raw).value();
            case PHONE -> PhoneNumber.parse(raw, defaultRegion).value();
            default -> {
                String value = raw.strip();
                if (value.isEmpty() || value.length() > 200) {
                    throw new InvalidValueException(
                            "'" + raw + "' is not a valid " + code() + ": it must have 1 to 200 characters");
                }
                if (value.chars().anyMatch(Character::isISOControl)) {
                    throw new InvalidValueException(
                            "The " + code() + " contains control characters; send it without them");
                }
                if (!StorableText.storable(value)) {
                    throw new InvalidValueException(
                            "The " + code() + " " + StorableText.problem(value).orElseThrow());
                }
                yield value;
            }
        };
    }
}
