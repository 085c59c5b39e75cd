package org.oneplace.tracking.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.shared.ChannelType;

/**
 * One Segment call, checked and ready to store.
 *
 * @param call the Segment call: track, page, screen, identify, group or alias
 * @param type what the timeline shows it as: {@code page_viewed}, {@code product_viewed}, {@code event}, …
 * @param device the device the session is kept for: the anonymous id, else the user id
 * @param traits the identify traits to apply to the customer, else empty
 */
public record IncomingEvent(
        UUID id,
        String messageId,
        String call,
        String type,
        @Nullable String name,
        ChannelType channel,
        UUID writeKeyId,
        @Nullable String anonymousId,
        @Nullable String userId,
        List<IdentifierClaim> identifiers,
        Instant occurredAt,
        Instant receivedAt,
        @Nullable Instant originalTimestamp,
        @Nullable Instant sentAt,
        @Nullable String properties,
        @Nullable String traitsJson,
        @Nullable String context,
        Map<String, Object> traits,
        String device) {

    public String source() {
        return "tracking:" + channel.code();
    }

    public boolean pageView() {
        return call.equals("page") || call.equals("screen");
    }
}
