package org.oneplace.shared;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A phone number in E.164 form ({@code +14155550123}), so that every spelling of one number is one identifier.
 *
 * @param value the E.164 form
 */
public record PhoneNumber(String value) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /**
     * Spellings already read, to their E.164 form (and each E.164 form to itself). libphonenumber's regular
     * expressions were a fifth of the CPU of threading an inbound message, which reads the sender's number several
     * times; only valid numbers are kept, and the map is emptied when it grows past {@link #REMEMBERED}.
     */
    private static final Map<String, String> READ = new ConcurrentHashMap<>();

    private static final int REMEMBERED = 20_000;

    public PhoneNumber {
        if (!value.equals(READ.get(value))) {
            if (!value.startsWith("+") || !isValid(value, null)) {
                throw new InvalidValueException("'" + value + "' is not a valid phone number in E.164 form");
            }
            remember(value, value);
        }
    }

    /**
     * Parses what a person or a provider wrote ({@code +1 (415) 555-0123}, {@code 0151 2345 6789}) into E.164.
     * Numbers without a country code are read in {@code defaultRegion} (ISO 3166 code such as {@code DE}); without
     * one they must start with {@code +}.
     *
     * @throws IllegalArgumentException naming the value when it is not a valid number
     */
    public static PhoneNumber parse(String raw, @Nullable String defaultRegion) {
        String trimmed = raw.strip();
        String key = region(defaultRegion) + ' ' + trimmed;
        String known = READ.get(key);
        if (known != null) {
            return new PhoneNumber(known);
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(trimmed, region(defaultRegion));
            if (UTIL.isValidNumber(parsed) && !containsLetters(trimmed)) {
                PhoneNumber number = new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
                remember(key, number.value());
                return number;
            }
        } catch (NumberParseException e) {
            // fall through to the one message below: the caller needs the value, not the parser's reason
        }
        throw new InvalidValueException("'" + raw + "' is not a valid phone number"
                + (defaultRegion == null || defaultRegion.isBlank()
                        ? "; give it with its country code, e.g. +44 20 7946 0958"
                        : " (read in region " + defaultRegion.toUpperCase(Locale.ROOT) + ")"));
    }

    private static boolean isValid(String e164, @Nullable String region) {
        try {
            return UTIL.isValidNumber(UTIL.parse(e164, region(region)));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static void remember(String spelling, String e164) {
        if (READ.size() >= REMEMBERED) {
            READ.clear();
        }
        READ.put(spelling, e164);
    }

    // libphonenumber maps vanity letters (1-800-FLOWERS) to digits; a stored identifier must be what the person has
    private static boolean containsLetters(String raw) {
        return raw.chars().anyMatch(Character::isLetter);
    }

    private static String region(@Nullable String region) {
        return region == null || region.isBlank() ? "ZZ" : region.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
