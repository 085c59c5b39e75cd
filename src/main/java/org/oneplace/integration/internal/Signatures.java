package org.oneplace.integration.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Standard Webhooks signing. A secret is {@code whsec_} and the base64 of 24 random bytes (the key); a message is
 * signed as {@code v1,} and the base64 of HMAC-SHA256 over {@code id.timestamp.body} with the key. An endpoint's
 * secrets are kept newest first; while a rotated-out one has not expired, both sign (the header carries the
 * signatures space-separated), so a receiver can switch secrets without missing a delivery.
 */
final class Signatures {

    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<List<Secret>> SECRETS = new TypeReference<>() {};

    private Signatures() {}

    /** A stored secret; {@code expiresAt} null while it is the current one. */
    record Secret(String secret, @Nullable Instant expiresAt) {

        @Override
        public String toString() {
            return "Secret[expiresAt=" + expiresAt + "]"; // never the secret itself
        }
    }

    static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    static List<Secret> read(JsonMapper json, String secrets) {
        return json.readValue(secrets, SECRETS);
    }

    static String write(JsonMapper json, List<Secret> secrets) {
        return json.writeValueAsString(secrets);
    }

    /** At most this many secrets sign at once: rotating again and again does not grow the header without end. */
    private static final int MAX_SIGNING = 3;

    /**
     * The secrets after a rotation: the new one first, the current one until {@code oldUntil}, expired ones gone, at
     * most {@value #MAX_SIGNING} in all.
     */
    static List<Secret> rotated(List<Secret> secrets, String fresh, Instant now, Instant oldUntil) {
        List<Secret> next = new ArrayList<>();
        next.add(new Secret(fresh, null));
        for (Secret s : secrets) {
            if (next.size() == MAX_SIGNING) {
                break;
            }
            Instant expires = s.expiresAt() == null ? oldUntil : s.expiresAt();
            if (expires.isAfter(now)) {
                next.add(new Secret(s.secret(), expires));
            }
        }
        return next;
    }

    /** The {@code webhook-signature} header: one {@code v1,…} per secret still valid at {@code now}. */
    static String header(List<Secret> secrets, String id, long timestamp, String body, Instant now) {
        List<String> signatures = new ArrayList<>();
        for (Secret s : secrets) {
            if (s.expiresAt() == null || s.expiresAt().isAfter(now)) {
                signatures.add("v1," + sign(s.secret(), id, timestamp, body));
            }
        }
        return String.join(" ", signatures);
    }

    static String sign(String secret, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
