package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A conversation started or reopened; {@code channelId} is where the customer wrote. */
public record ConversationOpened(
        UUID conversationId, UUID customerId, @Nullable UUID channelId, boolean reopened, Instant occurredAt) {}
