package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A conversation was given to someone (or unassigned). */
public record ConversationAssigned(
        UUID conversationId, UUID customerId, @Nullable UUID assigneeId, Instant occurredAt) {}
