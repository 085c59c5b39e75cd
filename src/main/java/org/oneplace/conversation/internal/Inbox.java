package org.oneplace.conversation.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.DeliveryReceipt;
import org.oneplace.channel.DeliveryStatus;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundHandler;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.Messaging;
import org.oneplace.conversation.ConversationOpened;
import org.oneplace.conversation.ConversationProperties;
import org.oneplace.conversation.ConversationView;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.SurveyAnswered;
import org.oneplace.customer.Customers;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns stored provider requests into conversation messages: resolves each sender to a customer, joins the
 * customer's open conversation (a resolved one reopens within the window, else a new one starts), stores the
 * message once per provider id, and applies delivery receipts monotonically. The channel module's inbound workers
 * call it, one transaction per batch of stored requests, and retry what fails. Everything here is idempotent.
 */
@Component
class Inbox implements InboundHandler {

    private static final Pattern SCORE = Pattern.compile("^\\s*([1-5])\\s*[.!]?\\s*$");

    private final Messaging channels;
    private final Customers customers;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final FeedRepository feed;
    private final ConversationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Inbox(
            Messaging channels,
            Customers customers,
            ConversationRepository conversations,
            MessageRepository messages,
            FeedRepository feed,
            ConversationProperties properties,
            ApplicationEventPublisher events,
            Clock clock) {
        this.channels = channels;
        this.customers = customers;
        this.conversations = conversations;
        this.messages = messages;
        this.feed = feed;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Set<UUID> handle(ChannelAccount channel, Inbound inbound) {
        Set<UUID> about = new HashSet<>();
        for (InboundMessage message : inbound.messages()) {
            receive(channel, message).ifPresent(about::add);
        }
        for (DeliveryReceipt receipt : inbound.receipts()) {
            apply(channel, receipt).ifPresent(about::add);
        }
        return about;
    }

    /** Joins a message to its customer's conversation; answers the customer it was about. */
    private Optional<UUID> receive(ChannelAccount channel, InboundMessage message) {
        if (messages.exists(channel.id(), message.externalId())) {
            return Optional.empty(); // the same message in another delivery
        }
        Resolution resolution = customers.resolve(
                new ResolveIdentity(message.sender(), channel.type().code(), message.externalId(), message.sentAt()));
        UUID customer = resolution.customerId();
        if (message.senderName() != null && resolution.created()) {
            customers.recordTraits(
                    customer,
                    Map.of("name", message.senderName()),
                    message.sentAt(),
                    channel.type().code());
        }
        channels.recordConsent(customer, channel.type(), message);
        Instant now = clock.instant();
        conversations.lockCustomer(customer);
        if (surveyAnswer(customer, channel, message, now)) {
            return Optional.of(customer);
        }
        Optional<ConversationView> open = conversations.open(customer);
        boolean opened = false;
        boolean reopened = false;
        UUID conversationId;
        if (open.isPresent()) {
            conversationId = open.get().id();
        } else {
            Optional<ConversationView> last = conversations
                    .lastResolved(customer)
                    .filter(c -> c.resolvedAt() != null
                            && c.resolvedAt().plus(properties.reopenWindow()).isAfter(now));
            if ("auto_reply".equals(message.kind())) {
                // an automatic answer never opens or reopens anything; it joins the last conversation if any
                conversationId = last.map(ConversationView::id).orElse(null);
                if (conversationId == null) {
                    return Optional.of(customer);
                }
            } else if (last.isPresent()) {
                conversationId = last.get().id();
                conversations.reopen(conversationId, now);
                reopened = true;
            } else {
                conversationId = Uuid7.next();
                conversations.insert(conversationId, customer, message.sentAt().isBefore(now) ? message.sentAt() : now);
                opened = true;
            }
        }
        UUID messageId = Uuid7.next();
        boolean fresh = messages.insert(new MessageRepository.NewMessage(
                messageId,
                conversationId,
                customer,
                channel.id(),
                channel.type(),
                "in",
                "customer",
                customer.toString(),
                message.senderName(),
                message.kind(),
                message.content(),
                attachments(message),
                message.details(),
                message.externalId(),
                null,
                message.inReplyTo(),
                message.address(),
                "received",
                null,
                message.sentAt(),
                now));
        if (!fresh) {
            return Optional.of(customer);
        }
        if (!"auto_reply".equals(message.kind())) {
            conversations.customerWrote(conversationId, channel.id(), channel.type(), message.sentAt());
        }
        if (opened || reopened) {
            events.publishEvent(new ConversationOpened(conversationId, customer, channel.id(), reopened, now));
        }
        events.publishEvent(new MessageReceived(
                conversationId,
                messageId,
                customer,
                channel.id(),
                channel.type(),
                channel.type() == ChannelType.PHONE ? message.details().get("callId") : null,
                message.sentAt().isBefore(now) ? message.sentAt() : now,
                now));
        if (ringing(message)) {
            // the inbox pops the caller up for the agents who may see this conversation
            feed.append(conversationId, customer, FeedRepository.RINGING, now);
        }
        return Optional.of(customer);
    }

    /** An incoming call that has just started ringing (not its answer or hang-up, not an outgoing call). */
    private static boolean ringing(InboundMessage message) {
        return "call".equals(message.kind())
                && "newCall".equals(message.details().get("event"))
                && "inbound".equals(message.details().get("direction"));
    }

    /** A 1–5 answer to the survey of a just-resolved conversation lands on it without reopening it. */
    private boolean surveyAnswer(UUID customer, ChannelAccount channel, InboundMessage message, Instant now) {
        var score = SCORE.matcher(message.content());
        if (!score.matches() || conversations.open(customer).isPresent()) {
            return false;
        }
        Optional<ConversationView> last = conversations.lastResolved(customer);
        int answer = Integer.parseInt(score.group(1));
        if (last.isEmpty() || !conversations.recordCsat(last.get().id(), answer, now.minus(properties.csatWindow()))) {
            return false;
        }
        events.publishEvent(new SurveyAnswered(last.get().id(), customer, answer, now));
        messages.insert(new MessageRepository.NewMessage(
                Uuid7.next(),
                last.get().id(),
                customer,
                channel.id(),
                channel.type(),
                "in",
                "customer",
                customer.toString(),
                message.senderName(),
                "csat",
                message.content(),
                List.of(),
                Map.of(),
                message.externalId(),
                null,
                null,
                message.address(),
                "received",
                null,
                message.sentAt(),
                now));
        return true;
    }

    /** Applies a receipt when it moves the status forward; answers whose message it was about. */
    private Optional<UUID> apply(ChannelAccount channel, DeliveryReceipt receipt) {
        Optional<MessageRepository.Tracked> tracked =
                messages.forReceipt(channel.id(), receipt.messageId(), receipt.externalId());
        tracked.filter(m -> DeliveryStatus.parse(m.status()).canMoveTo(receipt.status()))
                .ifPresent(m -> {
                    messages.receipt(
                            m.id(), receipt.status().code(), receipt.externalId(), receipt.error(), receipt.at());
                    feed.append(m.conversationId(), m.customerId(), "status", clock.instant());
                });
        return tracked.map(MessageRepository.Tracked::customerId);
    }

    private static List<Map<String, Object>> attachments(InboundMessage message) {
        return message.attachments().stream()
                .map(a -> {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("type", a.type());
                    map.put("mimeType", a.mimeType());
                    map.put("name", a.name());
                    map.put("ref", a.ref());
                    return map;
                })
                .toList();
    }
}
