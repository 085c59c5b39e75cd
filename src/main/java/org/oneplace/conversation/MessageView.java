package org.oneplace.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * One message of a conversation.
 *
 * @param direction {@code in} from the customer, {@code out} to them, {@code note} for staff only
 * @param kind {@code message}, {@code call}, {@code auto_reply}, {@code system} or {@code csat}
 * @param status for outbound messages: queued, retrying, sending, sent, delivered, read, failed or unknown;
 *     {@code received} for inbound ones, {@code internal} for notes
 * @param externalId the provider's id
 * @param error why a send failed or is unknown
 */
public record MessageView(
        UUID id,
        UUID conversationId,
        @Nullable ChannelType channel,
        @Nullable UUID channelId,
        String direction,
        Author author,
        String kind,
        String content,
        List<Map<String, Object>> attachments,
        Map<String, String> details,
        Instant createdAt,
        String status,
        @Nullable String externalId,
        @Nullable String error,
        @JsonProperty("private") boolean isPrivate) {

    /** Who wrote it: {@code customer}, {@code agent}, {@code bot} or {@code system}. */
    public record Author(
            String type, @Nullable String id, @Nullable String name) {}
}
