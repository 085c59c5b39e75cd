package org.oneplace.integration;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One message's delivery to an endpoint, as the delivery log shows it.
 *
 * @param messageId the {@code webhook-id} the receiver saw (the same on every attempt)
 * @param status {@code pending} (waiting for its turn or its next attempt), {@code sending}, {@code delivered} or
 *     {@code failed} (every attempt failed: replay it when the receiver is fixed)
 * @param lastResponse the first kilobyte of the last answer
 */
public record WebhookDeliveryView(
        UUID id,
        String messageId,
        String type,
        String status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable Integer lastStatus,
        @Nullable Integer lastMillis,
        @Nullable String lastResponse,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant deliveredAt) {}
