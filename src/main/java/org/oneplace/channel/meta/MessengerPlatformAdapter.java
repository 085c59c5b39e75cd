package org.oneplace.channel.meta;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.DeliveryReceipt;
import org.oneplace.channel.DeliveryStatus;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.Ids;
import org.oneplace.channel.internal.ProviderHttp;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Messenger Platform's format, which Messenger ({@code object: page}) and Instagram ({@code object:
 * instagram}) share (RELIABILITY §1.3): {@code entry[].messaging[]} with {@code sender.id}, {@code message.mid}
 * (the de-duplication key) and echoes of what the page itself sent, which are never customer messages — an echo of
 * ours carries our id in {@code metadata} and confirms the send.
 */
abstract class MessengerPlatformAdapter implements MetaAdapter {

    static final String DEFAULT_API = "https://graph.facebook.com/v21.0";

    private final JsonMapper json;
    private final ProviderHttp http;

    MessengerPlatformAdapter(JsonMapper json, ProviderHttp http) {
        this.json = json;
        this.http = http;
    }

    /** The webhook's {@code object}. */
    abstract String object();

    /** The identifier type of the sender's scoped id. */
    abstract IdentifierType senderType();

    @Override
    public String webhookPath() {
        return type().code();
    }

    @Override
    public Settings settings() {
        return new Settings(
                Set.of("pageId", "pageAccessToken", "appSecret", "verifyToken"),
                Set.of("apiBaseUrl"),
                Set.of("pageAccessToken", "appSecret", "verifyToken"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(senderType());
    }

    @Override
    public int maxLength() {
        return 2000;
    }

    @Override
    public boolean addressedTo(ChannelAccount account, WebhookRequest request) {
        JsonNode body = MetaWebhooks.parse(json, request.body());
        if (body == null) {
            return true;
        }
        for (JsonNode entry : body.path("entry")) {
            String id = entry.path("id").asString("");
            if (!id.isEmpty() && !id.equals(account.setting("pageId"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        MetaWebhooks.require(json, request.body(), object());
        return MetaWebhooks.bodyKey(request.body());
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        return MetaWebhooks.require(json, request.body(), object())
                .path("entry")
                .path(0)
                .path("messaging")
                .path(0)
                .path("sender")
                .path("id")
                .asString(null);
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        JsonNode body = MetaWebhooks.require(json, request.body(), object());
        List<InboundMessage> messages = new ArrayList<>();
        List<DeliveryReceipt> receipts = new ArrayList<>();
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode item : entry.path("messaging")) {
                Instant at = millis(item.path("timestamp").asString(""), request.receivedAt());
                JsonNode message = item.path("message");
                if (message.path("is_echo").asBoolean(false)) {
                    UUID ours = Ids.uuidOrNull(message.path("metadata").asString(null));
                    if (ours != null) {
                        receipts.add(new DeliveryReceipt(
                                message.path("mid").asString(null), ours, DeliveryStatus.SENT, at, null));
                    }
                    continue;
                }
                if (item.has("delivery")) {
                    for (JsonNode mid : item.path("delivery").path("mids")) {
                        receipts.add(new DeliveryReceipt(mid.asString(), null, DeliveryStatus.DELIVERED, at, null));
                    }
                    continue;
                }
                if (!item.has("message")) {
                    continue; // reads by watermark, postbacks, reactions: not messages
                }
                String sender = item.path("sender").path("id").asString("");
                String mid = message.path("mid").asString("");
                if (sender.isEmpty() || mid.isEmpty()) {
                    throw new UnusableEventException("a message without 'sender.id' or 'mid'");
                }
                List<InboundMessage.Attachment> attachments = new ArrayList<>();
                for (JsonNode attachment : message.path("attachments")) {
                    attachments.add(new InboundMessage.Attachment(
                            attachment.path("type").asString("file"),
                            null,
                            null,
                            attachment.path("payload").path("url").asString("")));
                }
                messages.add(new InboundMessage(
                        mid,
                        List.of(IdentifierClaim.verified(senderType(), sender)),
                        null,
                        sender,
                        "message",
                        message.path("text").asString(""),
                        attachments,
                        at,
                        message.path("reply_to").path("mid").asString(null),
                        List.of(),
                        Map.of()));
            }
        }
        return new Inbound(messages, receipts);
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("recipient").put("id", message.to());
        body.put("messaging_type", "RESPONSE");
        body.putObject("message")
                .put("text", message.content())
                .put("metadata", message.messageId().toString());
        String url = account.setting("apiBaseUrl", DEFAULT_API) + "/" + account.setting("pageId") + "/messages";
        return http.send(
                ProviderHttp.post(url)
                        .header("Authorization", "Bearer " + account.setting("pageAccessToken"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))),
                answer -> {
                    String id = json.readTree(answer.body()).path("message_id").asString("");
                    return id.isEmpty()
                            ? new SendOutcome.Unknown(type().label() + " accepted the message but named no id")
                            : new SendOutcome.Sent(id);
                },
                answer -> {
                    JsonNode error = MetaWebhooks.parse(json, answer.body().getBytes(StandardCharsets.UTF_8));
                    return error == null
                            ? type().label() + " refused the message"
                            : type().label() + " error "
                                    + error.path("error").path("code").asString("?") + ": "
                                    + error.path("error").path("message").asString("");
                },
                answer -> Optional.empty());
    }

    private static Instant millis(String value, Instant fallback) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Component
    static class MessengerAdapter extends MessengerPlatformAdapter {
        MessengerAdapter(JsonMapper json, ProviderHttp http) {
            super(json, http);
        }

        @Override
        public org.oneplace.shared.ChannelType type() {
            return org.oneplace.shared.ChannelType.MESSENGER;
        }

        @Override
        String object() {
            return "page";
        }

        @Override
        IdentifierType senderType() {
            return IdentifierType.MESSENGER;
        }
    }

    @Component
    static class InstagramAdapter extends MessengerPlatformAdapter {
        InstagramAdapter(JsonMapper json, ProviderHttp http) {
            super(json, http);
        }

        @Override
        public org.oneplace.shared.ChannelType type() {
            return org.oneplace.shared.ChannelType.INSTAGRAM;
        }

        @Override
        String object() {
            return "instagram";
        }

        @Override
        IdentifierType senderType() {
            return IdentifierType.INSTAGRAM;
        }
    }
}
