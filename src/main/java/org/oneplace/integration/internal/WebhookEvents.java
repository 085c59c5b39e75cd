package org.oneplace.integration.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.oneplace.shared.Uuid7;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the domain events into webhook messages, after their commits (the publication log calls a listener again
 * until it succeeds; the event's key makes a second call record nothing). The body is the Standard Webhooks
 * envelope {@code {type, timestamp, data}} with a {@code version} beside, fixed when recorded and signed as stored.
 */
@Component
class WebhookEvents {

    /** The envelope's version: a change that breaks a receiver gets a new one. */
    static final int VERSION = 1;

    private final DeliveryRepository deliveries;
    private final JsonMapper json;
    private final Clock clock;

    WebhookEvents(DeliveryRepository deliveries, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(CustomersMerged e) {
        record(
                "customer.merged",
                e.mergeId().toString(),
                e.survivorId(),
                e.occurredAt(),
                data("customerId", e.survivorId(), "mergedId", e.mergedId(), "mergeId", e.mergeId()));
    }

    @ApplicationModuleListener
    void on(CustomersUnmerged e) {
        record(
                "customer.unmerged",
                e.mergeId().toString(),
                e.survivorId(),
                e.occurredAt(),
                data("customerId", e.survivorId(), "restoredId", e.restoredId(), "mergeId", e.mergeId()));
    }

    @ApplicationModuleListener
    void on(CustomerErased e) {
        record(
                "customer.erased",
                e.customerId().toString(),
                e.customerId(),
                e.occurredAt(),
                data("customerId", e.customerId(), "customerIds", e.customerIds()));
    }

    @ApplicationModuleListener
    void on(ConsentChanged e) {
        record(
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
    }

    @ApplicationModuleListener
    void on(ConversationOpened e) {
        record(
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
    }

    @ApplicationModuleListener
    void on(ConversationResolved e) {
        record(
                "conversation.resolved",
                e.conversationId() + ":" + e.occurredAt(),
                e.customerId(),
                e.occurredAt(),
                data("conversationId", e.conversationId(), "customerId", e.customerId()));
    }

    @ApplicationModuleListener
    void on(MessageReceived e) {
        record(
                "message.received",
                e.messageId().toString(),
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
    }

    @ApplicationModuleListener
    void on(ReplySent e) {
        record(
                "message.sent",
                e.messageId().toString(),
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
                        e.authorType().name().toLowerCase(java.util.Locale.ROOT)));
    }

    @ApplicationModuleListener
    void on(OrderPlaced e) {
        record(
                "order.placed",
                e.orderId().toString(),
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
    }

    @ApplicationModuleListener
    void on(OrderStatusChanged e) {
        String key = e.orderId() + ":" + e.to().code() + ":" + e.occurredAt();
        record(
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
        if (e.to() == OrderStatus.COLLECTED) {
            record(
                    "pickup.handed_over",
                    key,
                    e.customerId(),
                    e.occurredAt(),
                    data("orderId", e.orderId(), "number", e.number(), "customerId", e.customerId()));
        }
    }

    @ApplicationModuleListener
    void on(PickupReady e) {
        // not the pickup code: whoever shows it collects the order
        record(
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
    }

    @ApplicationModuleListener
    void on(ReturnReceived e) {
        record(
                "return.received",
                e.returnId().toString(),
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
    }

    private void record(String type, String key, @Nullable UUID customer, Instant at, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("timestamp", at.toString());
        envelope.put("version", VERSION);
        envelope.put("data", data);
        String id = "msg_" + Uuid7.next().toString().replace("-", "");
        deliveries.record(id, type + ":" + key, type, customer, json.writeValueAsString(envelope), at, clock.instant());
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
