package org.oneplace.channel.meta;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.Signatures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What WhatsApp, Messenger and Instagram webhooks share (RELIABILITY §1.1): the {@code hub.challenge} handshake
 * and {@code X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256 of the raw body with the app secret>}.
 */
public final class MetaWebhooks {

    private MetaWebhooks() {}

    /** The challenge, when the mode is {@code subscribe} and the token is the account's (never an empty one). */
    public static Optional<String> handshake(ChannelAccount account, WebhookRequest request) {
        String challenge = request.queryParam("hub.challenge");
        if (!"subscribe".equals(request.queryParam("hub.mode")) || challenge == null) {
            return Optional.empty();
        }
        return Signatures.same(account.setting("verifyToken"), request.queryParam("hub.verify_token"))
                ? Optional.of(challenge)
                : Optional.empty();
    }

    /** Whether the raw body carries the account's app secret signature; the SHA-1 header alone is not enough. */
    public static boolean authentic(ChannelAccount account, WebhookRequest request) {
        String secret = account.setting("appSecret");
        String given = request.header("X-Hub-Signature-256");
        if (secret == null || given == null) {
            return false;
        }
        return Signatures.same("sha256=" + Signatures.hmacSha256Hex(secret, request.body()), given);
    }

    /** The parsed body, or {@code null} when it is not JSON. */
    public static @Nullable JsonNode parse(JsonMapper json, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null || !node.isObject() ? null : node;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The parsed body of a request whose object is {@code expected}, or an unusable-event exception. */
    public static JsonNode require(JsonMapper json, byte[] body, String expected) {
        JsonNode node = parse(json, body);
        if (node == null) {
            throw new ChannelAdapter.UnusableEventException("unparseable: the body is not a JSON object");
        }
        if (!expected.equals(node.path("object").asString(""))) {
            throw new ChannelAdapter.UnusableEventException(
                    "unexpected object '" + node.path("object").asString("") + "', expected '" + expected + "'");
        }
        return node;
    }

    /** The de-duplication key of a Meta delivery: its bytes (a redelivery repeats them exactly). */
    public static String bodyKey(byte[] body) {
        return "sha256:" + Signatures.sha256Hex(body);
    }
}
