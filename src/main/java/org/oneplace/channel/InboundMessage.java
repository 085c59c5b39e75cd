package org.oneplace.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/**
 * One message from a customer, in neutral form.
 *
 * @param externalId the provider's id, unique per channel account: a redelivery carries the same one
 * @param sender the identifiers the provider vouches for (and unverified claims), at least one
 * @param senderName the display name the provider gave, if any
 * @param address where replies go on this channel (a WhatsApp id, a phone number, a chat id)
 * @param kind {@code message}, {@code call} (phone system events) or {@code auto_reply} (never answered)
 * @param sentAt the provider's timestamp
 * @param inReplyTo the provider id of the message this one answers, if the provider says
 * @param consent consent choices the message itself expresses (an SMS "STOP")
 */
public record InboundMessage(
        String externalId,
        List<IdentifierClaim> sender,
        @Nullable String senderName,
        String address,
        String kind,
        String content,
        List<Attachment> attachments,
        Instant sentAt,
        @Nullable String inReplyTo,
        List<ConsentChoice> consent,
        Map<String, String> details) {

    public InboundMessage {
        sender = List.copyOf(sender);
        attachments = List.copyOf(attachments);
        consent = List.copyOf(consent);
        details = Map.copyOf(details);
    }

    /** A plain message with no attachments, reply reference or consent choice. */
    public static InboundMessage text(
            String externalId,
            List<IdentifierClaim> sender,
            @Nullable String senderName,
            String address,
            String text,
            Instant sentAt) {
        return new InboundMessage(
                externalId, sender, senderName, address, "message", text, List.of(), sentAt, null, List.of(), Map.of());
    }

    /** A file or media item; {@code ref} is the provider's media id or URL, not the bytes. */
    public record Attachment(
            String type,
            @Nullable String mimeType,
            @Nullable String name,
            String ref) {}

    /** A consent choice carried by a message, e.g. SMS STOP revoking every purpose on that channel. */
    public record ConsentChoice(ConsentPurpose purpose, ConsentStatus status, String evidence) {}
}
