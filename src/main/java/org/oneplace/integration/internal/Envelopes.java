package org.oneplace.integration.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.consent.ConsentChanged;
import org.oneplace.conversation.ConversationOpened;
import org.oneplace.conversation.ConversationResolved;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.ReplySent;
import org.oneplace.customer.CustomerErased;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.fulfilment.PickupReady;
import org.oneplace.fulfilment.ReturnReceived;
import org.oneplace.order.OrderPlaced;
import org.oneplace.order.OrderStatus;
import org.oneplace.order.OrderStatusChanged;

/**
 * The domain events other systems hear of, as they hear them — one mapping for webhooks and Kafka alike: a type
 * ({@code order.placed}), the customer they are about (the ordering key), when they happened, a key that makes a
 * redelivered event recognisable, and the {@code data}: ids and the facts an integrator needs, never secrets, message
 * text, contact details or pickup codes.
 */
final class Envelopes {

    /** The body's version: a change that breaks a receiver gets a new one. */
    static final int VERSION = 1;

    /** The domain event classes mapped here. */
    static final Set<Class<?>> EVENTS = Set.of(
            CustomersMerged.class,
            CustomersUnmerged.class,
            CustomerErased.class,
            ConsentChanged.class,
            ConversationOpened.class,
            ConversationResolved.class,
            MessageReceived.class,
            ReplySent.class,
            OrderPlaced.class,
            OrderStatusChanged.class,
            PickupReady.class,
            ReturnReceived.class);

    private Envelopes() {}

    /** One thing to tell: {@code key} is unique per domain event and type. */
    record Envelope(String type, String key, @Nullable UUID customerId, Instant occurredAt, Map<String, Object> data) {

        /** The body: {@code {type, timestamp, version, data}} (the Standard Webhooks envelope, versioned). */
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type);
            body.put("timestamp", occurredAt.toString());
            body.put("version", VERSION);
            body.put("data", data);
            return body;
        }
    }

    /** What an event tells, in one or two envelopes (an order collected is also a pickup handed over). */
    static List<Envelope> of(Object event) {
        return switch (event) {
            case CustomersMerged e ->
                one(
                        "customer.merged",
                        e.mergeId(),
                        e.survivorId(),
                        e.occurredAt(),
                        data("customerId", e.survivorId(), "mergedId", e.mergedId(), "mergeId", e.mergeId()));
            case CustomersUnmerged e ->
                one(
                        "customer.unmerged",
                        e.mergeId(),
                        e.survivorId(),
                        e.occurredAt(),
                        data("customerId", e.survivorId(), "restoredId", e.restoredId(), "mergeId", e.mergeId()));
            case CustomerErased e ->
                one(
                        "customer.erased",
                        e.customerId(),
                        e.customerId(),
                        e.occurredAt(),
                        data("customerId", e.customerId(), "customerIds", e.customerIds()));
            case ConsentChanged e ->
                one(
                        "consent.changed",
                        e.customerId() + ":" + e.channel().code() + ":" + e.purpose() + ":" + e.occurredAt(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "customerId",
                                e.customerId(),
                                "channel",
                                e.channel(),
                                "purpose",
                                e.purpose(),
                                "status",
                                e.status()));
            case ConversationOpened e ->
                one(
                        "conversation.opened",
                        e.conversationId() + ":" + e.occurredAt(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "conversationId",
                                e.conversationId(),
                                "customerId",
                                e.customerId(),
                                "channelId",
                                e.channelId(),
                                "reopened",
                                e.reopened()));
            case ConversationResolved e ->
                one(
                        "conversation.resolved",
                        e.conversationId() + ":" + e.occurredAt(),
                        e.customerId(),
                        e.occurredAt(),
                        data("conversationId", e.conversationId(), "customerId", e.customerId()));
            case MessageReceived e ->
                one(
                        "message.received",
                        e.messageId(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "conversationId",
                                e.conversationId(),
                                "messageId",
                                e.messageId(),
                                "customerId",
                                e.customerId(),
                                "channel",
                                e.channel(),
                                "channelId",
                                e.channelId()));
            case ReplySent e ->
                one(
                        "message.sent",
                        e.messageId(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "conversationId",
                                e.conversationId(),
                                "messageId",
                                e.messageId(),
                                "customerId",
                                e.customerId(),
                                "author",
                                e.authorType().name().toLowerCase(Locale.ROOT)));
            case OrderPlaced e ->
                one(
                        "order.placed",
                        e.orderId(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "orderId",
                                e.orderId(),
                                "number",
                                e.number(),
                                "customerId",
                                e.customerId(),
                                "channel",
                                e.channel(),
                                "fulfilment",
                                e.fulfilment(),
                                "locationCode",
                                e.locationCode(),
                                "total",
                                e.total(),
                                "units",
                                e.units()));
            case OrderStatusChanged e -> statusChanged(e);
            case PickupReady e ->
                one(
                        "pickup.ready",
                        e.orderId() + ":" + e.occurredAt(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "orderId",
                                e.orderId(),
                                "number",
                                e.number(),
                                "customerId",
                                e.customerId(),
                                "locationCode",
                                e.locationCode(),
                                "deadline",
                                e.deadline()));
            case ReturnReceived e ->
                one(
                        "return.received",
                        e.returnId(),
                        e.customerId(),
                        e.occurredAt(),
                        data(
                                "returnId",
                                e.returnId(),
                                "orderId",
                                e.orderId(),
                                "customerId",
                                e.customerId(),
                                "soldOn",
                                e.soldOn(),
                                "returnedOn",
                                e.returnedOn() != null ? e.returnedOn() : e.soldOn(),
                                "units",
                                e.units()));
            default -> List.of();
        };
    }

    private static List<Envelope> statusChanged(OrderStatusChanged e) {
        String key = e.orderId() + ":" + e.to().code() + ":" + e.occurredAt();
        Envelope changed = new Envelope(
                "order.status_changed",
                key,
                e.customerId(),
                e.occurredAt(),
                data(
                        "orderId",
                        e.orderId(),
                        "number",
                        e.number(),
                        "customerId",
                        e.customerId(),
                        "from",
                        e.from(),
                        "to",
                        e.to()));
        if (e.to() != OrderStatus.COLLECTED) {
            return List.of(changed);
        }
        return List.of(
                changed,
                new Envelope(
                        "pickup.handed_over",
                        key,
                        e.customerId(),
                        e.occurredAt(),
                        data("orderId", e.orderId(), "number", e.number(), "customerId", e.customerId())));
    }

    private static List<Envelope> one(
            String type, Object key, @Nullable UUID customerId, Instant at, Map<String, Object> data) {
        return List.of(new Envelope(type, key.toString(), customerId, at, data));
    }

    /** Pairs of name and value, in order (values may be null). */
    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return data;
    }
}
