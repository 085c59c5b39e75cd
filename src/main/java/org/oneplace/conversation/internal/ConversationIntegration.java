package org.oneplace.conversation.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oneplace.channel.InboundRecords;
import org.oneplace.conversation.MessageView;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How conversations plug into the customer record: when customers merge, their conversations merge in the same
 * transaction (one open conversation survives, holding both threads); messages are the conversation part of the
 * timeline (notes stay out: the timeline is read by people who may not see notes); export and erasure.
 */
@Component
class ConversationIntegration implements TimelineSource, PersonalDataHolder {

    private static final int SUMMARY = 120;

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final InboundRecords channels;
    private final Clock clock;

    ConversationIntegration(
            ConversationRepository conversations, MessageRepository messages, InboundRecords channels, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.channels = channels;
        this.clock = clock;
    }

    @EventListener
    void on(CustomersMerged merged) {
        conversations.lockCustomer(merged.survivorId());
        conversations.lockCustomer(merged.mergedId());
        conversations.fold(merged.mergedId(), merged.survivorId(), clock.instant());
    }

    @Override
    public String kind() {
        return "conversation";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        return messages.ofCustomers(query.customerIds(), query.beforeAt(), query.beforeId(), query.limit() * 2).stream()
                .filter(m -> query.channels().isEmpty()
                        || (m.channel() != null && query.channels().contains(m.channel())))
                .limit(query.limit())
                .map(m -> new TimelineEntry(
                        m.createdAt(),
                        "conversation",
                        m.channel(),
                        type(m),
                        summary(m),
                        m.conversationId().toString(),
                        m.id().toString()))
                .toList();
    }

    private static String type(MessageView m) {
        if ("call".equals(m.kind())) {
            return "call";
        }
        return "in".equals(m.direction()) ? "message_received" : "message_sent";
    }

    private static String summary(MessageView m) {
        String channel = m.channel() == null ? "" : m.channel().label() + ": ";
        String text = m.content().length() > SUMMARY ? m.content().substring(0, SUMMARY) + "…" : m.content();
        if ("call".equals(m.kind())) {
            return channel + text;
        }
        return ("in".equals(m.direction()) ? channel : "Reply on " + channel) + text;
    }

    @Override
    public String section() {
        return "conversations";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        return Map.of(
                "conversations", conversations.ofCustomers(customerIds),
                "messages", messages.ofCustomers(customerIds, null, null, 100_000));
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        // a provider delivering one of these messages again must not bring the person back (issue 12)
        messages.externalIdsOf(customerIds).forEach(channels::forget);
        conversations.erase(customerIds);
    }
}
