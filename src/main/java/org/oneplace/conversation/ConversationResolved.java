package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;

public record ConversationResolved(UUID conversationId, UUID customerId, Instant occurredAt) {}
