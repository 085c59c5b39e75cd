package org.oneplace.channel;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message to send.
 *
 * @param messageId our id; adapters pass it to the provider where it is echoed back in receipts
 * @param to the customer's address on the channel
 * @param attempt 1 for the first try
 * @param inReplyTo the provider id of the customer's message this answers, when the provider threads replies
 * @param thread what the customer's last message on this channel said about its thread (e-mail: {@code subject},
 *     {@code references}, {@code messageId}), for providers that thread by headers
 * @param template an approved template to send instead of {@code content} (WhatsApp)
 */
public record OutboundMessage(
        UUID messageId,
        String to,
        String content,
        int attempt,
        @Nullable String inReplyTo,
        Map<String, String> thread,
        @Nullable MessageTemplate template) {

    /** The {@link #thread} key of a subject for a message that starts a thread (a notice), not a reply. */
    public static final String SUBJECT = "newSubject";

    /** The {@link #thread} key of an HTML version of {@code content} (e-mail sends both, as alternatives). */
    public static final String HTML = "html";

    /** The {@link #thread} key of the one-click unsubscribe link of a marketing message (RFC 8058 headers). */
    public static final String UNSUBSCRIBE = "unsubscribeUrl";

    public OutboundMessage {
        thread = Map.copyOf(thread);
    }
}
