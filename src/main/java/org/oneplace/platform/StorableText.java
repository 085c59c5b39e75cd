package org.oneplace.platform;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The one rule for text a client sends: PostgreSQL cannot store the NUL character (U+0000) in text, and the JDBC
 * driver silently turns an unpaired surrogate (a lone half of a UTF-16 pair, such as {@code "\ud800"}) into
 * {@code ?}, so that two different identifiers could become one. Neither has a meaning in any field we keep.
 *
 * <p>Requests are checked once, where they are read ({@code TextGuardFilter} for every JSON body and query string),
 * and refused with 400 naming the field. Provider webhooks must be acknowledged whatever they carry: their text is
 * {@link #repaired} instead (NUL removed, unpaired surrogates replaced by U+FFFD) and the message records it.
 */
public final class StorableText {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private StorableText() {}

    /** What is wrong with a text, in words a client can act on; empty when PostgreSQL can store it as it is. */
    public static Optional<String> problem(@Nullable CharSequence text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Optional.of("contains the NUL character (U+0000), which cannot be stored; remove it");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of(unpaired(c));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of(unpaired(c));
            }
        }
        return Optional.empty();
    }

    private static String unpaired(char c) {
        return String.format(
                "contains an unpaired surrogate (U+%04X), which is not a character and cannot be stored; send valid"
                        + " UTF-8 or a complete \\uD83D\\uDE00-style pair",
                (int) c);
    }

    /** Whether a text can be stored as it is. */
    public static boolean storable(@Nullable CharSequence text) {
        return problem(text).isEmpty();
    }

    /** The text with NUL characters removed and unpaired surrogates replaced by U+FFFD; the same text when clean. */
    public static String repaired(String text) {
        if (storable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** As {@link #repaired(String)}, keeping null. */
    public static @Nullable String repairedOrNull(@Nullable String text) {
        return text == null ? null : repaired(text);
    }

    /** A field of a JSON document that cannot be stored: its JSON Pointer (RFC 6901) and what is wrong. */
    public record Finding(String pointer, String problem) {}

    /**
     * The first string or field name of a JSON document that cannot be stored; empty when there is none or the
     * document is not JSON (its reader reports that). A byte scan decides first whether the document can hold such
     * a string at all — a {@code \\u0000} or surrogate escape, a raw NUL, or a byte sequence that is not strict
     * UTF-8 — so a clean document is never parsed twice.
     */
    public static Optional<Finding> firstUnstorable(byte[] json) {
        if (!mayHoldUnstorable(json)) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME || token == JsonToken.VALUE_STRING) {
                    Optional<String> problem = problem(parser.getString());
                    if (problem.isPresent()) {
                        String pointer =
                                parser.streamReadContext().pathAsPointer().toString();
                        String what = token == JsonToken.PROPERTY_NAME ? "the name of field " : "field ";
                        return Optional.of(new Finding(
                                pointer.isEmpty() ? "/" : pointer,
                                (pointer.isEmpty() ? "the body " : what + "'" + pointer + "' ") + problem.get()));
                    }
                }
            }
        } catch (JacksonException notJson) {
            // the body's own reader answers with where the JSON breaks
        }
        return Optional.empty();
    }

    /**
     * A cheap scan for anything that can decode to NUL or an unpaired surrogate: the escapes {@code \\u0000} and
     * {@code \\uD800}–{@code \\uDFFF} (a well-formed pair is fine), a raw NUL byte, and UTF-8 that is not strict
     * (overlong forms such as {@code C0 80}, encoded surrogates {@code ED A0..BF}, bytes that never occur).
     */
    static boolean mayHoldUnstorable(byte[] b) {
        int n = b.length;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == '\\') {
                if (i + 1 < n && b[i + 1] == 'u') {
                    int value = hex4(b, i + 2);
                    if (value == 0) {
                        return true;
                    }
                    if (value >= 0xD800 && value <= 0xDBFF) {
                        int low = i + 7 < n && b[i + 6] == '\\' && b[i + 7] == 'u' ? hex4(b, i + 8) : -1;
                        if (low < 0xDC00 || low > 0xDFFF) {
                            return true;
                        }
                        i += 11;
                        continue;
                    }
                    if (value >= 0xDC00 && value <= 0xDFFF) {
                        return true;
                    }
                    i += 5;
                } else {
                    i++; // an escaped character, '\\' among them: never the start of another escape
                }
            } else if (c == 0) {
                return true;
            } else if (c >= 0x80) {
                int length = strictUtf8Length(b, i);
                if (length < 0) {
                    return true;
                }
                i += length - 1;
            }
        }
        return false;
    }

    private static int hex4(byte[] b, int from) {
        if (from + 4 > b.length) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(b[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** The length of the strict UTF-8 sequence starting at {@code i} (RFC 3629), or -1 when it is not one. */
    private static int strictUtf8Length(byte[] b, int i) {
        int c = b[i] & 0xFF;
        int length;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) {
                min2 = 0xA0; // shorter forms are overlong
            } else if (c == 0xED) {
                max2 = 0x9F; // ED A0..BF would encode a surrogate
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) {
                min2 = 0x90;
            } else if (c == 0xF4) {
                max2 = 0x8F;
            }
        } else {
            return -1;
        }
        if (i + length > b.length) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min2 || second > max2) {
            return -1;
        }
        for (int k = i + 2; k < i + length; k++) {
            int next = b[k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return length;
    }
}
