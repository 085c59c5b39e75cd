package org.oneplace.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, trimmed and lower-cased on construction so that two spellings of one address are equal.
 *
 * @param value the normalised address
 */
public record EmailAddress(String value) {

    // What a person can type and a mail server accepts (RFC 5322 dot-atom, with Unicode letters for internationalised
    // addresses, RFC 6531): no quoted local parts, brackets, spaces or control characters, so that an "address" such
    // as <script>…</script>@x.test is refused wherever an address is taken. Deliverability is proven by mail.
    private static final Pattern SHAPE = Pattern.compile("^(?=.{1,64}@)[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+"
            + "(?:\\.[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]+)*"
            + "@(?:[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?\\.)+"
            + "(?:\\p{L}[\\p{L}\\p{M}]{1,62}|xn--[\\p{L}\\p{N}-]{1,59})$");

    public EmailAddress {
        value = value.trim().toLowerCase(Locale.ROOT);
        if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("'" + value + "' is not a valid email address");
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
