package org.oneplace.channel.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/** HMACs and constant-time comparison, the one place adapters take them from. */
public final class Signatures {

    private Signatures() {}

    public static byte[] hmac(String algorithm, String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Lowercase hex HMAC-SHA256. */
    public static String hmacSha256Hex(String key, byte[] message) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", key, message));
    }

    /** Base64 HMAC-SHA1 (Twilio). */
    public static String hmacSha1Base64(String key, byte[] message) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", key, message));
    }

    public static String sha256Hex(byte[] message) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether two strings are equal, in time that does not depend on where they differ. A missing or empty value
     * never matches, so an unset secret can never be matched by an empty one.
     */
    public static boolean same(@Nullable String expected, @Nullable String given) {
        if (expected == null || given == null || expected.isEmpty() || given.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
