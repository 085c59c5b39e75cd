package org.oneplace.channel.voice;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.oneplace.channel.internal.Signatures;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.PhoneNumber;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Call events from the business's phone system at {@code POST /webhooks/voice}, authenticated by the account's
 * {@code token} in {@code X-Oneplace-Channel-Token}: {@code {event: newCall|answer|hangup, callId, from, to,
 * direction: inbound|outbound, agent?, notes?, at?}}. Each event joins the customer's conversation as a call entry
 * found by the customer's number; nothing is sent back through a phone system.
 */
@Component
class VoiceAdapter implements ChannelAdapter {

    static final String TOKEN_HEADER = "X-Oneplace-Channel-Token";
    private static final Set<String> EVENTS = Set.of("newCall", "answer", "hangup");

    private final JsonMapper json;

    VoiceAdapter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public ChannelType type() {
        return ChannelType.PHONE;
    }

    @Override
    public String webhookPath() {
        return "voice";
    }

    @Override
    public Settings settings() {
        return new Settings(Set.of("token"), Set.of(), Set.of("token"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(IdentifierType.PHONE);
    }

    @Override
    public int maxLength() {
        return 0; // nothing can be written to a phone call
    }

    @Override
    public boolean authentic(ChannelAccount account, WebhookRequest request) {
        return Signatures.same(account.setting("token"), request.header(TOKEN_HEADER));
    }

    private JsonNode event(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RuntimeException e) {
            throw new UnusableEventException("unparseable: the body is not JSON");
        }
        if (node == null
                || !EVENTS.contains(node.path("event").asString(""))
                || node.path("callId").asString("").isEmpty()) {
            throw new UnusableEventException("a call event needs 'event' (one of " + EVENTS + ") and 'callId'");
        }
        return node;
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        JsonNode event = event(request.body());
        return "call:" + event.path("callId").asString() + ":"
                + event.path("event").asString();
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        JsonNode event = event(request.body());
        boolean outbound = "outbound".equalsIgnoreCase(event.path("direction").asString("inbound"));
        return event.path(outbound ? "to" : "from").asString(null);
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        JsonNode event = event(request.body());
        String kind = event.path("event").asString();
        boolean outbound = "outbound".equalsIgnoreCase(event.path("direction").asString("inbound"));
        String number = event.path(outbound ? "to" : "from").asString("");
        PhoneNumber phone;
        try {
            phone = PhoneNumber.parse(number, null);
        } catch (IllegalArgumentException e) {
            throw new UnusableEventException("the customer's number '" + number + "' is not a phone number");
        }
        Instant at = request.receivedAt();
        if (event.has("at")) {
            try {
                at = Instant.parse(event.path("at").asString());
            } catch (DateTimeParseException e) {
                // the receipt time stands
            }
        }
        String agent = event.path("agent").asString("");
        String callId = event.path("callId").asString();
        String content = switch (kind) {
            case "newCall" -> (outbound ? "Outgoing call to " : "Incoming call from ") + phone.value();
            case "answer" -> "Call answered" + (agent.isEmpty() ? "" : " by " + agent);
            default ->
                "Call ended"
                        + (event.has("durationSeconds")
                                ? " after "
                                        + duration(event.path("durationSeconds").asLong())
                                : "")
                        + (event.path("notes").asString("").isBlank()
                                ? ""
                                : ". Notes: " + event.path("notes").asString());
        };
        Map<String, String> details = new LinkedHashMap<>();
        details.put("callId", callId);
        details.put("event", kind);
        details.put("direction", outbound ? "outbound" : "inbound");
        if (!agent.isEmpty()) {
            details.put("agent", agent);
        }
        return Inbound.of(List.of(new InboundMessage(
                "call:" + callId + ":" + kind,
                List.of(IdentifierClaim.verified(IdentifierType.PHONE, phone.value())),
                null,
                phone.value(),
                "call",
                content,
                List.of(),
                at,
                null,
                List.of(),
                details)));
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : seconds + " s";
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        return new SendOutcome.Failed("messages cannot be sent to a phone call; log the call's notes instead");
    }
}
