package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A customer's message (or call) joined a conversation.
 *
 * @param channel the kind of channel it came through
 * @param callId the phone system's id of the call, for a call's events
 * @param sentAt when the customer sent it (never after {@code occurredAt}, when it was taken in)
 */
public record MessageReceived(
        UUID conversationId,
        UUID messageId,
        UUID customerId,
        @Nullable UUID channelId,
        ChannelType channel,
        @Nullable String callId,
        Instant sentAt,
        Instant occurredAt) {}
