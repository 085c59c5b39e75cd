package org.oneplace.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed and lower-cased on construction so that two spellings of one address are equal.
 *
 * @param value the normalised address
 */
public record EmailAddress(String value) {

    // Deliberately permissive (what a person can type and a mail server accepts); deliverability is proven by mail.
    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@([^@\\s.]+\\.)+[^@\\s.]{2,}$");

    public EmailAddress {
        value = value.trim().toLowerCase(Locale.ROOT);
        if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid email address");
        }
    }

    /** Parses an address, trimming and lower-casing it. */
    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
