package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;

/** A customer answered the satisfaction survey of a resolved conversation (1–5; analytics averages it). */
public record SurveyAnswered(UUID conversationId, UUID customerId, int score, Instant occurredAt) {}
