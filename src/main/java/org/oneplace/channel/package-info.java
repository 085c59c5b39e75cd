/**
 * Channels: the accounts a business connects (a WhatsApp number, a Facebook page, an Instagram account, a Twilio
 * number, a Telegram bot, a phone system) and one {@link ChannelAdapter} per kind that speaks the provider's own
 * wire format — verify the signature over the raw bytes, turn the payload into neutral {@link InboundMessage}s and
 * {@link DeliveryReceipt}s, send {@link OutboundMessage}s through the provider's HTTP API.
 *
 * <p>Inbound requests are stored raw with their de-duplication key in one transaction and acknowledged only after
 * that commit; they form a queue the conversation module's workers take from ({@code ChannelService.claim},
 * {@code FOR UPDATE SKIP LOCKED}), woken by {@code NOTIFY inbound_event}. Secrets are write-only:
 * no view or log carries them. The outbound guards (length limits, the 24-hour window, consent for proactive
 * messages) live here once, not in each adapter. It does not own conversations or messages.
 */
@NullMarked
@ApplicationModule(
        displayName = "Channels",
        allowedDependencies = {"shared", "platform", "customer", "consent"})
package org.oneplace.channel;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
