package org.oneplace.tracking;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tracked event as consumers read it by position.
 *
 * @param type as the timeline types it ({@code product_viewed}); {@code name} as the site sent it
 * @param properties the event's properties as JSON, null when it had none
 */
public record TrackedEvent(
        long position,
        UUID customerId,
        String type,
        @Nullable String name,
        @Nullable String properties,
        Instant occurredAt) {}
