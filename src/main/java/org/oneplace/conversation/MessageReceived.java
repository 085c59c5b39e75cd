package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A customer's message (or call) joined a conversation. */
public record MessageReceived(
        UUID conversationId,
        UUID messageId,
        UUID customerId,
        @Nullable UUID channelId,
        Instant occurredAt) {}
