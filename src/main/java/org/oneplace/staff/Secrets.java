package org.oneplace.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.oneplace.shared.RandomTokens;

/** Random secrets (tokens, keys, initial passwords) and the one-way hash under which tokens are stored. */
final class Secrets {

    private Secrets() {}

    /** A URL-safe random string with {@code bytes} bytes of entropy and a recognisable prefix. */
    static String random(String prefix, int bytes) {
        return RandomTokens.of(prefix, bytes);
    }

    /**
     * SHA-256, hex. Enough for tokens: they carry 256 random bits, so unlike passwords they need no slow hash to
     * resist guessing, and a fast one keeps per-request authentication cheap.
     */
    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
