package org.oneplace.channel.whatsapp;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.DeliveryReceipt;
import org.oneplace.channel.DeliveryStatus;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.MessageTemplate;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.Ids;
import org.oneplace.channel.internal.ProviderHttp;
import org.oneplace.channel.meta.MetaAdapter;
import org.oneplace.channel.meta.MetaWebhooks;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.PhoneNumber;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * WhatsApp Cloud API (RELIABILITY §1.2): {@code messages} and {@code statuses} in the
 * {@code whatsapp_business_account} envelope, routed by {@code metadata.phone_number_id}; sends through
 * {@code POST {apiBaseUrl}/{phoneNumberId}/messages} with our message id in {@code biz_opaque_callback_data}, so a
 * status webhook names the message even when the send's answer was lost.
 */
@Component
class WhatsAppAdapter implements MetaAdapter {

    static final String DEFAULT_API = "https://graph.facebook.com/v21.0";

    private final JsonMapper json;
    private final ProviderHttp http;

    WhatsAppAdapter(JsonMapper json, ProviderHttp http) {
        this.json = json;
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WHATSAPP;
    }

    @Override
    public String webhookPath() {
        return "whatsapp";
    }

    @Override
    public Settings settings() {
        return new Settings(
                Set.of("phoneNumberId", "accessToken", "appSecret", "verifyToken"),
                Set.of("apiBaseUrl"),
                Set.of("accessToken", "appSecret", "verifyToken"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(IdentifierType.WHATSAPP, IdentifierType.PHONE);
    }

    @Override
    public int maxLength() {
        return 4096;
    }

    @Override
    public boolean addressedTo(ChannelAccount account, WebhookRequest request) {
        JsonNode body = MetaWebhooks.parse(json, request.body());
        if (body == null) {
            return true; // authentic but unreadable: stored and quarantined for this account
        }
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                String id = change.path("value")
                        .path("metadata")
                        .path("phone_number_id")
                        .asString("");
                if (!id.isEmpty() && !id.equals(account.setting("phoneNumberId"))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        MetaWebhooks.require(json, request.body(), "whatsapp_business_account");
        return MetaWebhooks.bodyKey(request.body());
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        JsonNode value = MetaWebhooks.require(json, request.body(), "whatsapp_business_account")
                .path("entry")
                .path(0)
                .path("changes")
                .path(0)
                .path("value");
        String from = value.path("messages").path(0).path("from").asString("");
        return from.isEmpty()
                ? value.path("statuses").path(0).path("recipient_id").asString(null)
                : from;
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        JsonNode body = MetaWebhooks.require(json, request.body(), "whatsapp_business_account");
        List<InboundMessage> messages = new ArrayList<>();
        List<DeliveryReceipt> receipts = new ArrayList<>();
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                Map<String, String> names = new LinkedHashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    names.put(
                            contact.path("wa_id").asString(""),
                            contact.path("profile").path("name").asString(""));
                }
                for (JsonNode message : value.path("messages")) {
                    messages.add(message(message, names, request.receivedAt()));
                }
                for (JsonNode status : value.path("statuses")) {
                    receipt(status, request.receivedAt()).ifPresent(receipts::add);
                }
            }
        }
        return new Inbound(messages, receipts);
    }

