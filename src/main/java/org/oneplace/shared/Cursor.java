package org.oneplace.shared;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Where a page of a list ended: the sort key of its last row (a time and an id, a name and an id …), handed to the
 * client as one opaque token ({@code nextCursor}) and given back as {@code ?cursor=} for the next page. Every list
 * encodes it the same way, and every token it did not give out is the same 400.
 */
public final class Cursor {

    private static final String SEPARATOR = "\u001f";

    private final String token;
    private final List<String> parts;

    private Cursor(String token, List<String> parts) {
        this.token = token;
        this.parts = parts;
    }

    /** The token for a position given by its sort key values, in order. */
    public static String of(Object... parts) {
        String joined = Arrays.stream(parts).map(String::valueOf).collect(Collectors.joining(SEPARATOR));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a token names; null for no token (the first page).
     *
     * @param size how many key values this list's tokens hold
     * @throws InvalidValueException when it is not a token of this list
     */
    public static @Nullable Cursor parse(@Nullable String token, int size) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        // only the last value may hold anything (a name): the others are times, ids and numbers
        List<String> parts = List.of(decoded.split(SEPARATOR, size));
        if (parts.size() != size) {
            throw invalid(token);
        }
        return new Cursor(token, parts);
    }

    public String text(int index) {
        return parts.get(index);
    }

    public UUID uuid(int index) {
        try {
            return UUID.fromString(parts.get(index));
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
    }

    /** A count or position, never negative. */
    public long number(int index) {
        try {
            long value = Long.parseLong(parts.get(index));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(token);
    }

    public Instant instant(int index) {
        try {
            return Instant.parse(parts.get(index));
        } catch (RuntimeException e) {
            throw invalid(token);
        }
    }

    private static InvalidValueException invalid(String token) {
        String shown = token.length() > 60 ? token.substring(0, 60) + "…" : token;
        return new InvalidValueException(
                "cursor", "'" + shown + "' is not a cursor this list gave out; ask for the first page without one.");
    }
}
