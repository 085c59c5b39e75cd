package org.oneplace.channel.telegram;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.ProviderHttp;
import org.oneplace.channel.internal.Signatures;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Telegram Bot API (RELIABILITY §1.5): updates at {@code /webhooks/telegram[/{accountId}]} carry the account's
 * random {@code secret_token} in {@code X-Telegram-Bot-Api-Secret-Token}; the bot token is never in our URLs and
 * never logged (the Bot API itself puts it in the path of its own URLs, which therefore are never logged either).
 * De-duplicated by {@code update_id}; replies with {@code sendMessage}, honouring {@code retry_after}.
 */
@Component
class TelegramAdapter implements ChannelAdapter {

    static final String DEFAULT_API = "https://api.telegram.org";

    private final JsonMapper json;
    private final ProviderHttp http;

    TelegramAdapter(JsonMapper json, ProviderHttp http) {
        this.json = json;
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.TELEGRAM;
    }

    @Override
    public String webhookPath() {
        return "telegram";
    }

    @Override
    public Settings settings() {
        return new Settings(Set.of("botToken", "secretToken"), Set.of("apiBaseUrl"), Set.of("botToken", "secretToken"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(IdentifierType.TELEGRAM);
    }

    @Override
    public int maxLength() {
        return 4096;
    }

    @Override
    public boolean authentic(ChannelAccount account, WebhookRequest request) {
        return Signatures.same(account.setting("secretToken"), request.header("X-Telegram-Bot-Api-Secret-Token"));
    }

    private JsonNode update(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.path("update_id").isNumber()) {
                return node;
            }
        } catch (RuntimeException e) {
            // below
        }
        throw new UnusableEventException("unparseable: not a Telegram Update with an update_id");
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        return "update:" + update(request.body()).path("update_id").asLong();
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        JsonNode update = update(request.body());
        JsonNode message = update.has("message") ? update.path("message") : update.path("business_message");
        return message.path("chat").path("id").asString(null);
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        JsonNode update = update(request.body());
        JsonNode message = update.has("message") ? update.path("message") : update.path("business_message");
        if (message.isMissingNode()) {
            return Inbound.of(List.of()); // edits, callbacks, channel posts: not customer messages
        }
        JsonNode from = message.path("from");
        String user = from.path("id").asString("");
        String chat = message.path("chat").path("id").asString("");
        if (user.isEmpty() || chat.isEmpty()) {
            throw new UnusableEventException("a message without 'from.id' or 'chat.id'");
        }
        String name = (from.path("first_name").asString("") + " "
                        + from.path("last_name").asString(""))
                .strip();
        List<InboundMessage.Attachment> attachments = new ArrayList<>();
        for (String type : List.of("document", "photo", "voice", "video", "audio")) {
            JsonNode media = message.path(type);
            JsonNode item = media.isArray() ? media.path(media.size() - 1) : media;
            if (!item.isMissingNode() && item.has("file_id")) {
                attachments.add(new InboundMessage.Attachment(
                        type,
                        item.path("mime_type").asString(null),
                        item.path("file_name").asString(null),
                        "telegram-file:" + item.path("file_id").asString()));
            }
        }
        String text = message.has("text")
                ? message.path("text").asString("")
                : message.path("caption").asString("");
        return Inbound.of(List.of(new InboundMessage(
                chat + ":" + message.path("message_id").asString(""),
                List.of(IdentifierClaim.verified(IdentifierType.TELEGRAM, user)),
                name.isEmpty() ? null : name,
                chat,
                "message",
                text,
                attachments,
                message.has("date") ? Instant.ofEpochSecond(message.path("date").asLong()) : request.receivedAt(),
                message.path("reply_to_message").has("message_id")
                        ? chat + ":"
                                + message.path("reply_to_message")
                                        .path("message_id")
                                        .asString()
                        : null,
                List.of(),
                Map.of())));
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        ObjectNode body = json.createObjectNode();
        body.put("chat_id", message.to());
        body.put("text", message.content());
        if (message.inReplyTo() != null && message.inReplyTo().startsWith(message.to() + ":")) {
            body.putObject("reply_parameters")
                    .put(
                            "message_id",
                            Long.parseLong(
                                    message.inReplyTo().substring(message.to().length() + 1)))
                    .put("allow_sending_without_reply", true);
        }
        String url = account.setting("apiBaseUrl", DEFAULT_API) + "/bot" + account.setting("botToken") + "/sendMessage";
        return http.send(
                ProviderHttp.post(url)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))),
                answer -> {
                    JsonNode result = json.readTree(answer.body()).path("result");
                    return result.has("message_id")
                            ? new SendOutcome.Sent(
                                    result.path("chat").path("id").asString(message.to()) + ":"
                                            + result.path("message_id").asString())
                            : new SendOutcome.Unknown("Telegram accepted the message but named no id");
                },
                answer -> {
                    JsonNode error = parse(answer.body());
                    return "Telegram error " + error.path("error_code").asString("?") + ": "
                            + error.path("description").asString("");
                },
                answer -> {
                    JsonNode retry = parse(answer.body()).path("parameters").path("retry_after");
                    return retry.isNumber() ? Optional.of(Duration.ofSeconds(retry.asLong())) : Optional.empty();
                });
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body.getBytes(StandardCharsets.UTF_8));
            return node == null ? json.createObjectNode() : node;
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }
}
