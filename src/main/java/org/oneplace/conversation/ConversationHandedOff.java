package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;

/** A bot handed the conversation to people; routing assigns it. */
public record ConversationHandedOff(UUID conversationId, UUID customerId, String summary, Instant occurredAt) {}
