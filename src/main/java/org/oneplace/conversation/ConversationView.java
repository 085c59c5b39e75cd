package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A conversation as the API shows it.
 *
 * @param status {@code open}, {@code resolved} or {@code merged} (then {@code mergedInto} names where it went)
 * @param waitingOn {@code agent} when the customer wrote last, {@code customer} when we did
 * @param lastChannel the channel the customer last wrote on: replies go there unless the agent picks another
 */
public record ConversationView(
        UUID id,
        UUID customerId,
        ConversationStatus status,
        Instant openedAt,
        @Nullable Instant resolvedAt,
        Instant lastMessageAt,
        String waitingOn,
        Instant waitingSince,
        @Nullable ChannelType lastChannel,
        @Nullable UUID lastChannelId,
        @Nullable UUID assigneeId,
        @Nullable String handoffSummary,
        @Nullable Integer csatScore,
        @Nullable UUID mergedInto) {}
