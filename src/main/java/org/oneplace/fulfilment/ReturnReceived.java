package org.oneplace.fulfilment;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * Returned goods arrived at a location (analytics counts returned units by channel of sale and of return).
 *
 * @param soldOn the channel the order was placed on
 * @param returnedOn the channel the return was started on, when it said
 * @param units the items that came back
 */
public record ReturnReceived(
        UUID returnId,
        UUID orderId,
        UUID customerId,
        ChannelType soldOn,
        @Nullable ChannelType returnedOn,
        String locationCode,
        int units,
        Instant occurredAt) {}
