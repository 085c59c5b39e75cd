package org.oneplace.channel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.platform.StorableText;
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

    /** The {@link #details} key present when the provider's text had to be {@linkplain StorableText#repaired repaired}. */
    public static final String REPAIRED = "repaired";

    /**
     * A provider's message must be acknowledged whatever it carries, so text PostgreSQL cannot store (NUL, unpaired
     * surrogates) is repaired here, where every adapter's messages pass, and {@link #REPAIRED} records it.
     */
    public InboundMessage {
        String[] texts = {externalId, senderName, address, content, inReplyTo};
        boolean clean = true;
        for (String text : texts) {
            clean &= StorableText.storable(text);
        }
        for (Attachment attachment : attachments) {
            clean &= StorableText.storable(attachment.name())
                    && StorableText.storable(attachment.mimeType())
                    && StorableText.storable(attachment.ref());
        }
        for (Map.Entry<String, String> detail : details.entrySet()) {
            clean &= StorableText.storable(detail.getKey()) && StorableText.storable(detail.getValue());
        }
        if (!clean) {
            externalId = StorableText.repaired(externalId);
            senderName = StorableText.repairedOrNull(senderName);
            address = StorableText.repaired(address);
            content = StorableText.repaired(content);
            inReplyTo = StorableText.repairedOrNull(inReplyTo);
            attachments = attachments.stream()
                    .map(a -> new Attachment(
                            StorableText.repaired(a.type()),
                            StorableText.repairedOrNull(a.mimeType()),
                            StorableText.repairedOrNull(a.name()),
                            StorableText.repaired(a.ref())))
                    .toList();
            Map<String, String> repaired = new LinkedHashMap<>();
            details.forEach((k, v) -> repaired.put(StorableText.repaired(k), StorableText.repaired(v)));
            repaired.put(REPAIRED, "NUL characters removed and unpaired surrogates replaced by U+FFFD");
            details = repaired;
        }
        sender = List.copyOf(sender);
        attachments = List.copyOf(attachments);
        consent = List.copyOf(consent);
        details = Map.copyOf(details);
    }

    /** Whether the provider's text had to be repaired to be stored. */
    public boolean repaired() {
        return details.containsKey(REPAIRED);
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
