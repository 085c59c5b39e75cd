package org.oneplace.conversation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.oneplace.channel.MessageTemplate;
import org.oneplace.channel.Messaging;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.conversation.ConversationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One pass of the outbox (RELIABILITY §3.5): claim due replies, call each provider outside any transaction, settle
 * each by its outcome — sent; retried with backoff when it certainly did not take effect; failed with the
 * provider's reason; unknown when it may have. Sends a crash interrupted become unknown; unknown ones no receipt
 * confirms within the window become failed, for the agent to resend.
 */
@Component
public class OutboxSender {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final int BATCH = 20;

    private final MessageRepository messages;
    private final FeedRepository feed;
    private final Messaging channels;
    private final ConversationProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    OutboxSender(
            MessageRepository messages,
            FeedRepository feed,
            Messaging channels,
            ConversationProperties properties,
            TransactionTemplate tx,
            Clock clock) {
        this.messages = messages;
        this.feed = feed;
        this.channels = channels;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    public void run() {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            messages.abandonedSends(now.minus(properties.abandonedAfter()), now);
            messages.unconfirmed(now.minus(properties.confirmationWindow()), now);
        });
        List<MessageRepository.Claimed> claimed;
        do {
            claimed = tx.execute(s -> messages.claimDue(clock.instant(), BATCH));
            claimed.forEach(this::send);
        } while (claimed.size() == BATCH);
    }

    private void send(MessageRepository.Claimed message) {
        SendOutcome outcome;
        try {
            outcome = channels.send(
                    message.channelId(),
                    new OutboundMessage(
                            message.id(),
                            message.address(),
                            message.content(),
                            message.attempt(),
                            message.replyTo(),
                            message.thread(),
                            MessageTemplate.of(message.thread())));
        } catch (RuntimeException e) {
            log.warn("Sending message {} failed unexpectedly", message.id(), e);
            outcome = new SendOutcome.Unknown(
                    "the send failed unexpectedly (" + e.getClass().getSimpleName() + ")");
        }
        Instant now = clock.instant();
        SendOutcome settled = outcome;
        tx.executeWithoutResult(s -> {
            feed.append(message.conversationId(), message.customerId(), "status", now);
            switch (settled) {
                case SendOutcome.Sent sent -> messages.sent(message.id(), sent.externalId(), now);
                case SendOutcome.Failed failed -> messages.settle(message.id(), "failed", failed.reason(), null, now);
                case SendOutcome.Unknown unknown ->
                    messages.settle(message.id(), "unknown", unknown.reason(), null, now);
                case SendOutcome.Retry retry -> {
                    if (message.attempt() >= properties.maxAttempts()) {
                        messages.settle(
                                message.id(),
                                "failed",
                                "gave up after " + message.attempt() + " attempts: " + retry.reason(),
                                null,
                                now);
                    } else {
                        Duration backoff = Duration.ofSeconds(Math.min(3600, 1L << Math.min(message.attempt(), 12)));
                        Duration wait = retry.after().compareTo(backoff) > 0 ? retry.after() : backoff;
                        messages.settle(message.id(), "retrying", retry.reason(), now.plus(wait), now);
                    }
                }
            }
        });
    }
}
