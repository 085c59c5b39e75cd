package org.oneplace.shared;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable, URL-safe random strings: API tokens, chat sessions, the links in marketing messages. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {}

    /** {@code bytes} random bytes, base64url without padding, after a recognisable prefix (may be empty). */
    public static String of(String prefix, int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