    private InboundMessage message(JsonNode message, Map<String, String> names, Instant received) {
        String from = message.path("from").asString("");
        String id = message.path("id").asString("");
        if (from.isEmpty() || id.isEmpty()) {
            throw new UnusableEventException("a message without 'from' or 'id'");
        }
        List<IdentifierClaim> sender = new ArrayList<>();
        sender.add(IdentifierClaim.verified(IdentifierType.WHATSAPP, from));
        // a wa_id is usually the number without '+', but not always: only a valid number becomes a phone
        try {
            sender.add(IdentifierClaim.verified(
                    IdentifierType.PHONE, PhoneNumber.parse("+" + from, null).value()));
        } catch (IllegalArgumentException e) {
            // kept as a WhatsApp id only
        }
        String type = message.path("type").asString("text");
        JsonNode typed = message.path(type);
        String content;
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        if ("text".equals(type)) {
            content = typed.path("body").asString("");
        } else if (typed.has("id")) {
            content = typed.path("caption").asString("");
            attachments.add(new InboundMessage.Attachment(
                    type,
                    typed.path("mime_type").asString(null),
                    typed.path("filename").asString(null),
                    "whatsapp-media:" + typed.path("id").asString()));
        } else if ("button".equals(type)) {
            content = typed.path("text").asString("");
        } else if ("interactive".equals(type)) {
            JsonNode reply = typed.has("button_reply") ? typed.path("button_reply") : typed.path("list_reply");
            content = reply.path("title").asString("");
        } else if ("location".equals(type)) {
            content = "Location: " + typed.path("latitude").asString("") + ", "
                    + typed.path("longitude").asString("")
                    + (typed.has("name") ? " (" + typed.path("name").asString() + ")" : "");
        } else {
            content = "[" + type + "]";
        }
        return new InboundMessage(
                id,
                sender,
                blankToNull(names.get(from)),
                from,
                "message",
                content,
                attachments,
                seconds(message.path("timestamp").asString(""), received),
                message.path("context").path("id").asString(null),
                List.of(),
                Map.of());
    }

    private static Optional<DeliveryReceipt> receipt(JsonNode status, Instant received) {
        DeliveryStatus mapped = switch (status.path("status").asString("")) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            default -> null;
        };
        if (mapped == null) {
            return Optional.empty();
        }
        String error = null;
        for (JsonNode e : status.path("errors")) {
            error = e.path("code").asString("") + " " + e.path("title").asString("")
                    + (e.path("error_data").has("details")
                            ? ": " + e.path("error_data").path("details").asString()
                            : "");
        }
        return Optional.of(new DeliveryReceipt(
                status.path("id").asString(null),
                Ids.uuidOrNull(status.path("biz_opaque_callback_data").asString(null)),
                mapped,
                seconds(status.path("timestamp").asString(""), received),
                error));
    }

    @Override
    public boolean sendsTemplates() {
        return true;
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        ObjectNode body = json.createObjectNode();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", message.to().startsWith("+") ? message.to().substring(1) : message.to());
        MessageTemplate template = message.template();
        if (template == null) {
            body.put("type", "text");
            body.putObject("text").put("preview_url", false).put("body", message.content());
        } else {
            body.put("type", "template");
            ObjectNode named = body.putObject("template");
            named.put("name", template.name());
            named.putObject("language").put("code", template.language());
            if (!template.parameters().isEmpty()) {
                ArrayNode parameters = named.putArray("components")
                        .addObject()
                        .put("type", "body")
                        .putArray("parameters");
                template.parameters()
                        .forEach(p -> parameters.addObject().put("type", "text").put("text", p));
            }
        }
        body.put("biz_opaque_callback_data", message.messageId().toString());
        // a template starts afresh (it is sent after the window closed); only a reply quotes the customer's message
        if (message.inReplyTo() != null && template == null) {
            body.putObject("context").put("message_id", message.inReplyTo());
        }
        String url = account.setting("apiBaseUrl", DEFAULT_API) + "/" + account.setting("phoneNumberId") + "/messages";
        return http.send(
                ProviderHttp.post(url)
                        .header("Authorization", "Bearer " + account.setting("accessToken"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))),
                answer -> {
                    String id = json.readTree(answer.body())
                            .path("messages")
                            .path(0)
                            .path("id")
                            .asString("");
                    return id.isEmpty()
                            ? new SendOutcome.Unknown("WhatsApp accepted the message but named no id")
                            : new SendOutcome.Sent(id);
                },
                answer -> error(answer.body()),
                answer -> Optional.empty());
    }

    private String error(String body) {
        JsonNode error = MetaWebhooks.parse(json, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (error == null) {
            return "WhatsApp refused the message";
        }
        JsonNode e = error.path("error");
        return "WhatsApp error " + e.path("code").asString("?") + ": "
                + e.path("message").asString("");
    }

    static Instant seconds(String value, Instant fallback) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
