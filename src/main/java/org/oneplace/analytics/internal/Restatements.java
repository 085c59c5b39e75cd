package org.oneplace.analytics.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.oneplace.conversation.ConversationService;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.MessageView;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.IdentifierView;
import org.oneplace.shared.ChannelType;
import org.springframework.stereotype.Component;

/**
 * Whether a customer's message re-stated something the record already held — the continuity audit's third reason
 * ("had to repeat themselves"): the number of an order they had placed before the message, or an e-mail address on
 * their record before it. An address counts on every channel but e-mail itself, where the sender's own address
 * turns up in signatures and quoted replies without anyone having been asked for it.
 */
@Component
class Restatements {

    /** Order numbers as people write them: a run of digits standing alone ("#100234", "order 100234."). */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{Alnum}])[1-9]\\d{3,17}(?![\\p{Alnum}])");

    private static final Pattern EMAIL =
            Pattern.compile("[\\p{Alnum}._%+-]{1,64}@[\\p{Alnum}-]{1,63}(?:\\.[\\p{Alnum}-]{1,63}){1,8}");

    private final ConversationService conversations;
    private final Customers customers;
    private final TouchRepository touches;

    Restatements(ConversationService conversations, Customers customers, TouchRepository touches) {
        this.conversations = conversations;
        this.customers = customers;
        this.touches = touches;
    }

    boolean restated(MessageReceived received) {
        String text = conversations
                .message(received.messageId())
                .map(MessageView::content)
                .orElse("");
        if (text.isBlank()) {
            return false;
        }
        Set<Long> numbers = new HashSet<>();
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            numbers.add(Long.parseLong(number.group()));
        }
        // on record when Oneplace took the message in (providers stamp sending in whole seconds, or not at all)
        Instant at = received.occurredAt();
        if (!numbers.isEmpty() && touches.orderedAs(received.customerId(), numbers, at)) {
            return true;
        }
        return received.channel() != ChannelType.EMAIL && addressOnRecord(text, received.customerId(), at);
    }

    private boolean addressOnRecord(String text, UUID customerId, Instant before) {
        if (text.indexOf('@') < 0) {
            return false;
        }
        Set<String> written = new HashSet<>();
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            written.add(email.group().toLowerCase(Locale.ROOT));
        }
        if (written.isEmpty()) {
            return false;
        }
        return customers.summary(customerId).map(CustomerSummary::identifiers).orElse(java.util.List.of()).stream()
                .filter(id -> id.type() == IdentifierType.EMAIL && id.addedAt().isBefore(before))
                .map(IdentifierView::value)
                .anyMatch(value -> written.contains(value.toLowerCase(Locale.ROOT)));
    }
}
