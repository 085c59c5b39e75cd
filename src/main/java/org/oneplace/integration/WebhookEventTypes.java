package org.oneplace.integration;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The event types an endpoint can receive, each with what its {@code data} holds. Payloads carry ids and the facts an
 * integrator needs to act or to fetch more through the API — never secrets, message text or contact details.
 */
public final class WebhookEventTypes {

    /** Type → what its {@code data} carries. */
    public static final SequencedMap<String, String> ALL = all();

    private WebhookEventTypes() {}

    private static SequencedMap<String, String> all() {
        SequencedMap<String, String> types = new LinkedHashMap<>();
        types.put(
                "customer.merged", "customerId (the survivor), mergedId, mergeId: two profiles turned out one person");
        types.put("customer.unmerged", "customerId (the survivor), restoredId, mergeId: a merge was undone");
        types.put("customer.erased", "customerId, customerIds: erase this person in your systems too");
        types.put("consent.changed", "customerId, channel, purpose, status (granted, denied, withdrawn …)");
        types.put("conversation.opened", "conversationId, customerId, channelId, reopened");
        types.put("conversation.resolved", "conversationId, customerId");
        types.put("message.received", "conversationId, messageId, customerId, channel, channelId (not the text)");
        types.put("message.sent", "conversationId, messageId, customerId, author (agent or bot): a reply was sent");
        types.put("order.placed", "orderId, number, customerId, channel, fulfilment, locationCode, total, units");
        types.put("order.status_changed", "orderId, number, customerId, from, to");
        types.put("pickup.ready", "orderId, number, customerId, locationCode, deadline (not the pickup code)");
        types.put("pickup.handed_over", "orderId, number, customerId: the customer collected the order");
        types.put("return.received", "returnId, orderId, customerId, soldOn, returnedOn, units");
        return types;
    }
}
