/**
 * Channels: the accounts a business connects (a WhatsApp number, a Facebook page, an Instagram account, a Twilio
 * number, a Telegram bot, a phone system, a mailbox, the web chat) and one {@link ChannelAdapter} per kind that
 * speaks the provider's own wire format — verify the signature over the raw bytes, turn the payload into neutral
 * {@link InboundMessage}s and {@link DeliveryReceipt}s, send {@link OutboundMessage}s through the provider's API.
 *
 * <p>Its API, by who uses it:
 * <ul>
 *   <li>{@link ChannelAdmin} — people connecting and changing accounts (every method authorised). Secrets are
 *       write-only: no view or log carries them.
 *   <li>{@link Messaging} — the one messaging port other modules send through: the address, consent by purpose
 *       (a withdrawal such as an SMS {@code STOP} ends every send for that purpose), the service window, length
 *       limits and the choice of channel live here once, not in each adapter or each sender.
 *   <li>{@link InboundHandler} — the plug-in another module implements to handle what customers send (the
 *       conversation module does); {@link InboundRecords} gives back the files of received messages and forgets an
 *       erased person's provider ids.
 * </ul>
 *
 * <p>Inbound requests (webhooks, SMTP, IMAP, the widget) are stored raw with their de-duplication key by one
 * sequence ({@code internal.InboundQueue.enqueue}) and acknowledged only after that commit; this module's workers
 * ({@code internal.InboundWorkers}) take them in lanes ({@code FOR UPDATE SKIP LOCKED}, woken by
 * {@code NOTIFY inbound_event}) and hand them to the handler, retrying and quarantining what fails. It does not own
 * conversations or messages.
 */
@NullMarked
@ApplicationModule(
        displayName = "Channels",
        allowedDependencies = {"shared", "platform", "customer", "consent"})
package org.oneplace.channel;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
