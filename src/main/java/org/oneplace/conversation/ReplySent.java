package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An agent or bot answered the customer (queued for sending); notes are not replies. */
public record ReplySent(
        UUID conversationId,
        UUID customerId,
        UUID messageId,
        String authorType,
        @Nullable String authorId,
        Instant occurredAt) {}
