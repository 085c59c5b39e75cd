package org.oneplace.tracking;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tracked event as consumers read it by position.
 *
 * @param type as the timeline types it ({@code product_viewed}); {@code name} as the site sent it
 * @param properties the event's properties as JSON, null when it had none
 * @param channel the Oneplace channel code the event came from ({@code web}, {@code app}, {@code store} …)
 * @param anonymousId the device's id, when the source sent one
 * @param firstCustomerId the customer the event was resolved to when it arrived (merges move {@code customerId})
 */
public record TrackedEvent(
        long position,
        UUID customerId,
        String type,
        @Nullable String name,
        @Nullable String properties,
        Instant occurredAt,
        String channel,
        @Nullable String anonymousId,
        UUID firstCustomerId) {}
