package org.oneplace.channel;

import java.util.List;

/** What one provider request carries: messages from customers and receipts for messages we sent. */
public record Inbound(List<InboundMessage> messages, List<DeliveryReceipt> receipts) {

    public Inbound {
        messages = List.copyOf(messages);
        receipts = List.copyOf(receipts);
    }

    public static Inbound of(List<InboundMessage> messages) {
        return new Inbound(messages, List.of());
    }

    public static Inbound receipts(List<DeliveryReceipt> receipts) {
        return new Inbound(List.of(), receipts);
    }
}
