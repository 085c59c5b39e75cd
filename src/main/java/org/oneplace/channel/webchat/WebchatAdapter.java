package org.oneplace.channel.webchat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web chat a site embeds with {@code /widget.js} (RELIABILITY §1.7). A visitor's message is stored like any
 * provider request (de-duplicated by the widget's client id) and carries the session's identifiers: the site's
 * analytics {@code anonymousId} (so the agent sees the browsing), a user id only when the site proved it with the
 * HMAC of the account's {@code identitySecret}, and a typed e-mail only as an unverified claim, which never merges
 * anyone. Replies are written where the visitor's widget reads them; private notes never are, since they are never
 * sent.
 */
@Component
class WebchatAdapter implements ChannelAdapter {

    private final WebchatRepository chats;
    private final JsonMapper json;
    private final Clock clock;

    WebchatAdapter(WebchatRepository chats, JsonMapper json, Clock clock) {
        this.chats = chats;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBCHAT;
    }

    @Override
    public String webhookPath() {
        return "webchat";
    }

    @Override
    public Settings settings() {
        return new Settings(Set.of("allowedOrigins"), Set.of("identitySecret"), Set.of("identitySecret"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(); // a visitor is reached only in their own chat session
    }

    @Override
    public int maxLength() {
        return 10_000;
    }

    /** Visitors post through the widget endpoints, never a provider webhook. */
    @Override
    public boolean authentic(ChannelAccount account, WebhookRequest request) {
        return false;
    }

    private JsonNode body(byte[] raw) {
        try {
            return json.readTree(raw);
        } catch (RuntimeException e) {
            throw new UnusableEventException("unparseable widget message");
        }
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        JsonNode body = body(request.body());
        return "client:" + body.path("sessionId").asString() + ":"
                + body.path("clientId").asString();
    }

    @Override
    public @Nullable String senderKey(WebhookRequest request) {
        return body(request.body()).path("sessionId").asString(null);
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        JsonNode body = body(request.body());
        UUID sessionId = UUID.fromString(body.path("sessionId").asString());
        WebchatRepository.Session session =
                chats.byId(sessionId).orElseThrow(() -> new UnusableEventException("unknown chat session"));
        List<IdentifierClaim> claims = new ArrayList<>();
        if (session.anonymousId() != null) {
            claims.add(IdentifierClaim.verified(IdentifierType.ANONYMOUS_ID, session.anonymousId()));
        }
        if (session.userId() != null && session.userVerified()) {
            claims.add(IdentifierClaim.verified(IdentifierType.USER_ID, session.userId()));
        }
        if (session.email() != null) {
            claims.add(new IdentifierClaim(IdentifierType.EMAIL, session.email(), false));
        }
        if (claims.isEmpty()) {
            // a visitor with nothing else is known by their chat session alone
            claims.add(IdentifierClaim.verified(IdentifierType.ANONYMOUS_ID, "webchat:" + sessionId));
        }
        Instant at = Instant.parse(body.path("at").asString(request.receivedAt().toString()));
        return Inbound.of(List.of(new InboundMessage(
                "client:" + sessionId + ":" + body.path("clientId").asString(),
                claims,
                session.name(),
                sessionId.toString(),
                "message",
                body.path("text").asString(""),
                List.of(),
                at,
                null,
                List.of(),
                Map.of())));
    }

    @Override
    public boolean remembersCustomers() {
        return true;
    }

    /** The session now belongs to the person its message resolved to: exported and erased with them. */
    @Override
    public void processed(StoredRequest request, Set<UUID> customers) {
        UUID sessionId = UUID.fromString(body(request.body()).path("sessionId").asString());
        chats.belongsTo(sessionId, customers.iterator().next());
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        UUID session;
        try {
            session = UUID.fromString(message.to());
        } catch (IllegalArgumentException e) {
            return new SendOutcome.Failed("not a chat session: " + message.to());
        }
        chats.replied(session, message.messageId(), null, message.content(), clock.instant());
        return new SendOutcome.Sent("webchat:" + message.messageId());
    }
}
