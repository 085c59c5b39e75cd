package org.oneplace.channel.meta;

import java.time.Duration;
import java.util.Optional;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.WebhookRequest;

/**
 * What the adapters of Meta's platforms (WhatsApp, Messenger, Instagram) share: the {@code hub.challenge}
 * handshake, {@code X-Hub-Signature-256}, and free-form replies only within 24 hours of the customer's last message.
 */
public interface MetaAdapter extends ChannelAdapter {

    @Override
    default Optional<String> handshake(ChannelAccount account, WebhookRequest request) {
        return MetaWebhooks.handshake(account, request);
    }

    @Override
    default boolean authentic(ChannelAccount account, WebhookRequest request) {
        return MetaWebhooks.authentic(account, request);
    }

    @Override
    default Optional<Duration> serviceWindow() {
        return Optional.of(Duration.ofHours(24));
    }
}
